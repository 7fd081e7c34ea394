package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

func TestTheBurstsShapeIsTheLastSendAndTheFirstAnswer(t *testing.T) {
	release := time.Now()
	b := burstShape{release: release}
	var wg sync.WaitGroup
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			began := release.Add(time.Duration(i) * time.Millisecond)
			b.sent(began)
			b.answered(began.Add(time.Duration(200-i) * time.Millisecond))
		}()
	}
	wg.Wait()
	if got := time.Duration(b.lastSent.Load()); got != 100*time.Millisecond {
		t.Fatalf("last sent after %v, want 100ms", got)
	}
	if got := time.Duration(b.firstAnswer.Load()); got != 200*time.Millisecond {
		t.Fatalf("first answer after %v, want 200ms (every answer came then)", got)
	}
	b.answered(release.Add(150 * time.Millisecond))
	b.answered(release.Add(170 * time.Millisecond))
	if got := time.Duration(b.firstAnswer.Load()); got != 150*time.Millisecond {
		t.Fatalf("first answer after %v, want the earliest, 150ms", got)
	}
}

func TestTheTimelineHasEveryRequestKept(t *testing.T) {
	release := time.Now()
	b := burstShape{release: release, keep: true}
	taken := []byte(`{"error":{"code":"seat_taken","message":"Sorry, A1 is already reserved."}}`)
	b.record("reserve", response{status: 409, body: taken, began: release.Add(1500 * time.Microsecond), latency: 250 * time.Millisecond,
		arrived: release.Add(101500 * time.Microsecond)})
	b.record("seat map", response{status: 200, began: release.Add(252 * time.Millisecond), latency: 3 * time.Millisecond})
	path := filepath.Join(t.TempDir(), "timeline.csv")
	if err := b.writeTimeline(path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"endpoint", "start_ms", "latency_ms", "arrived_ms", "status", "code"},
		{"reserve", "1.500", "250.000", "100.000", "409", "seat_taken"},
		{"seat map", "252.000", "3.000", "", "200", ""}, // no stamp: not the fast client
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Fatalf("timeline %q, want %q", rows, want)
	}
	off := burstShape{release: release} // without --timeline nothing is kept
	off.record("reserve", response{status: 201})
	if len(off.rows) != 0 {
		t.Fatalf("kept %d rows without a timeline", len(off.rows))
	}
}

func TestServiceSharesAreOfTheRoutesRequestsInTheSale(t *testing.T) {
	name := contract.MetricHTTPRequestDuration
	key := func(suffix, status, le string) string {
		k := name + suffix + `{method="POST",route="` + contract.RouteReservations + `",status="` + status + `"`
		if le != "" {
			k += `,le="` + le + `"`
		}
		return k + "}"
	}
	before := metrics{key("_count", "409", ""): 10, key("_bucket", "409", "0.1"): 10, key("_bucket", "409", "0.5"): 10}
	after := metrics{
		key("_count", "409", ""): 110, key("_bucket", "409", "0.1"): 20, key("_bucket", "409", "0.5"): 100,
		key("_count", "201", ""): 10, key("_bucket", "201", "0.1"): 0, key("_bucket", "201", "0.5"): 5,
		// another route, left out
		`podo_http_request_duration_seconds_count{method="GET",route="/api/shows/{showId}/seats",status="200"}`: 1000,
	}
	got, ok := serviceShares(before, after, contract.RouteReservations, "POST", "0.1", "0.5")
	if want := "9.1% / 86.4%"; !ok || got != want {
		t.Fatalf("shares %q %v, want %q (10 of 110 within 100 ms, 95 of 110 within 500 ms)", got, ok, want)
	}
	if _, ok := serviceShares(after, after, contract.RouteReservations, "POST", "0.1"); ok {
		t.Fatal("shares of a sale without requests")
	}
}
