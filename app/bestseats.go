package podo

import (
	"cmp"
	"math"
	"slices"
)

// ENoSeatsTogether answers a best-available request that no free run of seats can meet.
const ENoSeatsTogether = "no_seats_together"

// BestAvailable picks n adjacent free seats of a grade ("" for any) as a box office would:
// the best row that has such a run (see rowsBestFirst), and in it the run nearest the middle
// of the row. Seats are adjacent when their grid columns follow each other, so a run never
// spans an aisle. skip lists seats not to pick (e.g. ones just lost in a race).
func BestAvailable(m SeatMap, grade Grade, n int, skip []string) ([]string, bool) {
	if n < 1 {
		return nil, false
	}
	free := func(s Seat) bool {
		return s.Status == SeatAvailable && (grade == "" || s.Grade == grade) && !slices.Contains(skip, s.Name)
	}
	for _, seats := range rowsBestFirst(m) {
		middle := float64(seats[0].Column+seats[len(seats)-1].Column) / 2
		best, bestDist := -1, 0.0
		for i := 0; i+n <= len(seats); i++ {
			ok := true
			for j := i; j < i+n; j++ {
				if !free(seats[j]) || (j > i && seats[j].Column != seats[j-1].Column+1) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			d := math.Abs(float64(seats[i].Column+seats[i+n-1].Column)/2 - middle)
			if best < 0 || d < bestDist {
				best, bestDist = i, d
			}
		}
		if best >= 0 {
			names := make([]string, n)
			for j := range n {
				names[j] = seats[best+j].Name
			}
			return names, true
		}
	}
	return nil, false
}

// rowsBestFirst lists the map's rows, each its seats in column order, best first. In a small
// hall that is front to back. In a hall of sections it is floor by floor from the stage, and on
// a floor row by row from the front, the section nearest the middle of the floor first.
func rowsBestFirst(m SeatMap) [][]Seat {
	type key struct{ section, row string }
	byRow := map[key][]Seat{}
	for _, s := range m.Seats {
		k := key{s.Section, s.Row}
		byRow[k] = append(byRow[k], s)
	}
	var order []key
	if len(m.Sections) == 0 {
		for _, r := range m.Rows {
			order = append(order, key{"", r})
		}
	}
	byFloor := map[int][]SeatSection{}
	var floors []int
	for _, sec := range m.Sections {
		if _, ok := byFloor[sec.Floor]; !ok {
			floors = append(floors, sec.Floor)
		}
		byFloor[sec.Floor] = append(byFloor[sec.Floor], sec)
	}
	slices.Sort(floors)
	for _, f := range floors {
		secs := slices.Clone(byFloor[f])
		middle := float64(len(byFloor[f])-1) / 2
		at := map[string]int{}
		for i, s := range byFloor[f] {
			at[s.ID] = i
		}
		slices.SortStableFunc(secs, func(a, b SeatSection) int {
			return cmp.Compare(math.Abs(float64(at[a.ID])-middle), math.Abs(float64(at[b.ID])-middle))
		})
		deepest := 0
		for _, s := range secs {
			deepest = max(deepest, len(s.Rows))
		}
		for r := range deepest {
			for _, s := range secs {
				if r < len(s.Rows) {
					order = append(order, key{s.ID, s.Rows[r]})
				}
			}
		}
	}
	var rows [][]Seat
	for _, k := range order {
		seats := byRow[k]
		if len(seats) == 0 {
			continue
		}
		slices.SortFunc(seats, func(a, b Seat) int { return a.Column - b.Column })
		rows = append(rows, seats)
	}
	return rows
}
