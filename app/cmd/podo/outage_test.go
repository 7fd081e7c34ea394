package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// startBehindProxy starts the service on a fresh database reached through a dbProxy.
func startBehindProxy(t *testing.T) (*testServer, *dbProxy) {
	p := startDBProxy(t)
	b := make([]byte, 4)
	rand.Read(b)
	s := startServer(t, map[string]string{contract.EnvMySQLDSN: p.dsn("podo_t_" + hex.EncodeToString(b))})
	return s, p
}

func activeReservations(t *testing.T, s *testServer, userID int64) int {
	t.Helper()
	var n int
	if err := s.DB.QueryRow("SELECT COUNT(*) FROM reservations WHERE user_id = ? AND active = 1", userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// When the connection drops while COMMIT is on its way, the service finds out
// what happened before it answers: the booking is reported made when MySQL
// made it, and made once when MySQL did not (it is tried again).
func TestABookingWhoseCommitAnswerIsLostIsReportedAsMySQLDecided(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	for i, mode := range []string{"after", "before"} {
		u, tok := s.user("lost" + mode)
		seat := fmt.Sprintf("B%d", i+1)
		p.onCommit.Store(mode)
		r := s.do("POST", path, tok, map[string]any{"seats": []string{seat}})
		if p.onCommit.Load().(string) != "" {
			t.Fatalf("%s: no COMMIT went through the proxy", mode)
		}
		if r.Status != 201 {
			t.Fatalf("connection lost %s COMMIT: %d %s, want 201", mode, r.Status, r.Body)
		}
		if n := activeReservations(t, s, u.ID); n != 1 {
			t.Fatalf("connection lost %s COMMIT: %d active reservations, want 1", mode, n)
		}
		if st := seatStatus(t, s, show.ID, seat); st != podo.SeatReserved {
			t.Fatalf("%s is %s after a booking whose COMMIT answer was lost", seat, st)
		}
	}
	s.checkCounters(show.ID)
}

// A booking is one batch, sent whole. When the connection fails before
// MariaDB has run any of it, the service looks, finds no booking and tries
// again; if MariaDB runs the first batch after all, between the look and the
// new attempt, that attempt meets the booking the first one made and answers
// with it (201), not with already_reserved.
func TestABookingFoundNotCommittedThatCommitsLateIsReportedMade(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	u, tok := s.user("late")
	p.release = make(chan struct{})
	committedLate := func() {
		close(p.release)
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			var n int
			if s.DB.QueryRow("SELECT COUNT(*) FROM reservations WHERE user_id = ? AND active = 1", u.ID).Scan(&n); n > 0 {
				return
			}
		}
	}
	p.beforeCommit.Store(&committedLate) // before the second attempt goes on
	p.onCommit.Store("after-late")
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"B1"}})
	if r.Status != 201 {
		t.Fatalf("a booking that committed late: %d %s, want 201", r.Status, r.Body)
	}
	if p.beforeCommit.Load() != nil {
		t.Fatal("the booking was not tried again: the test did not make the race it is about")
	}
	var res podo.Reservation
	r.decode(t, &res)
	var id int64
	if err := s.DB.QueryRow("SELECT id FROM reservations WHERE user_id = ? AND active = 1", u.ID).Scan(&id); err != nil || id != res.ID {
		t.Fatalf("answered reservation %d, MySQL holds %d (%v)", res.ID, id, err)
	}
	if n := activeReservations(t, s, u.ID); n != 1 {
		t.Fatalf("%d active reservations, want 1", n)
	}
	s.checkCounters(show.ID)
}

func TestACancelWhoseCommitAnswerIsLostIsReportedAsMySQLDecided(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	for i, mode := range []string{"after", "before"} {
		_, tok := s.user("undo" + mode)
		seat := fmt.Sprintf("C%d", i+1)
		var res podo.Reservation
		s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{seat}}).decode(t, &res)
		p.onCommit.Store(mode)
		r := s.do("DELETE", fmt.Sprintf("/api/reservations/%d", res.ID), tok, nil)
		if r.Status != 200 {
			t.Fatalf("connection lost %s COMMIT of a cancel: %d %s, want 200", mode, r.Status, r.Body)
		}
		if st := seatStatus(t, s, show.ID, seat); st != podo.SeatAvailable {
			t.Fatalf("%s is %s after its cancel", seat, st)
		}
	}
	s.checkCounters(show.ID)
}

// A database restart shorter than a second, in the middle of a sale, costs
// nobody an error: requests wait for it within their deadline.
func TestADatabaseBlipCostsUsersNothing(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	tokens := make([]string, 120)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("blip%d", i))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i*10) * time.Millisecond) // spread over 1.2 s
			r := s.do("POST", path, tok, map[string]any{"seats": []string{fmt.Sprintf("%c%d", 'A'+i/14, i%14+1)}})
			s.do("GET", "/api/shows", "", nil)
			mu.Lock()
			statuses[r.Status]++
			mu.Unlock()
		}()
	}
	time.Sleep(300 * time.Millisecond)
	p.blip(800 * time.Millisecond)
	wg.Wait()
	if statuses[201] != len(tokens) {
		t.Fatalf("answers during a 0.8 s database restart: %v, want %d × 201", statuses, len(tokens))
	}
	s.checkCounters(show.ID)
}

// A longer outage is answered 503 with Retry-After once the wait is over.
func TestALongerDatabaseOutageAnswers503WithRetryAfter(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	_, tok := s.user("outage")
	p.down.Store(true)
	p.dropAll()
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1"}})
	p.down.Store(false)
	if r.Status != 503 || r.Header.Get("Retry-After") == "" || r.code() != podo.EUnavailable {
		t.Fatalf("booking while the database is gone: %d %s (Retry-After %q), want 503 unavailable with Retry-After",
			r.Status, r.Body, r.Header.Get("Retry-After"))
	}
}

// When the database stays away after COMMIT was sent, the answer says the
// outcome is unknown and how to check, never that nothing was changed.
func TestACommitWhoseOutcomeCannotBeLearnedIsAnsweredOutcomeUnknown(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	u, tok := s.user("unknown")
	p.onCommit.Store("after-down")
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1"}})
	p.down.Store(false)
	if r.Status != 503 || r.code() != podo.EOutcomeUnknown {
		t.Fatalf("booking whose COMMIT went out before the database vanished: %d %s, want 503 outcome_unknown", r.Status, r.Body)
	}
	if n := activeReservations(t, s, u.ID); n != 1 {
		t.Fatalf("%d active reservations, want the 1 MySQL committed", n)
	}
	// Asking again is safe: one reservation per show, and the seat map tells the truth.
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1"}}); r.Status != 409 {
		t.Fatalf("the retry: %d %s, want 409", r.Status, r.Body)
	}
	if st := seatStatus(t, s, show.ID, "A1"); st != podo.SeatReserved {
		t.Fatalf("A1 is %s", st)
	}
}

// When MariaDB has not yet noticed that the committing connection is gone, its
// transaction is undecided: the answer is outcome_unknown, not "nothing was
// changed" nor a 500, and once MariaDB rolls it back the same request books.
func TestAnUndecidedCommitIsAnsweredOutcomeUnknown(t *testing.T) {
	s, p := startBehindProxy(t)
	show := s.show()
	u, tok := s.user("undecided")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	p.onCommit.Store("before-hang")
	r := s.do("POST", path, tok, map[string]any{"seats": []string{"A1"}}, "Idempotency-Key", "undecided")
	if r.Status != 503 || r.code() != podo.EOutcomeUnknown {
		t.Fatalf("booking whose transaction MariaDB still holds open: %d %s, want 503 outcome_unknown", r.Status, r.Body)
	}
	waitFor(t, "MariaDB to roll the transaction back", func() bool {
		var n int
		s.DB.QueryRow(`SELECT COUNT(*) FROM information_schema.INNODB_TRX t
			JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id WHERE p.DB = DATABASE()`).Scan(&n)
		return n == 0
	})
	if n := activeReservations(t, s, u.ID); n != 0 {
		t.Fatalf("%d active reservations, want none: the transaction never committed", n)
	}
	if r := s.do("POST", path, tok, map[string]any{"seats": []string{"A1"}}, "Idempotency-Key", "undecided"); r.Status != 201 {
		t.Fatalf("the same request again: %d %s, want 201", r.Status, r.Body)
	}
}
