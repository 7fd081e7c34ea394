package podo_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/podo-tickets/podo/app"
)

// twoFloors is a small hall of sections: floor 1 has A, B and C (B with an aisle), floor 2 has A.
func twoFloors() podo.Layout {
	return podo.Layout{
		Sections: []podo.LayoutSection{
			{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "1", Seats: 3, Grade: podo.GradeR}, {Label: "2", Seats: 4, Grade: podo.GradeR}}},
			{Floor: 1, Name: "B", Rows: []podo.LayoutRow{{Label: "1", Seats: 6, Aisles: []int{3}, Grade: podo.GradeVIP}}},
			{Floor: 1, Name: "C", Rows: []podo.LayoutRow{{Label: "1", Seats: 3, Grade: podo.GradeR}}},
			{Floor: 2, Name: "A", Rows: []podo.LayoutRow{{Label: "1", Seats: 5, Grade: podo.GradeS}}},
		},
		Grades: []podo.GradePrice{{Grade: podo.GradeVIP, Price: 170000}, {Grade: podo.GradeR, Price: 140000}, {Grade: podo.GradeS, Price: 110000}},
	}
}

func TestSeatsOfASectionAreNamedByFloorSectionRowAndNumber(t *testing.T) {
	l := twoFloors()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	seats := l.Seats(0)
	byName := map[string]podo.Seat{}
	for _, s := range seats {
		byName[s.Name] = s
	}
	if len(seats) != 21 || len(byName) != 21 {
		t.Fatalf("%d seats, %d names, want 21 of each", len(seats), len(byName))
	}
	if s := byName["1F-B-1-4"]; s.Section != "1F-B" || s.Row != "1" || s.Number != 4 || s.Column != 5 || s.Grade != podo.GradeVIP || s.Price != 170000 {
		t.Errorf("1F-B-1-4 = %+v, want section 1F-B, row 1, number 4 in column 5 (after the aisle), VIP at 170000", s)
	}
	if s := byName["2F-A-1-5"]; s.Section != "2F-A" || s.Price != 110000 {
		t.Errorf("2F-A-1-5 = %+v", s)
	}
	for _, s := range seats {
		if n, ok := podo.ParseSeatName(s.Name); !ok || n.String() != s.Name {
			t.Fatalf("%q is not a well-formed seat name", s.Name)
		}
	}
}

func TestTheSeatMapOfAHallOfSectionsDescribesEachSection(t *testing.T) {
	l := twoFloors()
	m := l.SeatMap(7, l.Seats(0))
	if len(m.Rows) != 0 || m.Columns != 0 || len(m.Seats) != 21 {
		t.Fatalf("rows %v, columns %d, %d seats: a hall of sections has no single grid", m.Rows, m.Columns, len(m.Seats))
	}
	var ids []string
	for _, s := range m.Sections {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []string{"1F-A", "1F-B", "1F-C", "2F-A"}) {
		t.Fatalf("sections %v", ids)
	}
	if b := m.Sections[1]; b.Floor != 1 || b.Name != "B" || b.Columns != 7 || !slices.Equal(b.Rows, []string{"1"}) {
		t.Fatalf("section B = %+v, want floor 1, 7 columns (6 seats and an aisle), row 1", b)
	}
	small := podo.DefaultLayout()
	if sm := small.SeatMap(1, small.Seats(1)); len(sm.Sections) != 0 || len(sm.Rows) != 10 || sm.Columns != 14 {
		t.Fatalf("the original's hall: %d sections, rows %v, %d columns", len(sm.Sections), sm.Rows, sm.Columns)
	}
}

func TestALayoutStoredBeforeSectionsIsStillTheSameHall(t *testing.T) {
	// As shows' layouts were stored before halls had sections.
	stored := `{"rows":[{"label":"A","seats":4,"grade":"VIP"},{"label":"B","seats":4,"aisles":[2],"price":90000}],"grades":[{"grade":"VIP","price":170000}]}`
	var l podo.Layout
	if err := json.Unmarshal([]byte(stored), &l); err != nil {
		t.Fatal(err)
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range l.Seats(50000) {
		names = append(names, s.Name)
		if s.Section != "" {
			t.Fatalf("%s has section %q", s.Name, s.Section)
		}
	}
	if !slices.Equal(names, []string{"A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"}) {
		t.Fatalf("seats %v", names)
	}
	again, _ := json.Marshal(l)
	if string(again) != stored {
		t.Fatalf("stored again as %s", again)
	}
}

func TestValidateRefusesBadSections(t *testing.T) {
	row := []podo.LayoutRow{{Label: "1", Seats: 2}}
	big := make([]podo.LayoutRow, 40)
	for i := range big {
		big[i] = podo.LayoutRow{Label: string(rune('A'+i/26)) + string(rune('A'+i%26)), Seats: 60}
	}
	for name, l := range map[string]podo.Layout{
		"rows and sections": {Rows: []podo.LayoutRow{{Label: "A", Seats: 1}}, Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: row}}},
		"floor 0":           {Sections: []podo.LayoutSection{{Floor: 0, Name: "A", Rows: row}}},
		"floor 10":          {Sections: []podo.LayoutSection{{Floor: 10, Name: "A", Rows: row}}},
		"lowercase name":    {Sections: []podo.LayoutSection{{Floor: 1, Name: "a", Rows: row}}},
		"long name":         {Sections: []podo.LayoutSection{{Floor: 1, Name: "ABCD", Rows: row}}},
		"section twice":     {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: row}, {Floor: 1, Name: "A", Rows: row}}},
		"no rows":           {Sections: []podo.LayoutSection{{Floor: 1, Name: "A"}}},
		"row twice":         {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "1", Seats: 1}, {Label: "1", Seats: 1}}}}},
		"row 0":             {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "0", Seats: 1}}}}},
		"row A1":            {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "A1", Seats: 1}}}}},
		"too many seats":    {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "1", Seats: 61}}}}},
		"unpriced grade":    {Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: []podo.LayoutRow{{Label: "1", Seats: 1, Grade: podo.GradeR}}}}},
		"over 3,000 seats": {Sections: []podo.LayoutSection{
			{Floor: 1, Name: "A", Rows: big}, {Floor: 1, Name: "B", Rows: big}}}, // 4,800 seats
	} {
		if code := podo.ErrorCode(l.Validate()); code != podo.EInvalid {
			t.Errorf("%s: code %q, want %q", name, code, podo.EInvalid)
		}
	}
	// Same names on different floors, and in one section on another's floor, are fine.
	ok := podo.Layout{Sections: []podo.LayoutSection{{Floor: 1, Name: "A", Rows: row}, {Floor: 2, Name: "A", Rows: row}, {Floor: 1, Name: "OP", Rows: row}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}
