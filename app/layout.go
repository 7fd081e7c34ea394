package podo

import (
	"slices"
)

// Layout is a hall and the seat grades it sells with their prices. It is data,
// stored with each show, so halls can differ. A small hall is rows of numbered
// seats (the original's); a big one is floors of sections, each its own rows
// (see LayoutSection). A layout has one or the other, so every layout stored
// before halls had sections is still a valid small hall.
type Layout struct {
	Rows     []LayoutRow     `json:"rows,omitempty"`
	Sections []LayoutSection `json:"sections,omitempty"`
	Grades   []GradePrice    `json:"grades,omitempty"`
}

// LayoutRow is one row of seats. Its seats cost the price of its grade, else
// its own price, else the show's; a row has a grade or a price, not both.
type LayoutRow struct {
	Label  string `json:"label"`            // one capital letter; in a section a number (1–99) or letters (A–ZZ)
	Seats  int    `json:"seats"`            // seats numbered 1..Seats
	Aisles []int  `json:"aisles,omitempty"` // seat numbers after which an empty column stands
	Price  int64  `json:"price,omitempty"`  // 0: the show's price
	Grade  Grade  `json:"grade,omitempty"`  // the row's seat grade, priced in Layout.Grades
}

// Limits of a layout.
const (
	MaxRows        = 26 // of a small hall
	MaxSeatsPerRow = 60
	MaxHallSeats   = 3000
)

// DefaultLayout is the original's hall: rows A–J of 14 seats, 140 in all.
func DefaultLayout() Layout {
	l := Layout{}
	for r := 'A'; r <= 'J'; r++ {
		l.Rows = append(l.Rows, LayoutRow{Label: string(r), Seats: 14})
	}
	return l
}

// Validate reports the first thing wrong with a layout as an EInvalid error.
func (l Layout) Validate() error {
	switch {
	case len(l.Rows) > 0 && len(l.Sections) > 0:
		return Errorf(EInvalid, "A layout has rows or sections, not both.")
	case len(l.Sections) > 0:
		if err := l.validateSections(); err != nil {
			return err
		}
	default:
		if err := l.validateRows(); err != nil {
			return err
		}
	}
	if n := len(l.Seats(0)); n > MaxHallSeats {
		return Errorf(EInvalid, "A hall has at most %d seats; this one has %d.", MaxHallSeats, n)
	}
	return l.validateGrades()
}

func (l Layout) validateRows() error {
	if len(l.Rows) == 0 || len(l.Rows) > MaxRows {
		return Errorf(EInvalid, "A layout needs between 1 and %d rows.", MaxRows)
	}
	seen := map[string]bool{}
	for _, r := range l.Rows {
		if len(r.Label) != 1 || !isUpper(r.Label[0]) {
			return Errorf(EInvalid, "Row label %q must be one capital letter.", r.Label)
		}
		if seen[r.Label] {
			return Errorf(EInvalid, "Row %s appears twice.", r.Label)
		}
		seen[r.Label] = true
		if err := l.validateRow(r, "Row "+r.Label); err != nil {
			return err
		}
	}
	return nil
}

// validateRow checks what every row needs, wherever it stands; where names it in errors.
func (l Layout) validateRow(r LayoutRow, where string) error {
	if r.Seats < 1 || r.Seats > MaxSeatsPerRow {
		return Errorf(EInvalid, "%s needs between 1 and %d seats.", where, MaxSeatsPerRow)
	}
	for _, a := range r.Aisles {
		if a < 1 || a >= r.Seats {
			return Errorf(EInvalid, "%s has an aisle after seat %d, which is not between two seats.", where, a)
		}
	}
	if r.Price < 0 || r.Price > MaxPrice {
		return Errorf(EInvalid, "%s needs a price from 0 to %d won.", where, int64(MaxPrice))
	}
	if r.Grade != "" {
		if r.Price != 0 {
			return Errorf(EInvalid, "%s has both a grade and a price of its own; its grade sets its price.", where)
		}
		if _, ok := l.gradePrice(r.Grade); !ok {
			return Errorf(EInvalid, "%s has grade %q, which the layout's grades do not price.", where, r.Grade)
		}
	}
	return nil
}

// Seats lists every seat of the layout, section by section, row by row, in
// number order, with its grade and its price. This is the one rule for a seat's
// price: the seat map shows it and the seats table, from which a booking is
// charged, is written from it whenever the layout or the show's price changes.
func (l Layout) Seats(showPrice int64) []Seat {
	var seats []Seat
	for _, sec := range l.parts() {
		id := ""
		if sec.Floor != 0 {
			id = sec.ID()
		}
		for _, r := range sec.Rows {
			price := r.Price
			if gp, ok := l.gradePrice(r.Grade); ok && r.Grade != "" {
				price = gp
			} else if price == 0 {
				price = showPrice
			}
			col := 0
			for n := 1; n <= r.Seats; n++ {
				col++
				name := SeatName{Floor: sec.Floor, Section: sec.Name, Row: r.Label, Number: n}
				seats = append(seats, Seat{Name: name.String(), Section: id, Row: r.Label, Number: n, Column: col,
					Price: price, Grade: r.Grade, Status: SeatAvailable})
				if slices.Contains(r.Aisles, n) {
					col++
				}
			}
		}
	}
	return seats
}

// parts is the layout as sections: a small hall is one section without a floor or a name.
func (l Layout) parts() []LayoutSection {
	if len(l.Sections) > 0 {
		return l.Sections
	}
	return []LayoutSection{{Rows: l.Rows}}
}

// Columns is the width of a small hall's grid, aisles included (0 for a hall of sections,
// whose sections have widths of their own).
func (l Layout) Columns() int { return columns(l.Rows) }

func columns(rows []LayoutRow) int {
	w := 0
	for _, r := range rows {
		c := r.Seats
		for _, a := range r.Aisles {
			if a >= 1 && a < r.Seats {
				c++
			}
		}
		w = max(w, c)
	}
	return w
}

// SeatMap is the layout's seat map with the given seats (from Seats, with their states).
func (l Layout) SeatMap(showID int64, seats []Seat) SeatMap {
	m := SeatMap{ShowID: showID, Rows: []string{}, Columns: l.Columns(), Seats: slices.Clone(seats)}
	for _, r := range l.Rows {
		m.Rows = append(m.Rows, r.Label)
	}
	for _, sec := range l.Sections {
		s := SeatSection{ID: sec.ID(), Floor: sec.Floor, Name: sec.Name, Columns: columns(sec.Rows), Rows: make([]string, len(sec.Rows))}
		for i, r := range sec.Rows {
			s.Rows[i] = r.Label
		}
		m.Sections = append(m.Sections, s)
	}
	return m
}
