package redis

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/metrics"
)

// testDB is this package's Redis database: the one after the app's tests'
// own (PODO_TEST_REDIS_DB, 9 by default). The servers of cmd/podo's tests
// flush theirs as they start, and go test runs the packages side by side, so
// sharing it made keys vanish in the middle of these tests.
func testDB() int {
	db, _ := strconv.Atoi(os.Getenv("PODO_TEST_REDIS_DB"))
	if db == 0 {
		db = 9
	}
	return db + 1
}

// openTest connects to the real Redis on 127.0.0.1:6379, in testDB, under an
// epoch of its own so nothing another test left behind is seen.
func openTest(t *testing.T) *Client {
	t.Helper()
	return openEpoch(t, t.Name()+strconv.FormatInt(time.Now().UnixNano(), 36))
}

// openEpoch is openTest under a given epoch: two of them are two replicas.
func openEpoch(t *testing.T, epoch string) *Client {
	t.Helper()
	c := Open(Options{Addr: "127.0.0.1:6379", DB: testDB(), Epoch: epoch},
		slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"))
	t.Cleanup(c.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.WaitUp(ctx); err != nil {
		t.Fatalf("redis on 127.0.0.1:6379: %v", err)
	}
	return c
}

// loaded gives a show an empty record of taken seats, as a load from MySQL would.
func loaded(t *testing.T, c *Client, show int64) {
	t.Helper()
	if err := c.LoadTaken(context.Background(), show, "0", nil, nil); err != nil {
		t.Fatal(err)
	}
}

// A reserved event goes between replicas with its buyer, who never appears in
// the event as a browser gets it.
func TestSeatEventsCarryTheBuyerBetweenReplicasOnly(t *testing.T) {
	c := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan podo.SeatEvent, 4)
	ready := make(chan struct{}, 1)
	go c.Subscribe().Run(ctx, func(ev podo.SeatEvent) { got <- ev }, func() { ready <- struct{}{} })
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("no subscription")
	}
	sent := podo.SeatEvent{Type: podo.EventReserved, ShowID: 4, Seats: []string{"A1"}, Buyer: 77}
	if err := c.Publish(ctx, sent); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-got:
		if ev.Buyer != 77 || ev.ShowID != 4 || ev.Type != podo.EventReserved {
			t.Fatalf("received %+v, want %+v", ev, sent)
		}
		b, _ := json.Marshal(ev)
		if strings.Contains(string(b), "77") || strings.Contains(string(b), "buyer") {
			t.Fatalf("the event as a browser gets it names its buyer: %s", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
}

// Every replica knows the ended sessions itself, from the list it loads as it
// starts and from what the others announce, and answers from memory.
func TestEndedSessionsAreKnownToEveryReplica(t *testing.T) {
	epoch := "revocations" + strconv.FormatInt(time.Now().UnixNano(), 36)
	a := openEpoch(t, epoch)
	ctx := context.Background()
	if err := a.RevokeRefresh(ctx, 1, "before", time.Minute); err != nil {
		t.Fatal(err)
	}
	b := openEpoch(t, epoch)
	eventually := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	eventually("the second replica never got in step", b.revs.synced.Load)
	listed := func(c *Client, family string) func() bool {
		return func() bool { r, known := c.revs.listed(family); return r && known }
	}
	if !listed(b, "before")() {
		t.Fatal("a session ended before the replica started is not on its list")
	}
	if err := a.RevokeRefresh(ctx, 1, "signed-out", time.Minute); err != nil {
		t.Fatal(err)
	}
	eventually("a sign-out on one replica never reached the other's list", listed(b, "signed-out"))
	if err := a.CreateRefresh(ctx, 2, "stolen", "h1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := a.RotateRefresh(ctx, 2, "stolen", "h1", "h2", time.Hour, 0, time.Hour, time.Minute); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := a.RotateRefresh(ctx, 2, "stolen", "h1", "h3", time.Hour, 0, time.Hour, time.Minute); !errors.Is(err, ErrTokenReused) {
		t.Fatalf("reusing a rotated token: %v, want ErrTokenReused", err)
	}
	eventually("a reused token's session never reached the other replica's list", listed(b, "stolen"))
	// The answers come from memory: with Redis's own entry gone, the list still knows.
	cl, _ := b.client()
	if err := cl.Do(ctx, cl.B().Del().Key(b.revokedKey("signed-out")).Build()).Error(); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Revoked(ctx, "signed-out"); err != nil || !r {
		t.Fatalf("Revoked(signed-out) = %v, %v; want true from the list", r, err)
	}
	if r, err := b.Revoked(ctx, "still-on"); err != nil || r {
		t.Fatalf("Revoked(still-on) = %v, %v; want false", r, err)
	}
}
