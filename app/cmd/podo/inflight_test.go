package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

// stallBookings holds every show_counters slot of a show in an open
// transaction, so that a booking on it gets as far as its last MySQL write and
// waits there: a booking in flight, for as long as the test wants.
func stallBookings(t *testing.T, s *testServer, showID int64) (release func()) {
	t.Helper()
	tx, err := s.DB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for slot := range 16 {
		if _, err := tx.Exec("INSERT INTO show_counters (show_id, slot, reserved) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE reserved = reserved", showID, slot); err != nil {
			t.Fatal(err)
		}
	}
	// Cleanups run last-in first-out: a test that fails ends the stall
	// before the server waits for its requests.
	t.Cleanup(func() { tx.Rollback() })
	return func() { tx.Rollback() }
}

// waitSeat polls the seat map until seat has the status, or fails after a while.
func waitSeat(t *testing.T, s *testServer, showID int64, seat string, want podo.SeatStatus) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		st := seatStatus(t, s, showID, seat)
		if st == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s stayed %s, want %s", seat, st, want)
		}
	}
}

func TestASeatInAnotherBookingIsShownHeldAndRefusedAtOnce(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	events := subscribe(t, s, show.ID)
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	_, first := s.user("first")
	_, second := s.user("second")

	release := stallBookings(t, s, show.ID)
	booked := make(chan response, 1)
	go func() { booked <- s.do("POST", path, first, map[string]any{"seats": []string{"C1", "C2"}}) }()

	// While the first booking is in flight its seats look held to everybody.
	waitSeat(t, s, show.ID, "C1", podo.SeatHeld)
	if ev := <-events; ev.Type != podo.EventHeld || fmt.Sprint(ev.Seats) != "[C1 C2]" {
		t.Fatalf("first live event = %+v, want held [C1 C2]", ev)
	}
	// Another buyer is refused at once with seat_locked, not queued behind it,
	// and without a MySQL transaction.
	txBefore := metric(t, s, "podo_booking_transactions_total")
	r := s.do("POST", path, second, map[string]any{"seats": []string{"C2", "C3"}})
	if r.Status != 409 || r.code() != podo.ESeatLocked {
		t.Fatalf("second buyer: %d %s, want 409 seat_locked", r.Status, r.Body)
	}
	if r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), second, map[string]any{"seats": []string{"C1"}}); r.code() != podo.ESeatLocked {
		t.Fatalf("hold on a seat in a booking: %d %s, want seat_locked", r.Status, r.Body)
	}
	select {
	case r := <-booked:
		t.Fatalf("the first booking ended (%d) while MySQL was stalled", r.Status)
	default:
	}

	release()
	if r := <-booked; r.Status != 201 {
		t.Fatalf("first booking: %d %s", r.Status, r.Body)
	}
	if ev := <-events; ev.Type != podo.EventReserved || fmt.Sprint(ev.Seats) != "[C1 C2]" {
		t.Fatalf("event after the commit = %+v, want reserved [C1 C2]", ev)
	}
	waitSeat(t, s, show.ID, "C2", podo.SeatReserved)
	if got := metric(t, s, "podo_booking_transactions_total") - txBefore; got != 1 {
		t.Fatalf("%v booking transactions during the refusal, want only the first booking's", got)
	}
	s.checkCounters(show.ID)
}

func TestAFailedBookingPutsItsSeatsBackOnSale(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	events := subscribe(t, s, show.ID)
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	_, u := s.user("twice")
	if r := s.do("POST", path, u, map[string]any{"seats": []string{"D1"}}); r.Status != 201 {
		t.Fatal(r.Status)
	}
	for range 2 { // held, reserved
		<-events
	}
	// A second booking by the same user is refused by MySQL (one reservation
	// per show), after its seat was shown held: it must turn free again.
	if r := s.do("POST", path, u, map[string]any{"seats": []string{"D5"}}); r.code() != podo.EAlreadyReserved {
		t.Fatalf("%d %s, want already_reserved", r.Status, r.Body)
	}
	for _, want := range []podo.SeatEventType{podo.EventHeld, podo.EventReleased} {
		if ev := <-events; ev.Type != want || fmt.Sprint(ev.Seats) != "[D5]" {
			t.Fatalf("event = %+v, want %s [D5]", ev, want)
		}
	}
	waitSeat(t, s, show.ID, "D5", podo.SeatAvailable)
}

// A seat map (12 KB) goes out with its length declared, in one piece, not chunked.
func TestTheSeatMapDeclaresItsLength(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/shows/%d/seats", s.URL, show.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity") // the gzipped map's length: TestTheSeatMapGoesOutGzipped…
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) != 0 {
		t.Fatalf("Content-Length %d, Transfer-Encoding %v for a %d-byte body", resp.ContentLength, resp.TransferEncoding, len(body))
	}
}
