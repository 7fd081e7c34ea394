package booking

import (
	"context"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// Cancel cancels a user's reservation and puts its seats back on sale. Like a
// booking, it runs to the end once MySQL is asked, even if the client hangs up.
func (s *Service) Cancel(ctx context.Context, userID, reservationID int64) (podo.Reservation, error) {
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookTimeout)
	defer cancel()
	r, err := s.db.Cancel(bg, userID, reservationID)
	if podo.ErrorCode(err) == podo.EOutcomeUnknown && r.ShowID != 0 {
		// The seats may be free again: Redis rebuilds the show's record from MySQL.
		s.invalidate(bg, r.ShowID)
	}
	if err != nil {
		return r, err
	}
	if err := s.rdb.MarkCancelled(bg, r.ShowID, r.Seats); err != nil {
		s.invalidate(bg, r.ShowID)
	}
	_ = s.rdb.CacheDelete(bg, redis.PopularKey, redis.NewestKey)
	s.publish(bg, podo.SeatEvent{Type: podo.EventCancelled, ShowID: r.ShowID, Seats: r.Seats})
	return r, nil
}

// MyReservations lists a user's active reservations.
func (s *Service) MyReservations(ctx context.Context, userID int64) ([]podo.Reservation, error) {
	return s.db.MyReservations(ctx, userID)
}

// FindOutcome returns the stored first outcome of a request, if any.
func (s *Service) FindOutcome(ctx context.Context, userID int64, key string) (*podo.StoredOutcome, error) {
	return s.db.FindOutcome(ctx, userID, key)
}

// SaveOutcome stores a refusal as a request's first outcome.
func (s *Service) SaveOutcome(ctx context.Context, userID int64, key string, o podo.StoredOutcome) error {
	return s.db.SaveOutcome(ctx, userID, key, o)
}
