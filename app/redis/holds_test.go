package redis

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

func seatEvent(typ string, show int64, seats ...string) podo.SeatEvent {
	return podo.SeatEvent{Type: podo.SeatEventType(typ), ShowID: show, Seats: seats}
}

func TestAHoldIsAllOrNothing(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 5)
	if hr, err := c.SetHold(ctx, 5, 1, []string{"A1"}, time.Minute); err != nil || len(hr.Conflict.Held) != 0 {
		t.Fatalf("first hold: %+v %v", hr, err)
	}
	hr, err := c.SetHold(ctx, 5, 2, []string{"A1", "A2"}, time.Minute)
	if err != nil || !slices.Equal(hr.Conflict.Held, []string{"A1"}) {
		t.Fatalf("second user's hold: %+v %v; want A1 held by another", hr, err)
	}
	if seats, _, _ := c.Hold(ctx, 5, 2); len(seats) != 0 {
		t.Fatalf("the refused hold kept %v", seats)
	}
}

func TestChangingAHoldKeepsItsDeadlineAndReleasesWhatIsDropped(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 6)
	first, err := c.SetHold(ctx, 6, 1, []string{"A1", "A2"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	next, err := c.SetHold(ctx, 6, 1, []string{"A2", "A3"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !next.ExpiresAt.Equal(first.ExpiresAt) {
		t.Fatalf("deadline moved from %v to %v", first.ExpiresAt, next.ExpiresAt)
	}
	if !slices.Equal(next.Released, []string{"A1"}) {
		t.Fatalf("released %v, want [A1]", next.Released)
	}
}

func TestExpiredHoldsAreSweptOnce(t *testing.T) {
	c := openTest(t)
	ctx := context.Background()
	loaded(t, c, 7)
	if _, err := c.SetHold(ctx, 7, 1, []string{"A1"}, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	swept, err := c.SweepExpiredHolds(ctx)
	if err != nil || !slices.Equal(swept[7], []string{"A1"}) {
		t.Fatalf("sweep: %v %v; want show 7's A1", swept, err)
	}
	if again, _ := c.SweepExpiredHolds(ctx); len(again[7]) != 0 {
		t.Fatalf("swept twice: %v", again)
	}
}
