package podo_test

import (
	"slices"
	"testing"

	"github.com/podo-tickets/podo/app"
)

func TestDefaultLayoutIsTheOriginalHall(t *testing.T) {
	l := podo.DefaultLayout()
	seats := l.Seats(120000)
	if len(seats) != 140 || l.Columns() != 14 {
		t.Fatalf("%d seats in %d columns, want 140 in 14", len(seats), l.Columns())
	}
	if seats[0].Name != "A1" || seats[139].Name != "J14" || seats[139].Column != 14 || seats[0].Price != 120000 {
		t.Fatalf("first %+v last %+v", seats[0], seats[139])
	}
}

func TestAislesShiftColumns(t *testing.T) {
	l := podo.Layout{Rows: []podo.LayoutRow{{Label: "A", Seats: 6, Aisles: []int{2, 4}, Price: 9}}}
	var cols []int
	for _, s := range l.Seats(1) {
		cols = append(cols, s.Column)
	}
	if !slices.Equal(cols, []int{1, 2, 4, 5, 7, 8}) || l.Columns() != 8 {
		t.Fatalf("columns %v (width %d)", cols, l.Columns())
	}
}

func TestLayoutValidation(t *testing.T) {
	bad := map[string]podo.Layout{
		"no rows":         {},
		"lowercase label": {Rows: []podo.LayoutRow{{Label: "a", Seats: 3}}},
		"two letters":     {Rows: []podo.LayoutRow{{Label: "AA", Seats: 3}}},
		"repeated row":    {Rows: []podo.LayoutRow{{Label: "A", Seats: 3}, {Label: "A", Seats: 3}}},
		"no seats":        {Rows: []podo.LayoutRow{{Label: "A", Seats: 0}}},
		"too many seats":  {Rows: []podo.LayoutRow{{Label: "A", Seats: 61}}},
		"aisle at end":    {Rows: []podo.LayoutRow{{Label: "A", Seats: 3, Aisles: []int{3}}}},
		"negative price":  {Rows: []podo.LayoutRow{{Label: "A", Seats: 3, Price: -1}}},
		"price too high":  {Rows: []podo.LayoutRow{{Label: "A", Seats: 3, Price: podo.MaxPrice + 1}}},
		"grade too high": {Rows: []podo.LayoutRow{{Label: "A", Seats: 3, Grade: "VIP"}},
			Grades: []podo.GradePrice{{Grade: "VIP", Price: 1 << 62}}},
	}
	for name, l := range bad {
		if podo.ErrorCode(l.Validate()) != podo.EInvalid {
			t.Errorf("%s: %v, want invalid", name, l.Validate())
		}
	}
	if err := podo.DefaultLayout().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestNormalizeSeats(t *testing.T) {
	got, err := podo.NormalizeSeats([]string{"B2", "A10", "A2"}, 4)
	if err != nil || !slices.Equal(got, []string{"A10", "A2", "B2"}) {
		t.Fatalf("%v %v", got, err)
	}
	for _, in := range [][]string{nil, {}, {"A1", "A2", "A3", "A4", "A5"}, {"A1", "A1"}, {"A0"}, {"Z99"}, {"A01"}, {"a1"}, {""}, {"A-1"}} {
		if _, err := podo.NormalizeSeats(in, 4); podo.ErrorCode(err) != podo.EInvalid {
			t.Errorf("%q: %v, want invalid", in, err)
		}
	}
}

// FuzzParseSeatName checks that whatever a client sends as a seat name, the
// parser either refuses it or returns parts that spell the name back.
func FuzzParseSeatName(f *testing.F) {
	for _, s := range []string{"A1", "J14", "Z60", "Z61", "A0", "A01", "a1", "", "AA1", "A1 ", "Ａ1", "A١",
		"1F-B-7-12", "9F-OP-AA-60", "0F-A-1-1", "1F-A-01-1", "1F-A-1-61", "1F--1-1", "1F-ABCD-1-1", "1F-A-1-1-1", "1f-a-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		n, ok := podo.ParseSeatName(name)
		if !ok {
			return
		}
		if n.Number < 1 || n.Number > podo.MaxSeatsPerRow || n.Floor < 0 || n.Floor > 9 {
			t.Fatalf("%q parsed as %+v", name, n)
		}
		if back := n.String(); back != name {
			t.Fatalf("%q parsed as %+v, which spells %q", name, n, back)
		}
	})
}

func TestSeatNamesSayFloorSectionRowAndNumber(t *testing.T) {
	for name, want := range map[string]podo.SeatName{
		"A1":          {Row: "A", Number: 1},
		"J14":         {Row: "J", Number: 14},
		"1F-B-7-12":   {Floor: 1, Section: "B", Row: "7", Number: 12},
		"3F-OP-AA-60": {Floor: 3, Section: "OP", Row: "AA", Number: 60},
	} {
		if got, ok := podo.ParseSeatName(name); !ok || got != want {
			t.Errorf("%q: %+v %v, want %+v", name, got, ok, want)
		}
	}
	for _, bad := range []string{"1F-B-7", "0F-B-7-1", "1F-b-7-1", "1F-B-07-1", "1F-B-7-0", "1F-B-A1-1", "10F-B-7-1", "1F-B-7-1-"} {
		if _, ok := podo.ParseSeatName(bad); ok {
			t.Errorf("%q parsed as a seat name", bad)
		}
	}
}

func TestSeatsArePricedByTheirRowsGrade(t *testing.T) {
	l := podo.Layout{
		Rows:   []podo.LayoutRow{{Label: "A", Seats: 2, Grade: podo.GradeVIP}, {Label: "B", Seats: 2, Price: 90000}, {Label: "C", Seats: 1}},
		Grades: []podo.GradePrice{{Grade: podo.GradeVIP, Price: 170000}, {Grade: podo.GradeR, Price: 140000}},
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	got := map[string]podo.Seat{}
	for _, s := range l.Seats(50000) {
		got[s.Name] = s
	}
	if s := got["A2"]; s.Grade != podo.GradeVIP || s.Price != 170000 {
		t.Errorf("A2 = %+v, want a VIP seat at 170000", s)
	}
	if s := got["B1"]; s.Grade != "" || s.Price != 90000 {
		t.Errorf("B1 = %+v, want the row's 90000", s)
	}
	if s := got["C1"]; s.Price != 50000 {
		t.Errorf("C1 = %+v, want the show's 50000", s)
	}
}

func TestValidateRefusesGradesThatCannotBePriced(t *testing.T) {
	for name, l := range map[string]podo.Layout{
		"unknown grade":        {Rows: []podo.LayoutRow{{Label: "A", Seats: 1}}, Grades: []podo.GradePrice{{Grade: "Z", Price: 1}}},
		"unpriced row grade":   {Rows: []podo.LayoutRow{{Label: "A", Seats: 1, Grade: podo.GradeR}}},
		"grade and price":      {Rows: []podo.LayoutRow{{Label: "A", Seats: 1, Grade: podo.GradeR, Price: 5}}, Grades: []podo.GradePrice{{Grade: podo.GradeR, Price: 1}}},
		"grade priced twice":   {Rows: []podo.LayoutRow{{Label: "A", Seats: 1}}, Grades: []podo.GradePrice{{Grade: podo.GradeR, Price: 1}, {Grade: podo.GradeR, Price: 2}}},
		"negative grade price": {Rows: []podo.LayoutRow{{Label: "A", Seats: 1}}, Grades: []podo.GradePrice{{Grade: podo.GradeS, Price: -1}}},
	} {
		if code := podo.ErrorCode(l.Validate()); code != podo.EInvalid {
			t.Errorf("%s: code %q, want %q", name, code, podo.EInvalid)
		}
	}
}
