package mysql_test

import (
	"context"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

func TestTheDemoHasABigHallOfThreeFloorsWhoseLongSeatNamesSell(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if _, err := db.SeedDemo(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.QueryRow("SELECT id FROM shows WHERE title = '위키드'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	show, layout, err := db.ShowLayout(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	floors := map[int]bool{}
	for _, s := range layout.Sections {
		floors[s.Floor] = true
	}
	if show.TotalSeats != 1766 || len(floors) != 3 || len(layout.Sections) != 9 {
		t.Fatalf("위키드: %d seats in %d sections on %d floors, want 1,766 in 9 on 3 (Blue Square's Shinhan Card Hall)", show.TotalSeats, len(layout.Sections), len(floors))
	}
	// The longest names of the hall are stored and sold like "A1".
	alice := newUser(t, db, "alice")
	r, err := db.Reserve(ctx, alice.ID, id, []string{"1F-B-1-10", "3F-C-10-12"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 180000+70000 {
		t.Fatalf("charged %d, want a VIP seat (180,000) and an A seat (70,000)", r.Total)
	}
	if _, err := db.Reserve(ctx, newUser(t, db, "bob").ID, id, []string{"3F-C-10-12"}, nil); podo.ErrorCode(err) != podo.ESeatTaken {
		t.Fatalf("second sale of 3F-C-10-12: %v, want seat_taken", err)
	}
}
