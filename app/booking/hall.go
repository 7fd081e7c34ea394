package booking

import (
	"context"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app"
)

// hall is a show's seats, kept in memory: they change only when an admin edits them.
type hall struct {
	layout podo.Layout
	seats  []podo.Seat
	has    map[string]bool
}

// hall returns a show's seats, from memory when it can.
func (s *Service) hall(ctx context.Context, showID int64) (hall, error) {
	if h, ok := s.halls.get(showID); ok {
		return h, nil
	}
	fresh := s.halls.stamp(showID)
	show, layout, err := s.db.ShowLayout(ctx, showID)
	if err != nil {
		return hall{}, err
	}
	h := hall{layout: layout, seats: layout.Seats(show.Price), has: map[string]bool{}}
	for _, seat := range h.seats {
		h.has[seat.Name] = true
	}
	s.halls.putIfUnchanged(showID, h, s.freshFor(10*time.Minute), fresh)
	return h, nil
}

// checkSeats refuses seats the hall does not have, before anything is asked of MySQL.
func (h hall) checkSeats(seats []string) error {
	var unknown []string
	for _, n := range seats {
		if !h.has[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return podo.SeatError(podo.EInvalid, "This show's hall has no seat "+strings.Join(unknown, ", ")+".", unknown)
	}
	return nil
}
