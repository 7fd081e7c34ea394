package redis

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestASeatLockHeldElsewhereIsRefusedAtOnceAndAllOrNone(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	unlock, _, err := c.TryLockSeats(ctx, 1, []string{"A1", "A2"})
	if err != nil {
		t.Fatalf("first booking: %v", err)
	}
	_, busy, err := c.TryLockSeats(ctx, 1, []string{"A3", "A2"})
	if !errors.Is(err, ErrSeatsBusy) || busy != "A2" {
		t.Fatalf("second booking: busy %q, %v; want A2, ErrSeatsBusy", busy, err)
	}
	// The refused attempt let go of A3, which it had taken before A2.
	unlock3, _, err := c.TryLockSeats(ctx, 1, []string{"A3"})
	if err != nil {
		t.Fatalf("A3 after the refused attempt: %v", err)
	}
	unlock3()
	unlock()
	unlock2, _, err := c.TryLockSeats(ctx, 1, []string{"A2"})
	if err != nil {
		t.Fatalf("A2 after its booking let go: %v", err)
	}
	unlock2()
}

func TestClaimedSeatsLookHeldUntilTheBookingCommits(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 2)
	cr, err := c.ClaimSeats(ctx, 2, 7, []string{"B1"}, seatEvent("held", 2, "B1"))
	if err != nil || !cr.Claimed {
		t.Fatalf("claim: %+v %v", cr, err)
	}
	sc, err := c.Conflicts(ctx, 2, 8, []string{"B1"}, "")
	if err != nil || len(sc.Locked) != 1 {
		t.Fatalf("another user sees %+v, %v; want B1 locked", sc, err)
	}
	if sc, _ := c.Conflicts(ctx, 2, 7, []string{"B1"}, ""); len(sc.Locked)+len(sc.Held)+len(sc.Taken) != 0 {
		t.Fatalf("the booking's own user sees %+v; want nothing in the way", sc)
	}
	if st, _ := c.SeatState(ctx, 2); st.Held["B1"] != 7 {
		t.Fatalf("seat map state %+v; want B1 held by 7", st)
	}
	if err := c.Committed(ctx, 2, 7, []string{"B1"}, seatEvent("reserved", 2, "B1")); err != nil {
		t.Fatal(err)
	}
	st, _ := c.SeatState(ctx, 2)
	if st.Held["B1"] != 0 || len(st.Taken) != 1 || st.Taken[0] != "B1" {
		t.Fatalf("after the commit: %+v; want B1 taken and no longer held", st)
	}
}

func TestAFailedBookingsSeatsAreFreeAgain(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 3)
	if _, err := c.ClaimSeats(ctx, 3, 7, []string{"C1", "C2"}, seatEvent("held", 3, "C1", "C2")); err != nil {
		t.Fatal(err)
	}
	// Another user's unclaim takes nothing off.
	_ = c.Unclaim(ctx, 3, 8, []string{"C1", "C2"}, seatEvent("released", 3))
	if sc, _ := c.Conflicts(ctx, 3, 9, []string{"C1"}, ""); len(sc.Locked) != 1 {
		t.Fatalf("after a stranger's unclaim: %+v; want C1 still locked", sc)
	}
	if err := c.Unclaim(ctx, 3, 7, []string{"C1", "C2"}, seatEvent("released", 3, "C1", "C2")); err != nil {
		t.Fatal(err)
	}
	if sc, _ := c.Conflicts(ctx, 3, 9, []string{"C1", "C2"}, ""); len(sc.Locked) != 0 {
		t.Fatalf("after the booking failed: %+v; want both free", sc)
	}
}

func TestAnIdempotencyKeySeenBeforeIsReported(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 4)
	if sc, _ := c.Conflicts(ctx, 4, 7, []string{"D1"}, "order-1"); sc.Again {
		t.Fatal("a key's first request reported as a retry")
	}
	if sc, _ := c.Conflicts(ctx, 4, 7, []string{"D1"}, "order-1"); !sc.Again {
		t.Fatal("the same key's second request not reported as a retry")
	}
	if sc, _ := c.Conflicts(ctx, 4, 8, []string{"D1"}, "order-1"); sc.Again {
		t.Fatal("another user's key of the same text reported as a retry")
	}
}

// A booking drops the home page's cached lists, those of its own database's epoch.
func TestACommittedBookingDropsTheHomePagesCaches(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 8)
	if err := c.CacheSet(ctx, PopularKey, []byte("[]"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := c.Committed(ctx, 8, 7, []string{"E1"}, seatEvent("reserved", 8, "E1")); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := c.CacheGet(ctx, PopularKey); found {
		t.Fatal("the popular shows were still cached after a booking")
	}
}

// A refusal of sold seats tells whether they may be the asker's own: the
// taken record names the buyers it learned of, with their seats, from a
// commit or a load from MySQL, and says so when it learned of a sale without
// its buyer.
func TestTheTakenRecordTellsWhoseSeatsTheyMayBe(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	if err := c.LoadTaken(ctx, 11, "0", []string{"A1"}, []int64{3}); err != nil {
		t.Fatal(err)
	}
	if err := c.Committed(ctx, 11, 7, []string{"B1", "B2"}, seatEvent("reserved", 11, "B1", "B2")); err != nil {
		t.Fatal(err)
	}
	mayBeMine := func(user int64, seats ...string) bool {
		t.Helper()
		sc, err := c.Conflicts(ctx, 11, user, seats, "")
		if err != nil || len(sc.Taken) != len(seats) {
			t.Fatalf("user %d asking for %v: %+v, %v; want all taken", user, seats, sc, err)
		}
		return sc.TakenMayBeMine
	}
	if mayBeMine(8, "A1", "B1") || !mayBeMine(7, "B2") || !mayBeMine(3, "B1") {
		t.Fatal("the taken record's buyers: a stranger's refusal may be theirs, or a buyer's may not")
	}
	st, err := c.SeatState(ctx, 11)
	if err != nil || len(st.Taken) != 3 || !st.Buyers.IDs[3] || !st.Buyers.IDs[7] || len(st.Buyers.IDs) != 2 || st.Buyers.SomeUnknown {
		t.Fatalf("seat state %+v, %v; want A1 B1 B2 taken by 3 and 7", st, err)
	}
	// A sale Redis missed, learned from MySQL's refusal, comes without its buyer.
	if err := c.MarkReserved(ctx, 11, []string{"C1"}); err != nil {
		t.Fatal(err)
	}
	if !mayBeMine(8, "A1") {
		t.Fatal("after a sale of unknown buyer, a stranger's refusal must be looked into")
	}
	if st, _ := c.SeatState(ctx, 11); !st.Buyers.SomeUnknown || len(st.Taken) != 4 {
		t.Fatalf("seat state %+v; want 4 taken, some buyers unknown", st)
	}
	// Seats the user asks for that are only held get no such answer.
	if _, err := c.ClaimSeats(ctx, 11, 9, []string{"D1"}, seatEvent("held", 11, "D1")); err != nil {
		t.Fatal(err)
	}
	if sc, _ := c.Conflicts(ctx, 11, 8, []string{"D1"}, ""); len(sc.Locked) != 1 || sc.TakenMayBeMine {
		t.Fatalf("a seat in another's booking: %+v; want locked, nothing taken", sc)
	}
}

// The seats are tried together: one busy seat among four leaves none of the
// other three locked, and names the busy one.
func TestOneBusySeatAmongManyLeavesTheOthersFree(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	unlock, _, err := c.TryLockSeats(ctx, 12, []string{"A3"})
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, busy, err := c.TryLockSeats(ctx, 12, []string{"A1", "A2", "A3", "A4"}); !errors.Is(err, ErrSeatsBusy) || busy != "A3" {
		t.Fatalf("four seats, A3 busy: busy %q, %v; want A3, ErrSeatsBusy", busy, err)
	}
	for _, seat := range []string{"A1", "A2", "A4"} {
		u, _, err := c.TryLockSeats(ctx, 12, []string{seat})
		if err != nil {
			t.Fatalf("%s after the refused attempt: %v; want it free", seat, err)
		}
		u()
	}
}
