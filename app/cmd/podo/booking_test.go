package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

// race sends one request per token at the same moment and returns the responses.
func race(s *testServer, tokens []string, req func(i int, token string) response) []response {
	out := make([]response, len(tokens))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i, tok := range tokens {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			out[i] = req(i, tok)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return out
}

func TestFiveHundredUsersOneSeat(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	tokens := make([]string, 500)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("fan%d", i))
	}
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	res := race(s, tokens, func(_ int, tok string) response {
		return s.do("POST", path, tok, map[string]any{"seats": []string{"A1"}})
	})
	created, conflicts := 0, 0
	for _, r := range res {
		switch {
		case r.Status == http.StatusCreated:
			created++
		case r.Status == http.StatusConflict:
			conflicts++
		default:
			t.Errorf("unexpected answer %d %s", r.Status, r.Body)
		}
	}
	if created != 1 || conflicts != 499 {
		t.Fatalf("%d created, %d conflicts; want exactly 1 and 499", created, conflicts)
	}
	var rows int
	s.DB.QueryRow("SELECT COUNT(*) FROM reservation_seats WHERE show_id = ? AND seat_name = 'A1'", show.ID).Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d rows for A1 in MySQL, want 1", rows)
	}
	s.checkCounters(show.ID)
}

// sellOut has users ask for overlapping groups of 1–4 seats until none is left,
// then checks every seat was sold exactly once and each booking was all or nothing.
func sellOut(t *testing.T, s *testServer, users int, during func(round int)) {
	show := s.show()
	tokens := make([]string, users)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("buyer%d", i))
	}
	var mu sync.Mutex
	owner := map[string]int{}
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	rows := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}
	for round := 0; ; round++ {
		if during != nil {
			during(round)
		}
		res := race(s, tokens, func(i int, tok string) response {
			n := 1 + rand.IntN(4)
			row, col := rows[rand.IntN(10)], 1+rand.IntN(15-n)
			seats := make([]string, n)
			for k := range seats {
				seats[k] = fmt.Sprintf("%s%d", row, col+k)
			}
			r := s.do("POST", path, tok, map[string]any{"seats": seats})
			if r.Status == http.StatusCreated {
				var got podo.Reservation
				r.decode(t, &got)
				mu.Lock()
				for _, seat := range got.Seats {
					if prev, dup := owner[seat]; dup {
						t.Errorf("seat %s sold to %d and to %d", seat, prev, i)
					}
					owner[seat] = i
				}
				mu.Unlock()
				if len(got.Seats) != n {
					t.Errorf("asked for %d seats, got %v", n, got.Seats)
				}
			} else if r.Status != http.StatusConflict {
				t.Errorf("unexpected answer %d %s", r.Status, r.Body)
			}
			return r
		})
		sold := s.checkCounters(show.ID)
		if sold == 140 || t.Failed() {
			break
		}
		if round > 200 {
			t.Fatalf("not sold out after %d rounds: %d sold", round, sold)
		}
		// One booking per user per show: whoever got seats makes way for a new user.
		for i, r := range res {
			if r.Status == http.StatusCreated {
				_, tokens[i] = s.user(fmt.Sprintf("buyer%d-%d", round, i))
			}
		}
	}
	if len(owner) != 140 {
		t.Fatalf("%d seats reported sold to clients, want 140", len(owner))
	}
	var inDB []string
	r, err := s.DB.Query("SELECT seat_name FROM reservation_seats WHERE show_id = ? ORDER BY seat_name", show.ID)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var n string
		r.Scan(&n)
		inDB = append(inDB, n)
	}
	r.Close()
	if len(inDB) != 140 {
		t.Fatalf("%d seats in MySQL, want 140", len(inDB))
	}
	var soldOut podo.Show
	s.do("GET", fmt.Sprintf("/api/shows/%d", show.ID), "", nil).decode(t, &soldOut)
	if !soldOut.SoldOut || soldOut.SeatsLeft != 0 {
		t.Fatalf("show after sell-out: %+v", soldOut)
	}
}

func TestOverlappingRequestsSellOutExactlyOnce(t *testing.T) {
	s := startServer(t, nil)
	sellOut(t, s, 200, nil)
}

func TestOneUserTwoConcurrentRequestsOneSucceeds(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, tok := s.user("twice")
	for attempt := 0; attempt < 5; attempt++ {
		sh := s.show()
		path := fmt.Sprintf("/api/shows/%d/reservations", sh.ID)
		res := race(s, []string{tok, tok}, func(i int, tok string) response {
			return s.do("POST", path, tok, map[string]any{"seats": []string{fmt.Sprintf("B%d", i+1)}})
		})
		codes := []int{res[0].Status, res[1].Status}
		sort.Ints(codes)
		if codes[0] != 201 || codes[1] != 409 {
			t.Fatalf("attempt %d: statuses %v, want one 201 and one 409", attempt, codes)
		}
		for _, r := range res {
			if r.Status == 409 && r.code() != podo.EAlreadyReserved {
				t.Fatalf("refusal code %q, want already_reserved", r.code())
			}
		}
		s.checkCounters(sh.ID)
	}
	_ = show
}

func TestHolds(t *testing.T) {
	s := startServer(t, map[string]string{"PODO_HOLD_TTL": "1500ms"})
	show := s.show()
	_, alice := s.user("alice")
	_, bob := s.user("bob")
	hold := fmt.Sprintf("/api/shows/%d/hold", show.ID)
	reserve := fmt.Sprintf("/api/shows/%d/reservations", show.ID)

	r := s.do("PUT", hold, alice, map[string]any{"seats": []string{"C1", "C2"}})
	if r.Status != 200 {
		t.Fatalf("hold: %d %s", r.Status, r.Body)
	}
	var h podo.Hold
	r.decode(t, &h)
	if len(h.Seats) != 2 || h.ExpiresAt == nil {
		t.Fatalf("hold = %+v", h)
	}
	// Others see the seats held and cannot take them, neither by hold nor by booking.
	if st := seatStatus(t, s, show.ID, "C1"); st != podo.SeatHeld {
		t.Fatalf("C1 is %s, want held", st)
	}
	if r := s.do("POST", reserve, bob, map[string]any{"seats": []string{"C2"}}); r.Status != 409 || r.code() != podo.ESeatHeld {
		t.Fatalf("booking a held seat: %d %s", r.Status, r.Body)
	}
	// All or nothing: one held seat in the request and nothing is held.
	if r := s.do("PUT", hold, bob, map[string]any{"seats": []string{"C3", "C2"}}); r.Status != 409 || r.code() != podo.ESeatHeld {
		t.Fatalf("holding over another hold: %d %s", r.Status, r.Body)
	}
	if st := seatStatus(t, s, show.ID, "C3"); st != podo.SeatAvailable {
		t.Fatalf("C3 is %s after a refused hold, want available", st)
	}
	// Re-selecting replaces the hold: C1 is released, C3 held.
	if r := s.do("PUT", hold, alice, map[string]any{"seats": []string{"C2", "C3"}}); r.Status != 200 {
		t.Fatalf("re-select: %d %s", r.Status, r.Body)
	}
	if st := seatStatus(t, s, show.ID, "C1"); st != podo.SeatAvailable {
		t.Fatalf("C1 is %s after re-selecting, want available", st)
	}
	s.do("GET", hold, alice, nil).decode(t, &h)
	if fmt.Sprint(h.Seats) != "[C2 C3]" {
		t.Fatalf("my hold = %v, want [C2 C3]", h.Seats)
	}
	// The holder books their held seats; the hold ends with the booking.
	if r := s.do("POST", reserve, alice, map[string]any{"seats": []string{"C2"}}); r.Status != 201 {
		t.Fatalf("holder books: %d %s", r.Status, r.Body)
	}
	// Expiry frees C3 for bob.
	time.Sleep(2500 * time.Millisecond)
	if st := seatStatus(t, s, show.ID, "C3"); st != podo.SeatAvailable {
		t.Fatalf("C3 is %s after the hold expired, want available", st)
	}
	if r := s.do("POST", reserve, bob, map[string]any{"seats": []string{"C3"}}); r.Status != 201 {
		t.Fatalf("booking an expired hold's seat: %d %s", r.Status, r.Body)
	}
	// Releasing: an empty list or DELETE.
	_, carol := s.user("carol")
	s.do("PUT", hold, carol, map[string]any{"seats": []string{"D1"}})
	if r := s.do("DELETE", hold, carol, nil); r.Status != 204 {
		t.Fatalf("release: %d", r.Status)
	}
	if st := seatStatus(t, s, show.ID, "D1"); st != podo.SeatAvailable {
		t.Fatalf("D1 is %s after release, want available", st)
	}
	s.checkCounters(show.ID)
}

func seatStatus(t *testing.T, s *testServer, showID int64, seat string) podo.SeatStatus {
	t.Helper()
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", showID), "", nil).decode(t, &sm)
	for _, st := range sm.Seats {
		if st.Name == seat {
			return st.Status
		}
	}
	t.Fatalf("no seat %s in the map", seat)
	return ""
}

func TestIdempotencyKeyReplaysTheFirstOutcome(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, tok := s.user("retrier")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	body := map[string]any{"seats": []string{"E5", "E6"}}
	res := race(s, []string{tok, tok, tok, tok}, func(int, string) response {
		return s.do("POST", path, tok, body, "Idempotency-Key", "order-123")
	})
	for _, r := range res {
		if r.Status != 201 {
			t.Fatalf("retry answered %d %s, want the first outcome (201)", r.Status, r.Body)
		}
		if string(r.Body) != string(res[0].Body) {
			t.Fatalf("retries disagree:\n%s\n%s", r.Body, res[0].Body)
		}
	}
	var n int
	s.DB.QueryRow("SELECT COUNT(*) FROM reservations WHERE show_id = ?", show.ID).Scan(&n)
	if n != 1 {
		t.Fatalf("%d reservations for one key, want 1", n)
	}
	if r := s.do("POST", path, tok, map[string]any{"seats": []string{"F1"}}, "Idempotency-Key", "order-123"); r.Status != 422 || r.code() != podo.EIdempotencyMismatch {
		t.Fatalf("key reused for another request: %d %s", r.Status, r.Body)
	}
	s.checkCounters(show.ID)
}

// A keyed request for seats another user bought is refused without looking
// up a stored outcome of its key (no earlier request of its sender can have
// booked them), from the seat map in memory and from Redis alike; the buyer's
// own retry is still answered with its first outcome.
func TestKeyedRefusalsOfSeatsOthersBoughtReadNoStoredOutcome(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	_, buyer := s.user("buyer")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	first := s.do("POST", path, buyer, map[string]any{"seats": []string{"G7"}}, "Idempotency-Key", "buyer-1")
	if first.Status != 201 {
		t.Fatalf("the first booking: %d %s", first.Status, first.Body)
	}
	const lookup = "FROM idempotency_keys"
	before := p.sent(lookup)
	for i := 0; i < 10; i++ {
		_, tok := s.user(fmt.Sprintf("late%d", i))
		if i%2 == 0 { // the seat map first, as the SPA does: the refusal comes from memory
			s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), tok, nil)
		}
		if r := s.do("POST", path, tok, map[string]any{"seats": []string{"G7"}}, "Idempotency-Key", fmt.Sprintf("late-%d", i)); r.Status != 409 || r.code() != podo.ESeatTaken {
			t.Fatalf("a keyed request for a sold seat: %d %s, want 409 seat_taken", r.Status, r.Body)
		}
	}
	if n := p.sent(lookup) - before; n != 0 {
		t.Fatalf("%d look-ups of stored outcomes for 10 refusals of seats another user bought, want none", n)
	}
	again := s.do("POST", path, buyer, map[string]any{"seats": []string{"G7"}}, "Idempotency-Key", "buyer-1")
	if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(first.Body) {
		t.Fatalf("the buyer's retry: %d %s, want its first outcome replayed", again.Status, again.Body)
	}
}

func TestRefusalOfATakenSeatCostsNoMySQLTransaction(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, a := s.user("first")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	if r := s.do("POST", path, a, map[string]any{"seats": []string{"G7"}}); r.Status != 201 {
		t.Fatal(r.Status)
	}
	before := metric(t, s, "podo_booking_transactions_total")
	refusedBefore := metric(t, s, "podo_reservation_refusals_without_db_total")
	for i := 0; i < 20; i++ {
		_, tok := s.user(fmt.Sprintf("late%d", i))
		if r := s.do("POST", path, tok, map[string]any{"seats": []string{"G7", "G8"}}); r.Status != 409 || r.code() != podo.ESeatTaken {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	if after := metric(t, s, "podo_booking_transactions_total"); after != before {
		t.Fatalf("booking transactions went from %v to %v: refusals reached MySQL", before, after)
	}
	if got := metric(t, s, "podo_reservation_refusals_without_db_total") - refusedBefore; got != 20 {
		t.Fatalf("%v refusals counted as answered from Redis, want 20", got)
	}
}

func TestCancel(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, alice := s.user("alice")
	_, bob := s.user("bob")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	var res podo.Reservation
	s.do("POST", path, alice, map[string]any{"seats": []string{"H1", "H2"}}).decode(t, &res)

	cancel := fmt.Sprintf("/api/reservations/%d", res.ID)
	if r := s.do("DELETE", cancel, bob, nil); r.Status != 404 {
		t.Fatalf("another user's cancel: %d %s", r.Status, r.Body)
	}
	if r := s.do("DELETE", cancel, alice, nil); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	if r := s.do("DELETE", cancel, alice, nil); r.Status != 409 || r.code() != podo.EAlreadyCancelled {
		t.Fatalf("second cancel: %d %s", r.Status, r.Body)
	}
	if st := seatStatus(t, s, show.ID, "H1"); st != podo.SeatAvailable {
		t.Fatalf("H1 is %s after cancel", st)
	}
	var mine struct{ Items []podo.Reservation }
	s.do("GET", "/api/me/reservations", alice, nil).decode(t, &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("my reservations after cancel: %+v", mine.Items)
	}
	if r := s.do("POST", path, bob, map[string]any{"seats": []string{"H2", "H3"}}); r.Status != 201 {
		t.Fatalf("re-booking cancelled seats: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", path, alice, map[string]any{"seats": []string{"H1"}}); r.Status != 201 {
		t.Fatalf("booking again after cancelling: %d %s", r.Status, r.Body)
	}
	s.checkCounters(show.ID)
}

// Concurrent readers of one seat map share its rendering; a reader who hangs
// up must not fail the others (the load run found it did).
func TestAReaderHangingUpDoesNotFailTheOthers(t *testing.T) {
	s := startServer(t, map[string]string{"PODO_CACHE": "off"})
	show := s.show()
	url := fmt.Sprintf("%s/api/shows/%d/seats", s.URL, show.ID)
	var wg sync.WaitGroup
	failures := make(chan string, 400)
	for round := 0; round < 20; round++ {
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				if i%2 == 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, time.Duration(i%5)*time.Millisecond)
					defer cancel()
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
				resp, err := client.Do(req)
				if i%2 == 0 {
					if err == nil {
						resp.Body.Close()
					}
					return
				}
				if err != nil {
					failures <- err.Error()
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures <- resp.Status
				}
			}()
		}
		wg.Wait()
	}
	close(failures)
	for f := range failures {
		t.Errorf("a reader who stayed got %s", f)
	}
}

// Losers of a race must not leave their other seats looking sold: each of 100
// users wants A1 and a seat of their own; one wins, and the map then shows
// exactly the winner's two seats reserved, in Redis's record as in MySQL.
func TestLosersOfARaceLeaveTheirOtherSeatsOnSale(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	tokens := make([]string, 100)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("pair%d", i))
	}
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	race(s, tokens, func(i int, tok string) response {
		other := fmt.Sprintf("%c%d", 'B'+i/14, 1+i%14)
		return s.do("POST", path, tok, map[string]any{"seats": []string{"A1", other}})
	})
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
	var reserved []string
	for _, st := range sm.Seats {
		if st.Status == podo.SeatReserved {
			reserved = append(reserved, st.Name)
		}
	}
	if len(reserved) != 2 || reserved[0] != "A1" {
		t.Fatalf("seats shown reserved: %v, want A1 and the winner's other seat", reserved)
	}
	if n := s.checkCounters(show.ID); n != 2 {
		t.Fatalf("%d seats sold, want 2", n)
	}
}
