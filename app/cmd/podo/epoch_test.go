package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// A new database never inherits what Redis kept for another: its show 1 is
// not the old show 1, and its seats are all free.
func TestANewDatabaseInheritsNoRedisState(t *testing.T) {
	old := startServer(t, nil)
	show := old.show()
	_, tok := old.user("before")
	if r := old.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1"}}); r.Status != 201 {
		t.Fatalf("booking: %d %s", r.Status, r.Body)
	}
	old.Stop()

	fresh := startServer(t, map[string]string{keepRedis: "yes"})
	again := fresh.show()
	if again.ID != show.ID {
		t.Fatalf("the new database's first show is %d, want %d for this test to mean anything", again.ID, show.ID)
	}
	if st := seatStatus(t, fresh, again.ID, "A1"); st != podo.SeatAvailable {
		t.Fatalf("A1 of a new database's show is %s: Redis's record of the old database leaked", st)
	}
}

// A database restored from a backup is given a new epoch (podo new-epoch), and
// then Redis's record of the seats sold after the backup is not believed.
func TestARestoredDatabaseWithANewEpochForgetsRedisState(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, tok := s.user("after-backup")
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1"}}); r.Status != 201 {
		t.Fatalf("booking: %d %s", r.Status, r.Body)
	}
	s.Stop()
	// The restore: the database goes back to before the booking.
	ctx := context.Background()
	for _, q := range []string{"DELETE FROM reservation_seats", "DELETE FROM show_counters", "DELETE FROM reservations"} {
		if _, err := s.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	env := func(k string) string { return s.env[k] }
	if err := run(ctx, []string{"new-epoch"}, env, &lockedWriter{w: s.out}); err != nil {
		t.Fatal(err)
	}
	again := startServer(t, map[string]string{keepRedis: "yes", contract.EnvMySQLDSN: s.env[contract.EnvMySQLDSN]})
	if st := seatStatus(t, again, show.ID, "A1"); st != podo.SeatAvailable {
		t.Fatalf("A1 is %s in the restored database, which never sold it", st)
	}
}

// The home page's shared cache, kept under the epoch too, is dropped by a
// booking: the popular list counts it at once.
func TestThePopularListCountsABookingAtOnce(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, tok := s.user("popular")
	reserved := func() int {
		var list struct {
			Items []podo.Show `json:"items"`
		}
		s.do("GET", "/api/shows/popular", "", nil).decode(t, &list)
		for _, sh := range list.Items {
			if sh.ID == show.ID {
				return sh.Reserved
			}
		}
		t.Fatalf("show %d is not in the popular list", show.ID)
		return 0
	}
	if n := reserved(); n != 0 {
		t.Fatalf("%d reserved before any booking", n)
	}
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"A1", "A2"}}); r.Status != 201 {
		t.Fatalf("booking: %d %s", r.Status, r.Body)
	}
	if n := reserved(); n != 2 {
		t.Fatalf("the popular list says %d reserved after a booking of 2", n)
	}
}
