package podo

import (
	"slices"
	"testing"
)

// hall is rows A–C of 6 seats with an aisle after seat 3: columns 1–3 and 5–7.
func hall(taken ...string) SeatMap {
	l := Layout{Rows: []LayoutRow{{Label: "A", Seats: 6, Aisles: []int{3}, Grade: GradeVIP}, {Label: "B", Seats: 6, Aisles: []int{3}, Grade: GradeR}, {Label: "C", Seats: 6, Aisles: []int{3}, Grade: GradeR}},
		Grades: []GradePrice{{Grade: GradeVIP, Price: 2}, {Grade: GradeR, Price: 1}}}
	seats := l.Seats(1)
	for i := range seats {
		if slices.Contains(taken, seats[i].Name) {
			seats[i].Status = SeatReserved
		}
	}
	return SeatMap{Rows: []string{"A", "B", "C"}, Columns: l.Columns(), Seats: seats}
}

func TestBestAvailablePicksTheFrontRowsMiddleRun(t *testing.T) {
	got, ok := BestAvailable(hall(), GradeR, 2, nil)
	if !ok || !slices.Equal(got, []string{"B3", "B4"}) && !slices.Equal(got, []string{"B2", "B3"}) && !slices.Equal(got, []string{"B4", "B5"}) {
		t.Fatalf("got %v, want a middle pair of row B (the front R row)", got)
	}
	if slices.Equal(got, []string{"B3", "B4"}) {
		t.Fatalf("B3 and B4 stand either side of the aisle; they are not together")
	}
}

func TestBestAvailableSkipsRowsWithoutARunAndNeverSpansAnAisle(t *testing.T) {
	// Row B has only single seats either side of taken ones; row C is free.
	got, ok := BestAvailable(hall("B2", "B5"), GradeR, 2, nil)
	if !ok || got[0][0] != 'C' {
		t.Fatalf("got %v, want a pair in row C", got)
	}
	if _, ok := BestAvailable(hall(), GradeVIP, 4, nil); ok {
		t.Fatal("found 4 together in a row split 3 + 3 by an aisle")
	}
	if got, ok := BestAvailable(hall(), "", 3, []string{"A1"}); !ok || !slices.Equal(got, []string{"A4", "A5", "A6"}) {
		t.Fatalf("any grade, 3, skipping A1: got %v, want A4–A6", got)
	}
}

// floors is a hall of sections: floor 1 has L, M (the middle) and R; floor 2 has one section.
func floors(taken ...string) SeatMap {
	row := func(label string, n int) LayoutRow { return LayoutRow{Label: label, Seats: n} }
	l := Layout{Sections: []LayoutSection{
		{Floor: 2, Name: "A", Rows: []LayoutRow{row("1", 6)}},
		{Floor: 1, Name: "L", Rows: []LayoutRow{row("1", 3), row("2", 3)}},
		{Floor: 1, Name: "M", Rows: []LayoutRow{row("1", 4), row("2", 4)}},
		{Floor: 1, Name: "R", Rows: []LayoutRow{row("1", 3), row("2", 3)}},
	}}
	seats := l.Seats(1)
	for i := range seats {
		if slices.Contains(taken, seats[i].Name) {
			seats[i].Status = SeatReserved
		}
	}
	return l.SeatMap(1, seats)
}

func TestBestAvailableInAHallOfSectionsGoesFloorByFloorFrontRowsFirstMiddleSectionFirst(t *testing.T) {
	if got, _ := BestAvailable(floors(), "", 2, nil); !slices.Equal(got, []string{"1F-M-1-2", "1F-M-1-3"}) {
		t.Fatalf("got %v, want the middle of the middle section's front row", got)
	}
	// The middle section's front row is gone: the side sections' front rows come before its second.
	if got, _ := BestAvailable(floors("1F-M-1-2", "1F-M-1-3"), "", 3, nil); !slices.Equal(got, []string{"1F-L-1-1", "1F-L-1-2", "1F-L-1-3"}) {
		t.Fatalf("got %v, want section L's front row", got)
	}
	// Five together fit only upstairs, though floor 2 was listed first.
	if got, _ := BestAvailable(floors(), "", 5, nil); len(got) != 5 || got[0][:2] != "2F" {
		t.Fatalf("got %v, want five on floor 2", got)
	}
}
