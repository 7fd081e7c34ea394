package main

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	podo "github.com/podo-tickets/podo/app"
)

// subscribe opens a show's event stream and returns its seat events as they come.
func subscribe(t *testing.T, s *testServer, showID int64) <-chan podo.SeatEvent {
	t.Helper()
	return subscribeURL(t, s.URL, showID)
}

// A booking's seats turn held for everybody the moment they are locked, and
// reserved when it commits.
func TestSubscriberSeesAnotherUsersBookingHeldThenReserved(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	events := subscribe(t, s, show.ID)
	_, tok := s.user("booker")
	start := time.Now()
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"J1", "J2"}}); r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for _, want := range []podo.SeatEventType{podo.EventHeld, podo.EventReserved} {
		select {
		case ev := <-events:
			if ev.Type != want || ev.ShowID != show.ID || fmt.Sprint(ev.Seats) != "[J1 J2]" {
				t.Fatalf("event = %+v, want %s [J1 J2]", ev, want)
			}
			t.Logf("%s reached the subscriber %v after the request started", want, time.Since(start))
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s event", want)
		}
	}
}

func TestEventsForAnUnknownShowAre404(t *testing.T) {
	s := startServer(t, nil)
	if r := s.do("GET", "/api/shows/999/events", "", nil); r.Status != 404 {
		t.Fatalf("%d", r.Status)
	}
}

func TestShutdownEndsLiveStreamsAndReturns(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	resp, err := http.Get(fmt.Sprintf("%s/api/shows/%d/events", s.URL, show.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	ended := make(chan struct{})
	go func() {
		io.Copy(io.Discard, resp.Body)
		close(ended)
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	s.Stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("shutdown took %v with a live stream open", d)
	}
	select {
	case <-ended:
	case <-time.After(2 * time.Second):
		t.Fatal("the event stream stayed open after shutdown")
	}
}
