package main

import (
	"fmt"
	"testing"

	"github.com/podo-tickets/podo/app"
)

// A big hall through the API: the admin lays it out in floors and sections, the seat map
// describes each section, and its seats, named by floor, section, row and number, are held and
// sold like any other.
func TestAHallOfFloorsAndSectionsIsLaidOutHeldAndSold(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	show := s.show()
	row := func(label string, seats int, grade string) map[string]any {
		return map[string]any{"label": label, "seats": seats, "grade": grade}
	}
	layout := map[string]any{
		"sections": []map[string]any{
			{"floor": 1, "name": "A", "rows": []map[string]any{row("1", 4, "R"), row("2", 5, "R")}},
			{"floor": 1, "name": "B", "rows": []map[string]any{row("1", 6, "VIP"), row("2", 6, "VIP")}},
			{"floor": 1, "name": "C", "rows": []map[string]any{row("1", 4, "R"), row("2", 5, "R")}},
			{"floor": 2, "name": "A", "rows": []map[string]any{row("1", 10, "A")}},
		},
		"grades": []map[string]any{{"grade": "VIP", "price": 170000}, {"grade": "R", "price": 140000}, {"grade": "A", "price": 80000}},
	}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, layout); r.Status != 200 {
		t.Fatalf("layout: %d %s", r.Status, r.Body)
	}
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
	if len(sm.Sections) != 4 || sm.Sections[3].ID != "2F-A" || sm.Sections[1].Columns != 6 || len(sm.Seats) != 40 || len(sm.Rows) != 0 {
		t.Fatalf("seat map: sections %+v, %d seats, rows %v", sm.Sections, len(sm.Seats), sm.Rows)
	}
	var sh podo.Show
	s.do("GET", fmt.Sprintf("/api/shows/%d", show.ID), "", nil).decode(t, &sh)
	if sh.TotalSeats != 40 || sh.MinPrice != 80000 {
		t.Fatalf("show: %d seats from %d, want 40 from 80000", sh.TotalSeats, sh.MinPrice)
	}

	_, alice := s.user("alice")
	_, bob := s.user("bob")
	// Best available starts in the middle section's front row.
	var h podo.Hold
	s.do("POST", fmt.Sprintf("/api/shows/%d/hold/best", show.ID), alice, map[string]any{"count": 2}).decode(t, &h)
	if fmt.Sprint(h.Seats) != "[1F-B-1-3 1F-B-1-4]" {
		t.Fatalf("best two: %v, want the middle of 1F-B's front row", h.Seats)
	}
	if r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), bob, map[string]any{"seats": []string{"1F-B-1-3"}}); r.Status != 409 || r.code() != podo.ESeatHeld {
		t.Fatalf("bob holds alice's seat: %d %s, want 409 %s", r.Status, r.Body, podo.ESeatHeld)
	}
	var res podo.Reservation
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), alice, map[string]any{"seats": []string{"1F-B-1-3", "1F-B-1-4", "2F-A-1-10"}})
	r.decode(t, &res)
	if r.Status != 201 || res.Total != 2*170000+80000 {
		t.Fatalf("alice books: %d %s, want 201 charging 420000", r.Status, r.Body)
	}
	if st := seatStatus(t, s, show.ID, "2F-A-1-10"); st != podo.SeatReserved {
		t.Fatalf("2F-A-1-10 is %s, want reserved", st)
	}
	for name, seat := range map[string]string{"no such section": "1F-D-1-1", "no such row": "1F-A-3-1", "malformed": "1F-A-1"} {
		r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), bob, map[string]any{"seats": []string{seat}})
		if r.Status != 400 || r.code() != podo.EInvalid {
			t.Errorf("%s (%s): %d %s, want 400 %s", name, seat, r.Status, r.Body, podo.EInvalid)
		}
	}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, map[string]any{
		"rows": []map[string]any{{"label": "A", "seats": 4}}, "sections": layout["sections"],
	}); r.Status != 400 || r.code() != podo.EInvalid {
		t.Fatalf("rows and sections: %d %s, want 400 invalid", r.Status, r.Body)
	}
}
