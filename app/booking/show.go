package booking

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// FindShows returns a page of shows. Anonymous pages are the same for
// everybody and are kept in memory for a second, which absorbs a rush of
// readers without letting counts drift far.
func (s *Service) FindShows(ctx context.Context, f podo.ShowFilter) (podo.ShowPage, error) {
	if !s.opt.Cache || f.UserID != 0 {
		return s.db.FindShows(ctx, f)
	}
	if page, ok := s.pages.get(f); ok {
		s.metrics.CacheResult("shows", true)
		return page, nil
	}
	s.metrics.CacheResult("shows", false)
	v, err := s.shared(ctx, "page:"+string(f.Sort)+":"+strconv.Itoa(f.Page)+":"+strconv.Itoa(f.PageSize), func(ctx context.Context) (any, error) {
		return s.db.FindShows(ctx, f)
	})
	if err != nil {
		return podo.ShowPage{}, err
	}
	page := v.(podo.ShowPage)
	s.pages.put(f, page, time.Now().Add(time.Second))
	return page, nil
}

// FindShow returns one show, with the user's reservation on it.
func (s *Service) FindShow(ctx context.Context, id, userID int64) (podo.Show, error) {
	return s.db.FindShow(ctx, id, userID)
}

// Popular returns the five most reserved shows.
func (s *Service) Popular(ctx context.Context) ([]podo.Show, error) {
	return s.top(ctx, redis.PopularKey, podo.SortPopular)
}

// Newest returns the five most recently added shows.
func (s *Service) Newest(ctx context.Context) ([]podo.Show, error) {
	return s.top(ctx, redis.NewestKey, podo.SortLatest)
}

func (s *Service) top(ctx context.Context, key string, sort podo.ShowSort) ([]podo.Show, error) {
	if s.opt.Cache {
		if b, ok, err := s.rdb.CacheGet(ctx, key); err == nil && ok {
			var shows []podo.Show
			if json.Unmarshal(b, &shows) == nil {
				s.metrics.CacheResult("top5", true)
				return shows, nil
			}
		}
		s.metrics.CacheResult("top5", false)
	}
	shows, err := s.db.TopShows(ctx, sort, 5)
	if err != nil {
		return nil, err
	}
	if s.opt.Cache {
		b, _ := json.Marshal(shows)
		_ = s.rdb.CacheSet(ctx, key, b, redis.CacheTTL)
	}
	return shows, nil
}

// CreateShow adds a show.
func (s *Service) CreateShow(ctx context.Context, in podo.ShowInput) (podo.Show, error) {
	show, err := s.db.CreateShow(ctx, in)
	if err == nil {
		_ = s.rdb.CacheDelete(ctx, redis.PopularKey, redis.NewestKey)
	}
	return show, err
}

// UpdateShow edits a show's details.
func (s *Service) UpdateShow(ctx context.Context, id int64, in podo.ShowInput) (podo.Show, error) {
	show, err := s.db.UpdateShow(ctx, id, in)
	if err == nil {
		_ = s.rdb.CacheDelete(ctx, redis.PopularKey, redis.NewestKey)
		s.publish(ctx, podo.SeatEvent{Type: podo.EventLayout, ShowID: id, Seats: []string{}})
	}
	return show, err
}

// UpdateLayout replaces a show's hall and returns its new seat map.
func (s *Service) UpdateLayout(ctx context.Context, id int64, l podo.Layout) (podo.SeatMap, error) {
	var sm podo.SeatMap
	if err := s.db.UpdateLayout(ctx, id, l); err != nil {
		return sm, err
	}
	_ = s.rdb.CacheDelete(ctx, redis.PopularKey, redis.NewestKey)
	s.publish(ctx, podo.SeatEvent{Type: podo.EventLayout, ShowID: id, Seats: []string{}})
	b, err := s.SeatMap(ctx, id)
	if err != nil {
		return sm, err
	}
	return sm, json.Unmarshal(b, &sm)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
