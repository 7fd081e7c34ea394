package podo

import "slices"

// ENoSeatsTogether answers a best-available request that no free run of seats can meet.
const ENoSeatsTogether = "no_seats_together"

// BestAvailable picks n adjacent free seats of a grade ("" for any) as a box office would:
// the frontmost row that has such a run, and in it the run nearest the middle of the row.
// Seats are adjacent when their grid columns follow each other, so a run never spans an aisle.
// skip lists seats not to pick (e.g. ones just lost in a race).
func BestAvailable(m SeatMap, grade Grade, n int, skip []string) ([]string, bool) {
	if n < 1 {
		return nil, false
	}
	byRow := map[string][]Seat{}
	for _, s := range m.Seats {
		byRow[s.Row] = append(byRow[s.Row], s)
	}
	for _, row := range m.Rows {
		seats := byRow[row]
		slices.SortFunc(seats, func(a, b Seat) int { return a.Column - b.Column })
		if len(seats) == 0 {
			continue
		}
		middle := float64(seats[0].Column+seats[len(seats)-1].Column) / 2
		free := func(s Seat) bool {
			return s.Status == SeatAvailable && (grade == "" || s.Grade == grade) && !slices.Contains(skip, s.Name)
		}
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
			centre := float64(seats[i].Column+seats[i+n-1].Column) / 2
			d := centre - middle
			if d < 0 {
				d = -d
			}
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
