package redis

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/metrics"
)

// lineClient is a client on this package's Redis database (testDB), flushed
// first: the line scripts run on a real Redis.
func lineClient(t *testing.T) *Client {
	t.Helper()
	c := Open(Options{Addr: "127.0.0.1:6379", DB: testDB()}, slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"))
	t.Cleanup(c.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.WaitUp(ctx); err != nil {
		t.Skipf("no Redis on 127.0.0.1:6379: %v", err)
	}
	cl, _ := c.client()
	if err := cl.Do(ctx, cl.B().Flushdb().Build()).Error(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheDrawGivesEveryEarlyArrivalOnePlaceAndLaterOnesTheBack(t *testing.T) {
	c := lineClient(t)
	ctx := context.Background()
	drawAt := time.Now().Add(400 * time.Millisecond)
	for u := int64(1); u <= 30; u++ {
		if tk, err := c.JoinLine(ctx, 1, u, drawAt, false); err != nil || tk.Place != 0 {
			t.Fatalf("user %d before the draw: place %d, %v", u, tk.Place, err)
		}
	}
	time.Sleep(time.Until(drawAt))
	late, err := c.JoinLine(ctx, 1, 31, drawAt, false) // the first call after drawAt draws
	if err != nil {
		t.Fatal(err)
	}
	var places []int64
	for u := int64(1); u <= 30; u++ {
		tk, _ := c.JoinLine(ctx, 1, u, drawAt, false)
		places = append(places, tk.Place)
	}
	sorted := slices.Sorted(slices.Values(places))
	for i, p := range sorted {
		if p != int64(i+1) {
			t.Fatalf("drawn places %v: want 1..30 once each", places)
		}
	}
	if slices.IsSorted(places) {
		t.Fatalf("drawn places %v are in arrival order", places)
	}
	if late.Place != 31 {
		t.Fatalf("the first arrival after the draw got %d, want 31", late.Place)
	}
}

func TestTicksLetPlacesThroughInOrderAtThePaceAndWithinTheCap(t *testing.T) {
	c := lineClient(t)
	ctx := context.Background()
	for u := int64(1); u <= 10; u++ {
		c.JoinLine(ctx, 2, u, time.Time{}, false)
	}
	// The first tick lets one through; a second's credit is at most `rate`.
	s, err := c.TickLine(ctx, 2, time.Time{}, 4, 3, time.Minute, false)
	if err != nil || s.Admitted != 1 {
		t.Fatalf("first tick: %+v %v", s, err)
	}
	time.Sleep(1100 * time.Millisecond)
	if s, err = c.TickLine(ctx, 2, time.Time{}, 4, 3, time.Minute, false); err != nil || s.Admitted != 3 || s.Active != 3 {
		t.Fatalf("after a second at 4/s with a cap of 3: %+v %v, want 3 admitted", s, err)
	}
	for u := int64(1); u <= 4; u++ {
		tk, _ := c.JoinLine(ctx, 2, u, time.Time{}, false)
		if live := !tk.PassExpiry.IsZero(); live != (u <= 3) {
			t.Fatalf("user %d (place %d) has a pass: %v", u, tk.Place, live)
		}
	}
	// Ending a pass frees its slot for the next place.
	if err := c.EndPass(ctx, 2, 1); err != nil {
		t.Fatal(err)
	}
	if s, _ = c.TickLine(ctx, 2, time.Time{}, 4, 3, time.Minute, false); s.Admitted != 4 {
		t.Fatalf("after one pass ended: %+v, want place 4 through", s)
	}
	if live, _ := c.PassLive(ctx, 2, 1); live {
		t.Fatal("an ended pass is still live")
	}
	// Sold out: nobody more, ever.
	if s, _ = c.TickLine(ctx, 2, time.Time{}, 100, 100, time.Minute, true); !s.SoldOut || s.Admitted != 4 {
		t.Fatalf("sold out: %+v", s)
	}
	if tk, _ := c.JoinLine(ctx, 2, 99, time.Time{}, false); !tk.SoldOut || tk.Place != 0 {
		t.Fatalf("a newcomer after the sell-out: %+v", tk)
	}
}

func TestAnExpiredPassFreesItsSlotAndItsHolderMayJoinTheBackAgain(t *testing.T) {
	c := lineClient(t)
	ctx := context.Background()
	for u := int64(1); u <= 3; u++ {
		c.JoinLine(ctx, 3, u, time.Time{}, false)
	}
	c.TickLine(ctx, 3, time.Time{}, 1, 1, 200*time.Millisecond, false)
	time.Sleep(300 * time.Millisecond)
	s, _ := c.TickLine(ctx, 3, time.Time{}, 1, 1, 200*time.Millisecond, false)
	if s.Active != 0 {
		t.Fatalf("expired passes still counted: %+v", s)
	}
	tk, _ := c.JoinLine(ctx, 3, 1, time.Time{}, false)
	if tk.Place != 1 || !tk.PassExpiry.IsZero() {
		t.Fatalf("the expired holder: %+v, want place 1 and no pass", tk)
	}
	if tk, _ = c.JoinLine(ctx, 3, 1, time.Time{}, true); tk.Place != 4 {
		t.Fatalf("joining again: place %d, want the back (4)", tk.Place)
	}
}
