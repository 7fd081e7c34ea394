package booking

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// SetHold replaces the user's hold on a show with exactly seats (none releases it).
func (s *Service) SetHold(ctx context.Context, userID, showID int64, seats []string) (podo.Hold, error) {
	hold := podo.Hold{ShowID: showID, Seats: []string{}}
	h, err := s.hall(ctx, showID)
	if err != nil {
		return hold, err
	}
	if len(seats) > 0 {
		if seats, err = podo.NormalizeSeats(seats, s.opt.MaxSeats); err != nil {
			return hold, err
		}
		if err := h.checkSeats(seats); err != nil {
			return hold, err
		}
	}
	hr, err := s.rdb.SetHold(ctx, showID, userID, seats, s.opt.HoldTTL)
	if errors.Is(err, redis.ErrUnknown) {
		if _, _, err = s.loadTaken(ctx, showID); err == nil {
			hr, err = s.rdb.SetHold(ctx, showID, userID, seats, s.opt.HoldTTL)
		}
	}
	if errors.Is(err, redis.ErrDown) {
		s.metrics.Holds.WithLabelValues("unavailable").Inc()
		return hold, podo.Errorf(podo.EUnavailable, "Seats cannot be held right now. You can still reserve them directly.")
	} else if err != nil {
		return hold, err
	}
	if err := conflictError(hr.Conflict); err != nil {
		s.metrics.Holds.WithLabelValues(podo.ErrorCode(err)).Inc()
		return hold, err
	}
	s.metrics.Holds.WithLabelValues("held").Inc()
	if len(hr.Released) > 0 {
		s.publish(ctx, podo.SeatEvent{Type: podo.EventReleased, ShowID: showID, Seats: hr.Released})
	}
	if len(seats) > 0 {
		s.publish(ctx, podo.SeatEvent{Type: podo.EventHeld, ShowID: showID, Seats: seats})
		exp := hr.ExpiresAt
		hold.Seats, hold.ExpiresAt = seats, &exp
	}
	return hold, nil
}

// MyHold returns the user's live hold on a show; none while Redis is down.
func (s *Service) MyHold(ctx context.Context, userID, showID int64) (podo.Hold, error) {
	hold := podo.Hold{ShowID: showID, Seats: []string{}}
	if _, err := s.hall(ctx, showID); err != nil {
		return hold, err
	}
	seats, exp, err := s.rdb.Hold(ctx, showID, userID)
	if err != nil {
		return hold, nil
	}
	slices.Sort(seats)
	hold.Seats = seats
	if !exp.IsZero() {
		e := exp.UTC().Truncate(time.Millisecond)
		hold.ExpiresAt = &e
	}
	return hold, nil
}
