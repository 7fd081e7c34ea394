package booking

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// SeatMap returns the show's seat map as JSON, the same bytes for everybody.
func (s *Service) SeatMap(ctx context.Context, showID int64) ([]byte, error) {
	if s.opt.Cache {
		if body, ok := s.maps.get(showID); ok {
			s.metrics.CacheResult("seatmap", true)
			return body, nil
		}
		s.metrics.CacheResult("seatmap", false)
	}
	v, err := s.shared(ctx, "seats:"+itoa(showID), func(ctx context.Context) (any, error) {
		return s.renderSeatMap(ctx, showID)
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// renderSeatMap builds the map from the hall in memory and, in one Redis
// round-trip, the seats taken, held and in bookings right now; without Redis,
// from MySQL (no holds then).
func (s *Service) renderSeatMap(ctx context.Context, showID int64) ([]byte, error) {
	h, err := s.hall(ctx, showID)
	if err != nil {
		return nil, err
	}
	fresh := s.maps.stamp(showID)
	var st redis.SeatState
	var taken []string
	if s.opt.Cache {
		st, err = s.rdb.SeatState(ctx, showID)
		taken = st.Taken
		if errors.Is(err, redis.ErrUnknown) {
			taken, err = s.loadTaken(ctx, showID)
		}
	}
	if !s.opt.Cache || errors.Is(err, redis.ErrDown) {
		taken, err = s.db.ReservedSeats(ctx, showID)
	}
	if err != nil {
		return nil, err
	}
	sm := h.layout.SeatMap(showID, h.seats)
	isTaken := make(map[string]bool, len(taken))
	for _, t := range taken {
		isTaken[t] = true
	}
	for i := range sm.Seats {
		switch name := sm.Seats[i].Name; {
		case isTaken[name]:
			sm.Seats[i].Status = podo.SeatReserved
		case st.Held[name] != 0:
			sm.Seats[i].Status = podo.SeatHeld
		}
	}
	body, err := json.Marshal(sm)
	if err != nil {
		return nil, err
	}
	if s.opt.Cache {
		exp := s.freshFor(redis.CacheTTL)
		if !st.NextExpiry.IsZero() && st.NextExpiry.Before(exp) {
			exp = st.NextExpiry
		}
		s.maps.putIfUnchanged(showID, body, exp, fresh)
	}
	return body, nil
}

// loadTaken fills Redis's record of a show's taken seats from MySQL. The
// generation read first makes the write lose to any booking or cancel that
// commits in between (each moves it), so the record never misses a sale.
func (s *Service) loadTaken(ctx context.Context, showID int64) ([]string, error) {
	gen, err := s.rdb.TakenGeneration(ctx, showID)
	if err != nil {
		return nil, err
	}
	taken, err := s.db.ReservedSeats(ctx, showID)
	if err != nil {
		return nil, err
	}
	_ = s.rdb.LoadTaken(ctx, showID, gen, taken)
	return taken, nil
}
