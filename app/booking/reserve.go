package booking

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/redis"
)

// bookTimeout bounds a booking's MySQL transaction and what follows it, which
// run on after the client hangs up: an outcome must always be known.
const bookTimeout = 10 * time.Second

// Reserve books seats for a user. The seat map in memory, or else one Redis
// round-trip, refuses seats that are taken, held, or in another booking right
// now; the seats' locks are tried without waiting, so nobody ever queues
// behind another buyer; MySQL decides; and what follows its decision happens
// even if the client has gone.
func (s *Service) Reserve(ctx context.Context, req podo.ReserveRequest) (podo.Reservation, error) {
	r, err := s.reserve(ctx, req)
	s.metrics.Reservations.WithLabelValues(outcome(err)).Inc()
	return r, err
}

func (s *Service) reserve(ctx context.Context, req podo.ReserveRequest) (podo.Reservation, error) {
	seats, err := podo.NormalizeSeats(req.Seats, s.opt.MaxSeats)
	if err != nil {
		return podo.Reservation{}, err
	}
	h, err := s.hall(ctx, req.ShowID)
	if err != nil {
		return podo.Reservation{}, err
	}
	if err := h.checkSeats(seats); err != nil {
		return podo.Reservation{}, err
	}
	// Seats this replica has heard sold, or its seat map shows sold, or held
	// or in a booking by someone else, are refused from memory: at an on-sale
	// most requests are for seats that went moments ago, and each of these
	// answers costs no Redis round-trip. Both are as fresh as the seat events
	// (a freed seat is refused only until its event arrives, as it shows grey
	// till then); the record of sold seats is there when the map, dropped by
	// every event, is not. Seats neither refuses are asked of Redis.
	if s.opt.Cache {
		err := s.sold.refusal(req.ShowID, req.UserID, seats)
		if m, ok := s.maps.get(req.ShowID); ok && err == nil {
			err = m.refusal(req.UserID, seats)
		}
		if err != nil {
			s.metrics.RefusedWithoutDB.Inc()
			return podo.Reservation{}, err
		}
	}
	again, err := s.refuse(ctx, req, seats)
	if err != nil {
		return podo.Reservation{}, err
	}
	claimed := false
	var unlock func()
	var busy string
	if !again {
		unlock, busy, err = s.rdb.TryLockSeats(ctx, req.ShowID, seats)
	}
	// With the locks taken, MySQL's read of the show and the seats' prices
	// goes out beside the claim: it is wasted only when the claim refuses.
	var bookable func() (podo.Bookable, error)
	if err == nil && !again {
		bookable = s.startBookable(ctx, req.ShowID, seats)
	}
	switch {
	case again:
		// A retry of a request that may still be in flight, holding the
		// locks: MySQL, which orders requests with the same key, answers as
		// that one did. No seat lock is taken or waited for.
	case errors.Is(err, redis.ErrSeatsBusy):
		s.metrics.RefusedWithoutDB.Inc()
		return podo.Reservation{}, lockedError([]string{busy})
	case err == nil:
		// Letting go waits for Redis, and the answer should not; the locks
		// expire by themselves anyway. It comes after settling, so whoever
		// takes a lock next finds the seats' record current.
		defer func() { go unlock() }()
		held := podo.SeatEvent{Type: podo.EventHeld, ShowID: req.ShowID, Seats: seats}
		cr, err := s.rdb.ClaimSeats(ctx, req.ShowID, req.UserID, seats, held)
		if err == nil && !cr.Claimed {
			// Whoever held the locks before us has just bought or held the seats.
			if err := conflictError(cr.Conflict); err != nil {
				s.metrics.RefusedWithoutDB.Inc()
				return podo.Reservation{}, err
			}
		}
		if claimed = cr.Claimed; claimed {
			s.forget(req.ShowID, false)
		}
	case errors.Is(err, redis.ErrDown):
		// No locks: MySQL's constraints still decide, requests just contend there.
	default:
		return podo.Reservation{}, err
	}
	// From here on the outcome is MySQL's, and neither the transaction nor
	// the bookkeeping after it stops when the client hangs up.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookTimeout)
	defer cancel()
	if bookable == nil {
		bookable = func() (podo.Bookable, error) { return s.db.Bookable(bg, req.ShowID, seats) }
	}
	var res podo.Reservation
	b, err := bookable()
	if err == nil {
		res, err = s.db.Book(bg, req.UserID, req.ShowID, seats, b, req.Idempotency)
	}
	s.settle(bg, req, seats, claimed, err)
	return res, err
}

// startBookable starts MySQL's read of the show and the seats' prices and
// returns what waits for it. The read goes on when the client hangs up or the
// booking is refused before it is needed: ending it would cost MySQL its
// connection.
func (s *Service) startBookable(ctx context.Context, showID int64, seats []string) func() (podo.Bookable, error) {
	type read struct {
		b   podo.Bookable
		err error
	}
	done := make(chan read, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookTimeout)
		defer cancel()
		b, err := s.db.Bookable(ctx, showID, seats)
		done <- read{b, err}
	}()
	return func() (podo.Bookable, error) {
		r := <-done
		return r.b, r.err
	}
}

// refuse answers from one Redis round-trip whether any of the seats is taken,
// held by another user or in another booking right now, and whether a request
// with the same Idempotency-Key came before (again). When Redis cannot say, it
// refuses nothing: MySQL will decide.
func (s *Service) refuse(ctx context.Context, req podo.ReserveRequest, seats []string) (again bool, err error) {
	key := ""
	if req.Idempotency != nil {
		key = req.Idempotency.Key
	}
	sc, err := s.conflicts(ctx, req.ShowID, req.UserID, seats, key)
	if err != nil {
		return false, nil
	}
	if err := conflictError(sc); err != nil {
		s.metrics.RefusedWithoutDB.Inc()
		return sc.Again, err
	}
	return sc.Again, nil
}

// settle brings Redis and every replica in line with MySQL's decision.
func (s *Service) settle(ctx context.Context, req podo.ReserveRequest, seats []string, claimed bool, err error) {
	show := req.ShowID
	var pe *podo.Error
	switch code := podo.ErrorCode(err); {
	case err == nil:
		s.metrics.BookingTx.WithLabelValues("committed").Inc()
		ev := podo.SeatEvent{Type: podo.EventReserved, ShowID: show, Seats: seats, Buyer: req.UserID}
		if err := s.rdb.Committed(ctx, show, req.UserID, seats, ev); err != nil {
			s.invalidate(ctx, show)
			s.deliver(ev)
		}
		s.forget(show, false)
		return
	case code == podo.EInternal || code == podo.EUnavailable || code == podo.EOutcomeUnknown:
		// The transaction may or may not have committed: Redis forgets the
		// show's taken seats and rebuilds them from MySQL.
		s.metrics.BookingTx.WithLabelValues("error").Inc()
		s.invalidate(ctx, show)
	case errors.As(err, &pe) && pe.Code == podo.ESeatTaken && len(pe.Seats) > 0:
		// MySQL knows of a sale Redis missed: Redis learns it, and so does everybody.
		s.metrics.BookingTx.WithLabelValues("conflict").Inc()
		if err := s.rdb.MarkReserved(ctx, show, pe.Seats); err != nil {
			s.invalidate(ctx, show)
		}
		s.publish(ctx, podo.SeatEvent{Type: podo.EventReserved, ShowID: show, Seats: pe.Seats})
		seats = slices.DeleteFunc(slices.Clone(seats), func(seat string) bool { return slices.Contains(pe.Seats, seat) })
	default:
		s.metrics.BookingTx.WithLabelValues("conflict").Inc()
	}
	if claimed {
		// The seats shown held during the attempt are free again.
		freed := podo.SeatEvent{Type: podo.EventReleased, ShowID: show, Seats: seats}
		if err := s.rdb.Unclaim(ctx, show, req.UserID, seats, freed); err != nil {
			s.deliver(freed)
		}
		s.forget(show, false)
	}
}

// invalidate makes Redis forget a show's taken seats when a write that should
// have corrected them failed, so the next reader rebuilds them from MySQL: a
// missing record costs a reload, a wrong one misleads. While Redis refuses
// even that, Run keeps trying.
func (s *Service) invalidate(ctx context.Context, showID int64) {
	s.forget(showID, false)
	s.sold.drop(showID)
	if err := s.rdb.Forget(ctx, showID); err != nil {
		s.dmu.Lock()
		s.dirty[showID] = true
		s.dmu.Unlock()
	}
}

// repair retries the invalidations that Redis refused.
func (s *Service) repair(ctx context.Context) {
	s.dmu.Lock()
	shows := make([]int64, 0, len(s.dirty))
	for id := range s.dirty {
		shows = append(shows, id)
	}
	s.dmu.Unlock()
	for _, id := range shows {
		if s.rdb.Forget(ctx, id) == nil {
			s.dmu.Lock()
			delete(s.dirty, id)
			s.dmu.Unlock()
		}
	}
}

// conflicts asks Redis which seats are taken, held or locked by others,
// loading the show's taken seats once if Redis forgot them.
func (s *Service) conflicts(ctx context.Context, showID, userID int64, seats []string, requestKey string) (redis.SeatConflict, error) {
	sc, err := s.rdb.Conflicts(ctx, showID, userID, seats, requestKey)
	if errors.Is(err, redis.ErrUnknown) {
		if _, _, err = s.loadTaken(ctx, showID); err != nil {
			return sc, err
		}
		sc, err = s.rdb.Conflicts(ctx, showID, userID, seats, requestKey)
	}
	return sc, err
}

// conflictError turns what Redis found into the refusal a buyer sees, the
// most final reason first. Seats Redis knows other users bought are marked so
// (podo.ErrTakenByOthers): no earlier request of this user can have had them.
func conflictError(sc redis.SeatConflict) error {
	switch {
	case len(sc.Taken) > 0:
		err := podo.SeatError(podo.ESeatTaken, "Sorry, "+strings.Join(sc.Taken, ", ")+" is already reserved.", sc.Taken)
		if !sc.TakenMayBeMine {
			return podo.TakenByOthers(err)
		}
		return err
	case len(sc.Locked) > 0:
		return lockedError(sc.Locked)
	case len(sc.Held) > 0:
		return podo.SeatError(podo.ESeatHeld, strings.Join(sc.Held, ", ")+" is being held by someone else right now. Try other seats, or again in a few minutes.", sc.Held)
	}
	return nil
}

func lockedError(seats []string) error {
	return podo.SeatError(podo.ESeatLocked, "Someone is booking "+strings.Join(seats, ", ")+" right now. Pick other seats, or try again in a moment.", seats)
}

func outcome(err error) string {
	if errors.Is(err, context.Canceled) {
		return contract.OutcomeCanceled // the client gave up before MySQL was asked
	}
	switch podo.ErrorCode(err) {
	case "":
		return contract.OutcomeReserved
	case podo.ESeatTaken:
		return contract.OutcomeSeatTaken
	case podo.ESeatHeld:
		return contract.OutcomeSeatHeld
	case podo.ESeatLocked:
		return contract.OutcomeSeatLocked
	case podo.EAlreadyReserved:
		return contract.OutcomeAlreadyReserved
	case podo.EInvalid, podo.ENotFound:
		return contract.OutcomeInvalid
	}
	return contract.OutcomeError
}
