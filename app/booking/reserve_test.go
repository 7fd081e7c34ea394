package booking

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/metrics"
	"github.com/podo-tickets/podo/app/redis"
)

// These tests drive each branch of the reserve path against stand-ins that
// record what was asked of MySQL and Redis; the tests in cmd/podo run the same
// path on a real MariaDB and Redis.

type fakeDB struct {
	DB        // methods a test does not expect panic
	reserve   func(ctx context.Context, seats []string) (podo.Reservation, error)
	reserveCx []context.Context
	reads     atomic.Int32 // Bookable calls
}

func (f *fakeDB) ShowLayout(context.Context, int64) (podo.Show, podo.Layout, error) {
	return podo.Show{ID: 1, Price: 1000}, podo.Layout{Rows: []podo.LayoutRow{{Label: "A", Seats: 4}}}, nil
}

func (f *fakeDB) Bookable(context.Context, int64, []string) (podo.Bookable, error) {
	f.reads.Add(1)
	return podo.Bookable{Show: podo.ShowBrief{ID: 1}}, nil
}

func (f *fakeDB) Book(ctx context.Context, userID, showID int64, seats []string, _ podo.Bookable, _ *podo.Idempotency) (podo.Reservation, error) {
	f.reserveCx = append(f.reserveCx, ctx)
	if f.reserve == nil {
		return podo.Reservation{ID: 7, UserID: userID, ShowID: showID, Seats: seats}, nil
	}
	return f.reserve(ctx, seats)
}

type fakeRedis struct {
	Redis
	conflict  redis.SeatConflict
	down      bool // every call fails with ErrDown
	busy      string
	calls     []string
	unclaimed podo.SeatEvent
	reserved  []string
	unlocked  chan struct{}
	state     redis.SeatState // what SeatState answers
	reading   func()          // called while SeatState reads, if set
}

func (f *fakeRedis) call(name string) error {
	f.calls = append(f.calls, name)
	if f.down {
		return redis.ErrDown
	}
	return nil
}

func (f *fakeRedis) Conflicts(context.Context, int64, int64, []string, string) (redis.SeatConflict, error) {
	return f.conflict, f.call("conflicts")
}

func (f *fakeRedis) TryLockSeats(context.Context, int64, []string) (func(), string, error) {
	if err := f.call("lock"); err != nil {
		return nil, "", err
	}
	if f.busy != "" {
		return nil, f.busy, redis.ErrSeatsBusy
	}
	return func() { close(f.unlocked) }, "", nil
}

func (f *fakeRedis) ClaimSeats(context.Context, int64, int64, []string, podo.SeatEvent) (redis.ClaimResult, error) {
	return redis.ClaimResult{Claimed: !f.down}, f.call("claim")
}

func (f *fakeRedis) Committed(context.Context, int64, int64, []string, podo.SeatEvent) error {
	return f.call("committed")
}

func (f *fakeRedis) Unclaim(_ context.Context, _, _ int64, _ []string, ev podo.SeatEvent) error {
	f.unclaimed = ev
	return f.call("unclaim")
}

func (f *fakeRedis) MarkReserved(_ context.Context, _ int64, seats []string) error {
	f.reserved = seats
	return f.call("mark_reserved")
}

func (f *fakeRedis) Forget(context.Context, int64) error { return f.call("forget") }

func (f *fakeRedis) Publish(context.Context, podo.SeatEvent) error { return f.call("publish") }

type quietEvents struct{}

func (quietEvents) Run(context.Context, func(podo.SeatEvent), func()) {}
func (quietEvents) Active() bool                                      { return true }

func newTestService(db *fakeDB, rdb *fakeRedis) *Service {
	rdb.unlocked = make(chan struct{})
	return New(db, rdb, quietEvents{}, metrics.New("test"), Options{MaxSeats: 4, Cache: true})
}

func book(s *Service, ctx context.Context, seats ...string) error {
	_, err := s.Reserve(ctx, podo.ReserveRequest{UserID: 2, ShowID: 1, Seats: seats})
	return err
}

func TestASeatInAnotherBookingIsRefusedAtOnce(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{conflict: redis.SeatConflict{Locked: []string{"A1"}}}
	err := book(newTestService(db, rdb), context.Background(), "A1", "A2")
	if podo.ErrorCode(err) != podo.ESeatLocked {
		t.Fatalf("err = %v, want %s", err, podo.ESeatLocked)
	}
	if !slices.Equal(rdb.calls, []string{"conflicts"}) || len(db.reserveCx) != 0 {
		t.Fatalf("a refusal cost Redis calls %v and %d MySQL bookings; want one Redis call and none", rdb.calls, len(db.reserveCx))
	}
}

func TestATakenSeatIsRefusedBeforeAnyLock(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{conflict: redis.SeatConflict{Taken: []string{"A2"}, Locked: []string{"A1"}}}
	err := book(newTestService(db, rdb), context.Background(), "A1", "A2")
	var pe *podo.Error
	if !errors.As(err, &pe) || pe.Code != podo.ESeatTaken || !slices.Equal(pe.Seats, []string{"A2"}) {
		t.Fatalf("err = %v, want seat_taken for A2 (sold is more final than locked)", err)
	}
	if !slices.Equal(rdb.calls, []string{"conflicts"}) {
		t.Fatalf("Redis calls %v, want only the conflict check", rdb.calls)
	}
}

func TestABusySeatLockIsRefusedWithoutWaiting(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{busy: "A2"}
	err := book(newTestService(db, rdb), context.Background(), "A1", "A2")
	var pe *podo.Error
	if !errors.As(err, &pe) || pe.Code != podo.ESeatLocked || !slices.Equal(pe.Seats, []string{"A2"}) {
		t.Fatalf("err = %v, want seat_locked for A2", err)
	}
	if len(db.reserveCx) != 0 || db.reads.Load() != 0 {
		t.Fatal("a seat locked by another booking reached MySQL")
	}
}

func TestWithRedisDownMySQLAloneDecides(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{down: true}
	s := newTestService(db, rdb)
	var heard []podo.SeatEvent
	s.OnEvent = func(ev podo.SeatEvent) { heard = append(heard, ev) }
	if err := book(s, context.Background(), "A1"); err != nil {
		t.Fatalf("booking with Redis down: %v", err)
	}
	if len(db.reserveCx) != 1 {
		t.Fatalf("%d MySQL bookings, want 1", len(db.reserveCx))
	}
	if len(heard) != 1 || heard[0].Type != podo.EventReserved {
		t.Fatalf("this replica's subscribers heard %v, want the reservation", heard)
	}
	// Redis could not record the sale: its record of the show is forgotten,
	// and until Redis takes that, the service keeps trying.
	if !slices.Contains(rdb.calls, "forget") || !s.dirty[1] {
		t.Fatalf("calls %v, dirty %v: the show's Redis record must be invalidated", rdb.calls, s.dirty)
	}
	rdb.down = false
	s.repair(context.Background())
	if s.dirty[1] {
		t.Fatal("repair did not clear the show once Redis answered")
	}
}

func TestAMySQLConflictFreesTheOtherSeatsAndRecordsTheSale(t *testing.T) {
	db := &fakeDB{reserve: func(context.Context, []string) (podo.Reservation, error) {
		return podo.Reservation{}, podo.SeatError(podo.ESeatTaken, "A2 is taken", []string{"A2"})
	}}
	rdb := &fakeRedis{}
	err := book(newTestService(db, rdb), context.Background(), "A1", "A2")
	if podo.ErrorCode(err) != podo.ESeatTaken {
		t.Fatalf("err = %v, want seat_taken", err)
	}
	if !slices.Equal(rdb.reserved, []string{"A2"}) {
		t.Fatalf("Redis learnt %v as sold, want [A2]", rdb.reserved)
	}
	if rdb.unclaimed.Type != podo.EventReleased || !slices.Equal(rdb.unclaimed.Seats, []string{"A1"}) {
		t.Fatalf("unclaim event = %+v, want released [A1]", rdb.unclaimed)
	}
	<-rdb.unlocked // the locks are let go (in the background)
}

func TestAClientThatHangsUpDoesNotStopTheBooking(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db := &fakeDB{reserve: func(ctx context.Context, seats []string) (podo.Reservation, error) {
		cancel() // the client goes away while MySQL works
		if ctx.Err() != nil {
			return podo.Reservation{}, ctx.Err()
		}
		return podo.Reservation{ID: 1, Seats: seats}, nil
	}}
	rdb := &fakeRedis{}
	if err := book(newTestService(db, rdb), ctx, "A1"); err != nil {
		t.Fatalf("booking: %v", err)
	}
	if !slices.Contains(rdb.calls, "committed") {
		t.Fatalf("Redis calls %v: the commit was not recorded after the client left", rdb.calls)
	}
}

func TestARetryOfARequestInFlightIsAnsweredByMySQLWithoutLocks(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{conflict: redis.SeatConflict{Again: true}}
	s := newTestService(db, rdb)
	_, err := s.Reserve(context.Background(), podo.ReserveRequest{UserID: 2, ShowID: 1, Seats: []string{"A1"},
		Idempotency: &podo.Idempotency{Key: "k1"}})
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if slices.Contains(rdb.calls, "lock") || len(db.reserveCx) != 1 {
		t.Fatalf("Redis calls %v, %d MySQL bookings; want no lock and one booking", rdb.calls, len(db.reserveCx))
	}
}

func (f *fakeRedis) SeatState(context.Context, int64) (redis.SeatState, error) {
	if err := f.call("seat_state"); err != nil {
		return redis.SeatState{}, err
	}
	if f.reading != nil {
		f.reading()
	}
	return f.state, nil
}

// mapThenBook renders the show's seat map (as the buyer's page does), then books.
func mapThenBook(t *testing.T, s *Service, rdb *fakeRedis, user int64, seats ...string) error {
	t.Helper()
	if _, err := s.SeatMap(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	rdb.calls = nil
	_, err := s.Reserve(context.Background(), podo.ReserveRequest{UserID: user, ShowID: 1, Seats: seats})
	return err
}

func TestSeatsTheMapShowsGoneAreRefusedWithoutAskingRedis(t *testing.T) {
	for _, c := range []struct {
		name  string
		state redis.SeatState
		want  string
	}{
		{"sold", redis.SeatState{Taken: []string{"A1"}}, podo.ESeatTaken},
		{"held by another", redis.SeatState{Taken: []string{}, Held: map[string]int64{"A1": 9}}, podo.ESeatHeld},
		{"in another's booking", redis.SeatState{Taken: []string{}, Held: map[string]int64{"A1": 9}, Booking: map[string]bool{"A1": true}}, podo.ESeatLocked},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, rdb := &fakeDB{}, &fakeRedis{state: c.state}
			err := mapThenBook(t, newTestService(db, rdb), rdb, 2, "A1", "A2")
			var pe *podo.Error
			if !errors.As(err, &pe) || pe.Code != c.want || !slices.Equal(pe.Seats, []string{"A1"}) {
				t.Fatalf("err = %v, want %s for A1", err, c.want)
			}
			if len(rdb.calls) != 0 || len(db.reserveCx) != 0 {
				t.Fatalf("the refusal cost Redis calls %v and %d MySQL bookings; want none", rdb.calls, len(db.reserveCx))
			}
		})
	}
}

func TestSeatsTheMapShowsFreeOrHeldByTheBuyerAreAskedOfRedis(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{state: redis.SeatState{Taken: []string{"A3"}, Held: map[string]int64{"A1": 2}}}
	s := newTestService(db, rdb)
	if err := mapThenBook(t, s, rdb, 2, "A1", "A2"); err != nil {
		t.Fatalf("booking the seats one holds and a free one: %v", err)
	}
	if len(rdb.calls) == 0 || rdb.calls[0] != "conflicts" || len(db.reserveCx) != 1 {
		t.Fatalf("Redis calls %v, %d MySQL bookings; want Redis asked first, then one booking", rdb.calls, len(db.reserveCx))
	}
}

// A refusal of sold seats says whether they may be the buyer's own, from the
// map in memory and from Redis alike: only then is an earlier request's
// outcome worth looking up.
func TestARefusalOfSeatsOthersBoughtSaysSo(t *testing.T) {
	for _, c := range []struct {
		name   string
		state  redis.SeatState
		others bool
	}{
		{"bought by another", redis.SeatState{Taken: []string{"A1"}, Buyers: redis.Buyers{IDs: map[int64]bool{9: true}}}, true},
		{"the buyer bought seats of the show", redis.SeatState{Taken: []string{"A1"}, Buyers: redis.Buyers{IDs: map[int64]bool{2: true, 9: true}}}, false},
		{"a buyer unknown", redis.SeatState{Taken: []string{"A1"}, Buyers: redis.Buyers{IDs: map[int64]bool{9: true}, SomeUnknown: true}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, rdb := &fakeDB{}, &fakeRedis{state: c.state}
			err := mapThenBook(t, newTestService(db, rdb), rdb, 2, "A1")
			if podo.ErrorCode(err) != podo.ESeatTaken || errors.Is(err, podo.ErrTakenByOthers) != c.others {
				t.Fatalf("from the map: err = %v, taken by others %v; want seat_taken, %v", err, errors.Is(err, podo.ErrTakenByOthers), c.others)
			}
			db, rdb = &fakeDB{}, &fakeRedis{conflict: redis.SeatConflict{Taken: []string{"A1"}, TakenMayBeMine: !c.others}}
			err = book(newTestService(db, rdb), context.Background(), "A1")
			if podo.ErrorCode(err) != podo.ESeatTaken || errors.Is(err, podo.ErrTakenByOthers) != c.others {
				t.Fatalf("from Redis: err = %v, taken by others %v; want seat_taken, %v", err, errors.Is(err, podo.ErrTakenByOthers), c.others)
			}
		})
	}
}

// Seats heard sold in a seat event are refused from memory even when no seat
// map is (at an on-sale every event drops it), until a cancellation.
func TestSeatsHeardSoldAreRefusedFromMemoryUntilACancellation(t *testing.T) {
	db, rdb := &fakeDB{}, &fakeRedis{}
	s := newTestService(db, rdb)
	s.deliver(podo.SeatEvent{Type: podo.EventReserved, ShowID: 1, Seats: []string{"A1"}, Buyer: 9})
	for _, c := range []struct {
		user   int64
		others bool
	}{{2, true}, {9, false}} {
		rdb.calls = nil
		_, err := s.Reserve(context.Background(), podo.ReserveRequest{UserID: c.user, ShowID: 1, Seats: []string{"A1", "A2"}})
		if podo.ErrorCode(err) != podo.ESeatTaken || errors.Is(err, podo.ErrTakenByOthers) != c.others || len(rdb.calls) != 0 {
			t.Fatalf("user %d: err = %v (taken by others %v), Redis calls %v; want seat_taken (%v) without Redis",
				c.user, err, errors.Is(err, podo.ErrTakenByOthers), rdb.calls, c.others)
		}
	}
	s.deliver(podo.SeatEvent{Type: podo.EventCancelled, ShowID: 1, Seats: []string{"A1"}})
	rdb.calls = nil
	if err := book(s, context.Background(), "A1"); err != nil || len(rdb.calls) == 0 || rdb.calls[0] != "conflicts" {
		t.Fatalf("after the cancellation: %v, Redis calls %v; want Redis asked, then booked", err, rdb.calls)
	}
}

// What a seat map read finds sold is remembered, unless a cancellation came
// while it was read: the seat may be free by then.
func TestASeatMapReadThatRacedACancellationIsNotRemembered(t *testing.T) {
	for _, raced := range []bool{false, true} {
		db, rdb := &fakeDB{}, &fakeRedis{state: redis.SeatState{Taken: []string{"A1"}, Buyers: redis.Buyers{IDs: map[int64]bool{9: true}}}}
		s := newTestService(db, rdb)
		if raced {
			rdb.reading = func() { s.deliver(podo.SeatEvent{Type: podo.EventCancelled, ShowID: 1, Seats: []string{"A1"}}) }
		}
		if _, err := s.SeatMap(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		s.forget(1, false) // as every seat event does
		rdb.calls = nil
		err := book(s, context.Background(), "A1")
		if fromMemory := len(rdb.calls) == 0; fromMemory == raced || (!raced && podo.ErrorCode(err) != podo.ESeatTaken) {
			t.Fatalf("read raced a cancellation %v: err = %v, Redis calls %v", raced, err, rdb.calls)
		}
	}
}

// A record of seats heard sold is trusted until its time is up, and no longer
// (a cancellation's event may have been lost).
func TestARecordOfSoldSeatsEndsWithItsTime(t *testing.T) {
	c := newSoldSeats()
	ev := podo.SeatEvent{Type: podo.EventReserved, ShowID: 1, Seats: []string{"A1"}, Buyer: 9}
	c.heard(ev, time.Now().Add(time.Minute))
	if podo.ErrorCode(c.refusal(1, 2, []string{"A1"})) != podo.ESeatTaken {
		t.Fatal("a seat heard sold is not refused")
	}
	c = newSoldSeats()
	c.heard(ev, time.Now().Add(-time.Millisecond))
	if err := c.refusal(1, 2, []string{"A1"}); err != nil {
		t.Fatalf("a record past its time refused: %v", err)
	}
}
