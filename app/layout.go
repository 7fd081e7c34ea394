package podo

import (
	"slices"
	"strconv"
)

// Layout is a hall: rows of numbered seats, with aisles between some of them,
// and the seat grades it sells with their prices. It is data, stored with each
// show, so halls can differ.
type Layout struct {
	Rows   []LayoutRow  `json:"rows"`
	Grades []GradePrice `json:"grades,omitempty"`
}

// LayoutRow is one row of a hall. Its seats cost the price of its grade, else
// its own price, else the show's; a row has a grade or a price, not both.
type LayoutRow struct {
	Label  string `json:"label"`            // one capital letter
	Seats  int    `json:"seats"`            // seats numbered 1..Seats
	Aisles []int  `json:"aisles,omitempty"` // seat numbers after which an empty column stands
	Price  int64  `json:"price,omitempty"`  // 0: the show's price
	Grade  Grade  `json:"grade,omitempty"`  // the row's seat grade, priced in Layout.Grades
}

// Limits of a layout.
const (
	MaxRows        = 26
	MaxSeatsPerRow = 60
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
	if len(l.Rows) == 0 || len(l.Rows) > MaxRows {
		return Errorf(EInvalid, "A layout needs between 1 and %d rows.", MaxRows)
	}
	seen := map[string]bool{}
	for _, r := range l.Rows {
		if len(r.Label) != 1 || r.Label[0] < 'A' || r.Label[0] > 'Z' {
			return Errorf(EInvalid, "Row label %q must be one capital letter.", r.Label)
		}
		if seen[r.Label] {
			return Errorf(EInvalid, "Row %s appears twice.", r.Label)
		}
		seen[r.Label] = true
		if r.Seats < 1 || r.Seats > MaxSeatsPerRow {
			return Errorf(EInvalid, "Row %s needs between 1 and %d seats.", r.Label, MaxSeatsPerRow)
		}
		for _, a := range r.Aisles {
			if a < 1 || a >= r.Seats {
				return Errorf(EInvalid, "Row %s has an aisle after seat %d, which is not between two seats.", r.Label, a)
			}
		}
		if r.Price < 0 {
			return Errorf(EInvalid, "Row %s has a negative price.", r.Label)
		}
		if r.Grade != "" {
			if r.Price != 0 {
				return Errorf(EInvalid, "Row %s has both a grade and a price of its own; its grade sets its price.", r.Label)
			}
			if _, ok := l.gradePrice(r.Grade); !ok {
				return Errorf(EInvalid, "Row %s has grade %q, which the layout's grades do not price.", r.Label, r.Grade)
			}
		}
	}
	return l.validateGrades()
}

// Seats lists every seat of the layout, in row then number order, with its
// grade and its price. This is the one rule for a seat's price: the seat map
// shows it and the seats table, from which a booking is charged, is written from
// it whenever the layout or the show's price changes.
func (l Layout) Seats(showPrice int64) []Seat {
	var seats []Seat
	for _, r := range l.Rows {
		price := r.Price
		if gp, ok := l.gradePrice(r.Grade); ok && r.Grade != "" {
			price = gp
		} else if price == 0 {
			price = showPrice
		}
		col := 0
		for n := 1; n <= r.Seats; n++ {
			col++
			seats = append(seats, Seat{Name: r.Label + strconv.Itoa(n), Row: r.Label, Column: col, Price: price, Grade: r.Grade, Status: SeatAvailable})
			if slices.Contains(r.Aisles, n) {
				col++
			}
		}
	}
	return seats
}

// Columns is the width of the layout's grid, aisles included.
func (l Layout) Columns() int {
	w := 0
	for _, r := range l.Rows {
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

// ParseSeatName checks that a seat name has the form of a row letter and a
// seat number (A1..Z60) and returns its parts. Whether the seat exists is the
// show's layout's business.
func ParseSeatName(name string) (row string, number int, ok bool) {
	if len(name) < 2 || len(name) > 3 || name[0] < 'A' || name[0] > 'Z' {
		return "", 0, false
	}
	if name[1] == '0' {
		return "", 0, false
	}
	for i := 1; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' { // Atoi alone would take "+1"
			return "", 0, false
		}
	}
	n, err := strconv.Atoi(name[1:])
	if err != nil || n < 1 || n > MaxSeatsPerRow {
		return "", 0, false
	}
	return name[:1], n, true
}

// NormalizeSeats validates a seat request: between 1 and max seats, each a
// well-formed name, none twice. It returns the names sorted, the order in which
// seats are always locked.
func NormalizeSeats(seats []string, maxSeats int) ([]string, error) {
	if len(seats) == 0 {
		return nil, Errorf(EInvalid, "Choose at least one seat.")
	}
	if len(seats) > maxSeats {
		return nil, Errorf(EInvalid, "You can choose at most %d seats at a time.", maxSeats)
	}
	out := make([]string, 0, len(seats))
	var bad []string
	for _, s := range seats {
		if _, _, ok := ParseSeatName(s); !ok {
			bad = append(bad, s)
			continue
		}
		if slices.Contains(out, s) {
			return nil, SeatError(EInvalid, "Seat "+s+" is listed twice.", []string{s})
		}
		out = append(out, s)
	}
	if len(bad) > 0 {
		return nil, SeatError(EInvalid, "These are not seat names: "+joinSeats(bad)+".", bad)
	}
	slices.Sort(out)
	return out, nil
}

func joinSeats(seats []string) string {
	s := ""
	for i, n := range seats {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(n)
	}
	return s
}
