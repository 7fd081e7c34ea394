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
		if m, ok := s.maps.get(showID); ok {
			s.metrics.CacheResult("seatmap", true)
			return m.body, nil
		}
		s.metrics.CacheResult("seatmap", false)
	}
	v, err := s.shared(ctx, "seats:"+itoa(showID), func(ctx context.Context) (any, error) {
		return s.renderSeatMap(ctx, showID)
	})
	if err != nil {
		return nil, err
	}
	return v.(seatMap).body, nil
}

// seatMap is a show's seat map as served, with what it was made of.
type seatMap struct {
	body    []byte
	taken   map[string]bool
	buyers  redis.Buyers     // of the taken seats
	held    map[string]int64 // seat -> user holding it or booking it right now
	booking map[string]bool  // seats of held in a booking right now
}

// refusal is the answer a buyer of seats gets from what the map shows, or nil
// when it shows them free (to this user): a seat the map shows sold, or held
// or in a booking by someone else, is refused as a look at Redis would.
func (m seatMap) refusal(userID int64, seats []string) error {
	sc := redis.SeatConflict{TakenMayBeMine: m.buyers.MayInclude(userID)}
	for _, seat := range seats {
		switch user := m.held[seat]; {
		case m.taken[seat]:
			sc.Taken = append(sc.Taken, seat)
		case user != 0 && user != userID && m.booking[seat]:
			sc.Locked = append(sc.Locked, seat)
		case user != 0 && user != userID:
			sc.Held = append(sc.Held, seat)
		}
	}
	return conflictError(sc)
}

// renderSeatMap builds the map from the hall in memory and, in one Redis
// round-trip, the seats taken, held and in bookings right now; without Redis,
// from MySQL (no holds then).
func (s *Service) renderSeatMap(ctx context.Context, showID int64) (seatMap, error) {
	h, err := s.hall(ctx, showID)
	if err != nil {
		return seatMap{}, err
	}
	fresh, soldFresh := s.maps.stamp(showID), s.sold.stamp(showID)
	var st redis.SeatState
	var buyers []int64
	if s.opt.Cache {
		st, err = s.rdb.SeatState(ctx, showID)
		if errors.Is(err, redis.ErrUnknown) {
			st.Taken, buyers, err = s.loadTaken(ctx, showID)
		}
	}
	if !s.opt.Cache || errors.Is(err, redis.ErrDown) {
		st.Taken, buyers, err = s.db.ReservedSeats(ctx, showID)
	}
	if err != nil {
		return seatMap{}, err
	}
	for _, u := range buyers { // read from MySQL
		st.Buyers.Add(u)
	}
	taken := st.Taken
	if s.opt.Cache {
		s.sold.learn(showID, soldFresh, taken, st.Buyers, s.freshFor(soldFor))
	}
	sm := h.layout.SeatMap(showID, h.seats)
	m := seatMap{taken: make(map[string]bool, len(taken)), buyers: st.Buyers, held: st.Held, booking: st.Booking}
	for _, t := range taken {
		m.taken[t] = true
	}
	for i := range sm.Seats {
		switch name := sm.Seats[i].Name; {
		case m.taken[name]:
			sm.Seats[i].Status = podo.SeatReserved
		case st.Held[name] != 0:
			sm.Seats[i].Status = podo.SeatHeld
		}
	}
	m.body, err = json.Marshal(sm)
	if err != nil {
		return seatMap{}, err
	}
	if s.opt.Cache {
		exp := s.freshFor(redis.CacheTTL)
		if !st.NextExpiry.IsZero() && st.NextExpiry.Before(exp) {
			exp = st.NextExpiry
		}
		s.maps.putIfUnchanged(showID, m, exp, fresh)
	}
	return m, nil
}

// loadTaken fills Redis's record of a show's taken seats from MySQL. The
// generation read first makes the write lose to any booking or cancel that
// commits in between (each moves it), so the record never misses a sale.
func (s *Service) loadTaken(ctx context.Context, showID int64) (taken []string, buyers []int64, err error) {
	gen, err := s.rdb.TakenGeneration(ctx, showID)
	if err != nil {
		return nil, nil, err
	}
	taken, buyers, err = s.db.ReservedSeats(ctx, showID)
	if err != nil {
		return nil, nil, err
	}
	_ = s.rdb.LoadTaken(ctx, showID, gen, taken, buyers)
	return taken, buyers, nil
}
