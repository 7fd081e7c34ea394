package podo

import "slices"

// Grade is a class of seats with its own price, as Korean musicals sell them.
type Grade string

// The grades, best first.
const (
	GradeVIP Grade = "VIP"
	GradeR   Grade = "R"
	GradeS   Grade = "S"
	GradeA   Grade = "A"
)

// Grades lists every grade, best first.
var Grades = []Grade{GradeVIP, GradeR, GradeS, GradeA}

// MaxPrice bounds any seat's price (₩100,000,000): a booking's total, at most
// 20 seats, then stays far inside int64, and a typo cannot sell a seat for
// a fortune.
const MaxPrice = 100_000_000

// GradePrice is what seats of one grade cost in a hall.
type GradePrice struct {
	Grade Grade `json:"grade"`
	Price int64 `json:"price"`
}

func (l Layout) gradePrice(g Grade) (int64, bool) {
	for _, gp := range l.Grades {
		if gp.Grade == g {
			return gp.Price, true
		}
	}
	return 0, false
}

func (l Layout) validateGrades() error {
	seen := map[Grade]bool{}
	for _, gp := range l.Grades {
		if !slices.Contains(Grades, gp.Grade) {
			return Errorf(EInvalid, "Grade %q is not one of VIP, R, S and A.", gp.Grade)
		}
		if seen[gp.Grade] {
			return Errorf(EInvalid, "Grade %s is priced twice.", gp.Grade)
		}
		seen[gp.Grade] = true
		if gp.Price < 0 || gp.Price > MaxPrice {
			return Errorf(EInvalid, "Grade %s needs a price from 0 to %d won.", gp.Grade, int64(MaxPrice))
		}
	}
	return nil
}
