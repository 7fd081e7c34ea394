package mysql_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/mysql"
)

// newDB opens a fresh, migrated database on the local MariaDB and drops it when the test ends.
func newDB(t *testing.T) *mysql.DB {
	t.Helper()
	return newDBConns(t, 8)
}

// newDBConns is newDB with a pool of conns connections.
func newDBConns(t *testing.T, conns int) *mysql.DB {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	ctx := context.Background()
	db, err := mysql.Open(ctx, "root@tcp(127.0.0.1:3306)/podo_t_mysql_"+hex.EncodeToString(b), conns)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Drop(context.Background()); db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func newShow(t *testing.T, db *mysql.DB) podo.Show {
	t.Helper()
	s, err := db.CreateShow(context.Background(), podo.ShowInput{Title: "Test", Date: time.Now().AddDate(0, 0, 7).Format(time.DateOnly), StartTime: "19:00", EndTime: "21:00", Venue: "Hall", Price: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newUser(t *testing.T, db *mysql.DB, name string) podo.User {
	t.Helper()
	u, err := db.UpsertUser(context.Background(), podo.Identity{Provider: "dev", Subject: name, Name: name}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestReserveIsDecidedByConstraints(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	show := newShow(t, db)
	alice, bob := newUser(t, db, "alice"), newUser(t, db, "bob")

	r, err := db.Reserve(ctx, alice.ID, show.ID, []string{"A1", "A2"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 2000 || r.Show.Title != "Test" {
		t.Fatalf("reservation = %+v", r)
	}
	_, err = db.Reserve(ctx, bob.ID, show.ID, []string{"A2", "A3"}, nil)
	if podo.ErrorCode(err) != podo.ESeatTaken {
		t.Fatalf("overlapping booking: err = %v, want seat_taken", err)
	}
	_, err = db.Reserve(ctx, alice.ID, show.ID, []string{"B1"}, nil)
	if podo.ErrorCode(err) != podo.EAlreadyReserved {
		t.Fatalf("second booking of a user: err = %v, want already_reserved", err)
	}
	_, err = db.Reserve(ctx, bob.ID, show.ID, []string{"Z9"}, nil)
	if podo.ErrorCode(err) != podo.EInvalid {
		t.Fatalf("seat outside the hall: err = %v, want invalid", err)
	}
	_, err = db.Reserve(ctx, bob.ID, 999, []string{"A1"}, nil)
	if podo.ErrorCode(err) != podo.ENotFound {
		t.Fatalf("unknown show: err = %v, want not_found", err)
	}
	assertCounter(t, db, show.ID, 2)

	if _, err := db.Cancel(ctx, bob.ID, r.ID); podo.ErrorCode(err) != podo.ENotFound {
		t.Fatalf("cancel by another user: err = %v, want not_found", err)
	}
	if _, err := db.Cancel(ctx, alice.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Cancel(ctx, alice.ID, r.ID); podo.ErrorCode(err) != podo.EAlreadyCancelled {
		t.Fatalf("second cancel: err = %v, want already_cancelled", err)
	}
	assertCounter(t, db, show.ID, 0)
	if _, err := db.Reserve(ctx, bob.ID, show.ID, []string{"A2", "A3"}, nil); err != nil {
		t.Fatalf("re-booking a cancelled seat: %v", err)
	}
	assertCounter(t, db, show.ID, 2)
}

// A booking is one batch of statements on a connection that goes back to the
// pool. One refused halfway (its reservation row written, a seat taken) is
// rolled back whole: the next booking on the same connection, whose START
// TRANSACTION would commit whatever was left open, commits only itself.
func TestABookingRefusedHalfwayLeavesNothingBehind(t *testing.T) {
	ctx := context.Background()
	db := newDBConns(t, 2) // one connection for the bookings
	show := newShow(t, db)
	alice, bob, carol := newUser(t, db, "alice"), newUser(t, db, "bob"), newUser(t, db, "carol")
	if _, err := db.Reserve(ctx, alice.ID, show.ID, []string{"A2"}, nil); err != nil {
		t.Fatal(err)
	}
	key := &podo.Idempotency{Key: "k-bob", RequestHash: "h", Status: 201,
		Encode: func(podo.Reservation) ([]byte, error) { return []byte("{}"), nil }}
	if _, err := db.Reserve(ctx, bob.ID, show.ID, []string{"A1", "A2"}, key); podo.ErrorCode(err) != podo.ESeatTaken {
		t.Fatalf("bob's booking of a sold seat: err = %v, want seat_taken", err)
	}
	if _, err := db.Reserve(ctx, carol.ID, show.ID, []string{"A3"}, nil); err != nil {
		t.Fatal(err)
	}
	var rows, keys int
	if err := db.QueryRow("SELECT (SELECT COUNT(*) FROM reservations WHERE user_id = ?), (SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?)",
		bob.ID, bob.ID).Scan(&rows, &keys); err != nil {
		t.Fatal(err)
	}
	if rows != 0 || keys != 0 {
		t.Fatalf("after bob's refused booking: %d reservation rows and %d idempotency records of his, want none", rows, keys)
	}
	assertCounter(t, db, show.ID, 2)
	if _, err := db.Reserve(ctx, bob.ID, show.ID, []string{"A1"}, key); err != nil {
		t.Fatalf("bob books A1 with the same key: %v", err)
	}
	assertCounter(t, db, show.ID, 3)
}

func TestConcurrentBookingsSellEachSeatOnce(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	show := newShow(t, db)
	const users = 60
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < users; i++ {
		u := newUser(t, db, fmt.Sprintf("u%d", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.Reserve(ctx, u.ID, show.ID, []string{"C5", "C6"}, nil)
			if err == nil {
				mu.Lock()
				won++
				mu.Unlock()
			} else if podo.ErrorCode(err) != podo.ESeatTaken {
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d bookings of the same seats succeeded, want 1", won)
	}
	assertCounter(t, db, show.ID, 2)
}

// Bookings of different seats by different users, each with an
// Idempotency-Key, never make each other fail: recording one key must not lock
// the gap another key goes into (a DELETE of the expired record of a key that
// has none locked that gap, and concurrent bookings deadlocked on it).
func TestConcurrentKeyedBookingsOfDifferentSeatsAllCommit(t *testing.T) {
	ctx := context.Background()
	const users = 40
	db := newDBConns(t, users)
	show := newShow(t, db)
	ids := make([]int64, users)
	for i := range ids {
		ids[i] = newUser(t, db, fmt.Sprintf("k%d", i)).ID
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			idem := &podo.Idempotency{Key: fmt.Sprintf("key-%d", i), RequestHash: "h", Status: 201,
				Encode: func(podo.Reservation) ([]byte, error) { return []byte("{}"), nil }}
			seat := fmt.Sprintf("%c%d", 'A'+i/10, i%10+1)
			if _, err := db.Reserve(ctx, id, show.ID, []string{seat}, idem); err != nil {
				t.Errorf("user %d booking %s: %v", id, seat, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	assertCounter(t, db, show.ID, users)
	if n := db.LockRetries(); n > 0 {
		t.Fatalf("%d transactions tried again after a deadlock among %d bookings of different seats", n, users)
	}
}

// A key whose record has expired may mean something new: the booking goes
// through and its outcome replaces the old one; a live record is a replay.
func TestAnExpiredKeyRecordGivesWay(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	show := newShow(t, db)
	u := newUser(t, db, "old")
	old := time.Now().UTC().Add(-mysql.IdempotencyTTL - time.Hour)
	if _, err := db.ExecContext(ctx, "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status_code, body, created_at) VALUES (?, 'k', 'old', 409, '{}', ?)", u.ID, old); err != nil {
		t.Fatal(err)
	}
	idem := &podo.Idempotency{Key: "k", RequestHash: "new", Status: 201,
		Encode: func(r podo.Reservation) ([]byte, error) { return []byte(fmt.Sprintf(`{"id":%d}`, r.ID)), nil }}
	r, err := db.Reserve(ctx, u.ID, show.ID, []string{"A1"}, idem)
	if err != nil {
		t.Fatalf("booking with an expired key: %v", err)
	}
	o, err := db.FindOutcome(ctx, u.ID, "k")
	if err != nil || o == nil || o.RequestHash != "new" || o.Status != 201 || string(o.Body) != fmt.Sprintf(`{"id":%d}`, r.ID) {
		t.Fatalf("stored outcome = %+v, %v; want the new booking's", o, err)
	}
	// The same key again, now live, even on another show: a replay, which changes nothing.
	other := newShow(t, db)
	if _, err := db.Reserve(ctx, u.ID, other.ID, []string{"A2"}, idem); !errors.Is(err, podo.ErrReplay) {
		t.Fatalf("a live key again: %v, want a replay", err)
	}
	assertCounter(t, db, show.ID, 1)
	assertCounter(t, db, other.ID, 0)
}

func TestLayoutCannotDropSoldSeats(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	show := newShow(t, db)
	alice := newUser(t, db, "alice")
	if _, err := db.Reserve(ctx, alice.ID, show.ID, []string{"J14"}, nil); err != nil {
		t.Fatal(err)
	}
	small := podo.Layout{Rows: []podo.LayoutRow{{Label: "A", Seats: 10, Aisles: []int{5}}}}
	err := db.UpdateLayout(ctx, show.ID, small)
	if podo.ErrorCode(err) != podo.ESeatSold {
		t.Fatalf("err = %v, want seat_sold", err)
	}
	small.Rows = append(small.Rows, podo.LayoutRow{Label: "J", Seats: 14})
	if err := db.UpdateLayout(ctx, show.ID, small); err != nil {
		t.Fatal(err)
	}
	s, _ := db.FindShow(ctx, show.ID, 0)
	if s.TotalSeats != 24 || s.Reserved != 1 {
		t.Fatalf("after layout change: total %d reserved %d, want 24 and 1", s.TotalSeats, s.Reserved)
	}
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if n, err := db.SeedDemo(ctx, today); err != nil || n != 6 {
		t.Fatalf("first seed: %d, %v", n, err)
	}
	if n, err := db.SeedDemo(ctx, today); err != nil || n != 0 {
		t.Fatalf("second seed: %d, %v", n, err)
	}
	page, err := db.FindShows(ctx, podo.ShowFilter{Sort: podo.SortDate, Page: 1, PageSize: 10})
	if err != nil || page.Total != 6 || page.Items[0].Title != "레미제라블" || page.Items[0].TotalSeats != 140 {
		t.Fatalf("shows = %+v, %v", page, err)
	}
}

// assertCounter checks that the show's counter equals the rows it counts.
func assertCounter(t *testing.T, db *mysql.DB, showID int64, want int) {
	t.Helper()
	var counter, rows, sum int
	err := db.QueryRow(`SELECT (SELECT COALESCE(SUM(reserved), 0) FROM show_counters WHERE show_id = s.id),
		(SELECT COUNT(*) FROM reservation_seats WHERE show_id = s.id),
		(SELECT COALESCE(SUM(seat_count),0) FROM reservations WHERE show_id = s.id AND active = 1)
		FROM shows s WHERE s.id = ?`, showID).Scan(&counter, &rows, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if counter != want || rows != want || sum != want {
		t.Fatalf("counter %d, seat rows %d, reserved seat_count %d; want all %d", counter, rows, sum, want)
	}
}
