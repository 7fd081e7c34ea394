// Package booking is where MySQL and Redis meet: it answers seat maps, holds
// seats, reserves and cancels. Redis is asked first so that most refusals cost
// no MySQL round-trip and competing requests queue on seat locks instead of on
// database rows; MySQL's transaction then decides. Any Redis failure makes a
// step slower or skipped, never a booking wrong.
package booking

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
	"github.com/podo-tickets/podo/app/mysql"
	"github.com/podo-tickets/podo/app/redis"
)

// Options tune the service.
type Options struct {
	HoldTTL  time.Duration
	MaxSeats int
	LockWait time.Duration
	Cache    bool // off: every read goes to MySQL (to measure what the caches buy)
}

// Service implements podo.BookingService and podo.ShowService.
type Service struct {
	db      *mysql.DB
	rdb     *redis.Client
	sub     *redis.Subscription
	metrics *metrics.Metrics
	opt     Options

	// OnEvent receives every seat event from every replica (set before Run).
	OnEvent func(podo.SeatEvent)
	// OnResync is called when events may have been missed.
	OnResync func()

	flight   singleflight.Group
	wmu      sync.Mutex
	watchers map[int64]map[*watcher]struct{} // requests waiting for seat locks, by show
	mu       sync.Mutex
	maps     map[int64]cachedMap
	halls    map[int64]hall
	pages    map[podo.ShowFilter]cachedPage
}

type cachedMap struct {
	body    []byte
	expires time.Time
}

type cachedPage struct {
	page    podo.ShowPage
	expires time.Time
}

// hall is a show's seats, kept in memory: they change only when an admin edits them.
type hall struct {
	layout  podo.Layout
	seats   []podo.Seat
	has     map[string]bool
	expires time.Time
}

// New returns a service over MySQL and Redis.
func New(db *mysql.DB, rdb *redis.Client, m *metrics.Metrics, opt Options) *Service {
	s := &Service{db: db, rdb: rdb, sub: rdb.Subscribe(), metrics: m, opt: opt,
		OnEvent: func(podo.SeatEvent) {}, OnResync: func() {},
		maps: map[int64]cachedMap{}, halls: map[int64]hall{}, pages: map[podo.ShowFilter]cachedPage{},
		watchers: map[int64]map[*watcher]struct{}{}}
	return s
}

// Run listens for seat events from all replicas and sweeps expired holds until ctx ends.
func (s *Service) Run(ctx context.Context) {
	go s.sub.Run(ctx, s.deliver, func() {
		s.forgetAll()
		s.OnResync()
	})
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.sweep(ctx)
		}
	}
}

func (s *Service) sweep(ctx context.Context) {
	expired, err := s.rdb.SweepExpiredHolds(ctx)
	if err != nil {
		return
	}
	for show, seats := range expired {
		s.publish(ctx, podo.SeatEvent{Type: podo.EventReleased, ShowID: show, Seats: seats})
	}
}

// publish tells every replica about a change. Without Redis only this replica hears it.
func (s *Service) publish(ctx context.Context, ev podo.SeatEvent) {
	s.forget(ev.ShowID, ev.Type == podo.EventLayout)
	if err := s.rdb.Publish(ctx, ev); err != nil {
		s.deliver(ev)
	}
}

func (s *Service) deliver(ev podo.SeatEvent) {
	s.forget(ev.ShowID, ev.Type == podo.EventLayout)
	if ev.Type == podo.EventReserved {
		s.wakeWatchers(ev)
	}
	s.OnEvent(ev)
}

// watcher is a request waiting for seat locks, to be told when its seats sell.
type watcher struct {
	seats  []string
	cancel context.CancelFunc
}

// watchSeats returns a context that ends when any of the seats is reserved.
func (s *Service) watchSeats(ctx context.Context, showID int64, seats []string) (context.Context, func()) {
	wctx, cancel := context.WithCancel(ctx)
	w := &watcher{seats: seats, cancel: cancel}
	s.wmu.Lock()
	if s.watchers[showID] == nil {
		s.watchers[showID] = map[*watcher]struct{}{}
	}
	s.watchers[showID][w] = struct{}{}
	s.wmu.Unlock()
	return wctx, func() {
		s.wmu.Lock()
		delete(s.watchers[showID], w)
		if len(s.watchers[showID]) == 0 {
			delete(s.watchers, showID)
		}
		s.wmu.Unlock()
		cancel()
	}
}

func (s *Service) wakeWatchers(ev podo.SeatEvent) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for w := range s.watchers[ev.ShowID] {
		for _, seat := range w.seats {
			if slices.Contains(ev.Seats, seat) {
				w.cancel()
				break
			}
		}
	}
}

func (s *Service) forget(showID int64, hallToo bool) {
	s.mu.Lock()
	delete(s.maps, showID)
	if hallToo {
		delete(s.halls, showID)
	}
	s.mu.Unlock()
}

func (s *Service) forgetAll() {
	s.mu.Lock()
	clear(s.maps)
	clear(s.halls)
	s.mu.Unlock()
}

// freshFor is how long something cached in memory may be trusted: long while
// every change is heard over pub/sub, a second while it is not.
func (s *Service) freshFor(d time.Duration) time.Time {
	if s.sub.Active() {
		return time.Now().Add(d)
	}
	return time.Now().Add(time.Second)
}

// hall returns a show's seats, from memory when it can.
func (s *Service) hall(ctx context.Context, showID int64) (hall, error) {
	s.mu.Lock()
	h, ok := s.halls[showID]
	s.mu.Unlock()
	if ok && time.Now().Before(h.expires) {
		return h, nil
	}
	show, layout, err := s.db.ShowLayout(ctx, showID)
	if err != nil {
		return h, err
	}
	h = hall{layout: layout, seats: layout.Seats(show.Price), has: map[string]bool{}, expires: s.freshFor(10 * time.Minute)}
	for _, seat := range h.seats {
		h.has[seat.Name] = true
	}
	s.mu.Lock()
	s.halls[showID] = h
	s.mu.Unlock()
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

// SeatMap returns the show's seat map as JSON, the same bytes for everybody.
func (s *Service) SeatMap(ctx context.Context, showID int64) ([]byte, error) {
	if s.opt.Cache {
		s.mu.Lock()
		c, ok := s.maps[showID]
		s.mu.Unlock()
		if ok && time.Now().Before(c.expires) {
			s.metrics.CacheResult("seatmap", true)
			return c.body, nil
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

func (s *Service) renderSeatMap(ctx context.Context, showID int64) ([]byte, error) {
	h, err := s.hall(ctx, showID)
	if err != nil {
		return nil, err
	}
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
		s.mu.Lock()
		s.maps[showID] = cachedMap{body: body, expires: exp}
		s.mu.Unlock()
	}
	return body, nil
}

// shared runs fn once for all concurrent callers with the same key. The work
// is detached from the request that happened to start it: one caller hanging
// up must not fail the others waiting on it.
func (s *Service) shared(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	v, err, _ := s.flight.Do(key, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		return fn(ctx)
	})
	return v, err
}

// loadTaken fills Redis's record of a show's taken seats from MySQL.
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

// conflicts asks Redis which seats are taken or held by others, loading the
// show's taken seats once if Redis forgot them.
func (s *Service) conflicts(ctx context.Context, showID, userID int64, seats []string) (redis.SeatConflict, error) {
	sc, err := s.rdb.Conflicts(ctx, showID, userID, seats)
	if errors.Is(err, redis.ErrUnknown) {
		if _, err = s.loadTaken(ctx, showID); err != nil {
			return sc, err
		}
		sc, err = s.rdb.Conflicts(ctx, showID, userID, seats)
	}
	return sc, err
}

func conflictError(sc redis.SeatConflict) error {
	if len(sc.Taken) > 0 {
		return podo.SeatError(podo.ESeatTaken, "Sorry, "+strings.Join(sc.Taken, ", ")+" is already reserved.", sc.Taken)
	}
	if len(sc.Held) > 0 {
		return podo.SeatError(podo.ESeatHeld, strings.Join(sc.Held, ", ")+" is being held by someone else right now. Try other seats, or again in a few minutes.", sc.Held)
	}
	return nil
}

// Reserve books seats for a user: checks in Redis, locks the seats, lets MySQL
// decide, then tells everybody.
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
	if sc, err := s.conflicts(ctx, req.ShowID, req.UserID, seats); err == nil {
		if err := conflictError(sc); err != nil {
			s.metrics.RefusedWithoutDB.Inc()
			return podo.Reservation{}, err
		}
	}
	// Waiting for a seat is pointless once someone has bought it: the wait ends
	// at the news (over pub/sub, from any replica) and the request is refused.
	wctx, stopWatching := s.watchSeats(ctx, req.ShowID, seats)
	unlock, err := s.rdb.LockSeats(wctx, req.ShowID, seats, s.opt.LockWait)
	bought := wctx.Err() != nil && ctx.Err() == nil
	stopWatching()
	switch {
	case err != nil && bought:
		if sc, cerr := s.rdb.Conflicts(ctx, req.ShowID, req.UserID, seats); cerr == nil && conflictError(sc) != nil {
			s.metrics.RefusedWithoutDB.Inc()
			return podo.Reservation{}, conflictError(sc)
		}
		return podo.Reservation{}, podo.SeatError(podo.ESeatTaken, "Sorry, some of "+strings.Join(seats, ", ")+" has just been reserved by someone else.", seats)
	case errors.Is(err, redis.ErrLockTimeout):
		return podo.Reservation{}, podo.SeatError(podo.ESeatLockTimeout, "Many people are trying for "+strings.Join(seats, ", ")+" right now. Please try again.", seats)
	case err == nil:
		// Releasing waits for Redis; with Redis gone it would hold the answer
		// back until Redis returned. The locks expire by themselves anyway.
		defer func() { go unlock() }()
		// Whoever held the locks before us may have just bought the seats.
		if sc, err := s.rdb.Conflicts(ctx, req.ShowID, req.UserID, seats); err == nil {
			if err := conflictError(sc); err != nil {
				s.metrics.RefusedWithoutDB.Inc()
				return podo.Reservation{}, err
			}
		}
	case errors.Is(err, redis.ErrDown):
		// No locks: MySQL's constraints still decide, requests just contend there.
	default:
		return podo.Reservation{}, err
	}
	res, err := s.db.Reserve(ctx, req.UserID, req.ShowID, seats, req.Idempotency)
	switch code := podo.ErrorCode(err); {
	case err == nil:
		s.metrics.BookingTx.WithLabelValues("committed").Inc()
	case code == podo.EInternal:
		s.metrics.BookingTx.WithLabelValues("error").Inc()
		return res, err
	default:
		s.metrics.BookingTx.WithLabelValues("conflict").Inc()
		var pe *podo.Error
		if errors.As(err, &pe) && pe.Code == podo.ESeatTaken && len(pe.Seats) > 0 {
			_ = s.rdb.MarkReserved(ctx, req.ShowID, pe.Seats)
		}
		return res, err
	}
	_ = s.rdb.MarkReserved(ctx, req.ShowID, seats)
	_ = s.rdb.CacheDelete(ctx, redis.PopularKey, redis.NewestKey)
	s.publish(ctx, podo.SeatEvent{Type: podo.EventReserved, ShowID: req.ShowID, Seats: seats})
	return res, nil
}

func outcome(err error) string {
	switch podo.ErrorCode(err) {
	case "":
		return contract.OutcomeReserved
	case podo.ESeatTaken:
		return contract.OutcomeSeatTaken
	case podo.ESeatHeld:
		return contract.OutcomeSeatHeld
	case podo.EAlreadyReserved:
		return contract.OutcomeAlreadyReserved
	case podo.ESeatLockTimeout:
		return contract.OutcomeLockTimeout
	case podo.EInvalid, podo.ENotFound:
		return contract.OutcomeInvalid
	}
	return contract.OutcomeError
}

// Cancel cancels a user's reservation and puts its seats back on sale.
func (s *Service) Cancel(ctx context.Context, userID, reservationID int64) (podo.Reservation, error) {
	r, err := s.db.Cancel(ctx, userID, reservationID)
	if err != nil {
		return r, err
	}
	_ = s.rdb.MarkCancelled(ctx, r.ShowID, r.Seats)
	_ = s.rdb.CacheDelete(ctx, redis.PopularKey, redis.NewestKey)
	s.publish(ctx, podo.SeatEvent{Type: podo.EventCancelled, ShowID: r.ShowID, Seats: r.Seats})
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

var (
	_ podo.BookingService = (*Service)(nil)
	_ podo.ShowService    = (*Service)(nil)
)
