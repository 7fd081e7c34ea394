package main

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

func waitHealth(t *testing.T, s *testServer, redis string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var h struct{ Redis, Status string }
		r := s.do("GET", contract.ReadinessPath, "", nil)
		r.decode(t, &h)
		if h.Redis == redis {
			if r.Status != 200 {
				t.Fatalf("readiness %d with redis %s: MySQL is up, so the service must stay ready", r.Status, redis)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("redis never reported %s", redis)
}

func TestBookingStaysCorrectWhenRedisDies(t *testing.T) {
	rds := podotest.StartRedis(t)
	s := startServer(t, map[string]string{contract.EnvRedisAddr: rds.Addr(), contract.EnvRedisDB: "0"})
	show := s.show()
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)

	// Redis is stopped while 300 users race for the same seat.
	tokens := make([]string, 300)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("racer%d", i))
	}
	res := race(s, tokens, func(i int, tok string) response {
		if i == 150 {
			rds.Stop()
		}
		return s.do("POST", path, tok, map[string]any{"seats": []string{"A1"}})
	})
	created := 0
	for _, r := range res {
		if r.Status == http.StatusCreated {
			created++
		} else if r.Status != http.StatusConflict {
			t.Errorf("answer %d %s", r.Status, r.Body)
		}
	}
	if created != 1 {
		t.Fatalf("%d owners of A1 with Redis dying mid-run, want 1", created)
	}
	waitHealth(t, s, "down")

	// With Redis gone: reads come from MySQL, bookings are still decided there,
	// holds say they are unavailable.
	if st := seatStatus(t, s, show.ID, "A1"); st != podo.SeatReserved {
		t.Fatalf("A1 is %s without Redis, want reserved", st)
	}
	_, u1 := s.user("noredis1")
	_, u2 := s.user("noredis2")
	res = race(s, []string{u1, u2}, func(_ int, tok string) response {
		return s.do("POST", path, tok, map[string]any{"seats": []string{"B1", "B2"}})
	})
	if res[0].Status+res[1].Status != 201+409 {
		t.Fatalf("without Redis: %d and %d, want one 201 and one 409", res[0].Status, res[1].Status)
	}
	// Someone who booked nothing yet: the winner of the race above may not hold on this show (already_booked).
	_, holder := s.user("noredis3")
	if r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), holder, map[string]any{"seats": []string{"C1"}}); r.Status != 503 || r.code() != podo.EUnavailable {
		t.Fatalf("hold without Redis: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/api/shows/popular", "", nil); r.Status != 200 {
		t.Fatalf("popular without Redis: %d", r.Status)
	}

	// Redis comes back empty; the service recovers by itself and knows what is taken.
	if err := rds.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitHealth(t, s, "up")
	_, u3 := s.user("after")
	if r := s.do("POST", path, u3, map[string]any{"seats": []string{"A1"}}); r.Status != 409 || r.code() != podo.ESeatTaken {
		t.Fatalf("A1 after Redis returned: %d %s", r.Status, r.Body)
	}
	if r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), u3, map[string]any{"seats": []string{"C1"}}); r.Status != 200 {
		t.Fatalf("hold after Redis returned: %d %s", r.Status, r.Body)
	}
	s.checkCounters(show.ID)
}
