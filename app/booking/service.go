// Package booking is where MySQL and Redis meet: it answers seat maps, holds
// seats, reserves and cancels. The seat map in memory, then Redis, are asked
// first, so that most refusals cost no round-trip or one to Redis and none to
// MySQL, and a seat in somebody's booking is refused at once instead of queued
// for; MySQL's transaction then decides. Any Redis failure makes a step slower
// or skipped, never a booking wrong.
package booking

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/metrics"
)

// Options tune the service.
type Options struct {
	HoldTTL  time.Duration
	MaxSeats int
	Cache    bool // off: every read goes to MySQL (to measure what the caches buy)
}

// Service implements podo.BookingService and podo.ShowService.
type Service struct {
	db      DB
	rdb     Redis
	events  Events
	metrics *metrics.Metrics
	opt     Options

	// OnEvent receives every seat event from every replica (set before Run).
	OnEvent func(podo.SeatEvent)
	// OnResync is called when events may have been missed.
	OnResync func()

	flight singleflight.Group
	maps   *ttlCache[int64, seatMap]                 // seat maps by show
	sold   *soldSeats                                // seats known sold, by show
	halls  *ttlCache[int64, hall]                    // seats by show
	pages  *ttlCache[podo.ShowFilter, podo.ShowPage] // anonymous show lists

	// Shows whose Redis record could not be corrected after a commit or a
	// cancel; Run keeps trying to make Redis forget them.
	dmu   sync.Mutex
	dirty map[int64]bool
}

// New returns a service over MySQL and Redis; events brings every replica's
// seat events (the Redis client's Subscribe).
func New(db DB, rdb Redis, events Events, m *metrics.Metrics, opt Options) *Service {
	return &Service{db: db, rdb: rdb, events: events, metrics: m, opt: opt,
		OnEvent: func(podo.SeatEvent) {}, OnResync: func() {},
		maps:  newTTLCache[int64, seatMap](10000),
		sold:  newSoldSeats(),
		halls: newTTLCache[int64, hall](10000),
		pages: newTTLCache[podo.ShowFilter, podo.ShowPage](1000),
		dirty: map[int64]bool{}}
}

// Run listens for seat events from all replicas, sweeps expired holds and
// repairs Redis's record where a write after a commit failed, until ctx ends.
func (s *Service) Run(ctx context.Context) {
	go s.events.Run(ctx, s.deliver, func() {
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
			s.repair(ctx)
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
	s.sold.heard(ev, s.freshFor(soldFor))
	s.OnEvent(ev)
}

func (s *Service) forget(showID int64, hallToo bool) {
	s.maps.drop(showID)
	if hallToo {
		s.halls.drop(showID)
	}
}

func (s *Service) forgetAll() {
	s.maps.clear()
	s.sold.clear()
	s.halls.clear()
}

// freshFor is how long something cached in memory may be trusted: long while
// every change is heard over pub/sub, a second while it is not.
func (s *Service) freshFor(d time.Duration) time.Time {
	if s.events.Active() {
		return time.Now().Add(d)
	}
	return time.Now().Add(time.Second)
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

var (
	_ podo.BookingService = (*Service)(nil)
	_ podo.ShowService    = (*Service)(nil)
)
