package podo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// SeatName is what a seat's name says: in the original's halls a row letter and a
// number ("A12"); in big halls also the floor and the section ("1F-B-7-12": floor 1,
// section B, row 7, seat 12), so a ticket names the seat as the box office would.
type SeatName struct {
	Floor   int    // 1–9; 0 in a hall without floors and sections
	Section string // the section's name on its floor, e.g. "B"
	Row     string // the row's label
	Number  int    // 1..MaxSeatsPerRow
}

// String spells the name.
func (n SeatName) String() string {
	if n.Floor == 0 {
		return n.Row + strconv.Itoa(n.Number)
	}
	return fmt.Sprintf("%s-%s-%d", sectionID(n.Floor, n.Section), n.Row, n.Number)
}

// sectionID names a section across the hall, e.g. "1F-B".
func sectionID(floor int, name string) string { return strconv.Itoa(floor) + "F-" + name }

// ParseSeatName checks that a seat name has one of the two forms (A1..Z60, or
// floor, section, row and number) and returns its parts. Whether the seat exists
// is the show's layout's business.
func ParseSeatName(name string) (SeatName, bool) {
	if !strings.Contains(name, "-") {
		if len(name) < 2 || len(name) > 3 || !isUpper(name[0]) {
			return SeatName{}, false
		}
		n, ok := parseSeatNumber(name[1:])
		return SeatName{Row: name[:1], Number: n}, ok
	}
	parts := strings.Split(name, "-")
	if len(parts) != 4 {
		return SeatName{}, false
	}
	f, sec, row, num := parts[0], parts[1], parts[2], parts[3]
	if len(f) != 2 || f[0] < '1' || f[0] > '9' || f[1] != 'F' || !validSectionName(sec) || !validSectionRowLabel(row) {
		return SeatName{}, false
	}
	n, ok := parseSeatNumber(num)
	return SeatName{Floor: int(f[0] - '0'), Section: sec, Row: row, Number: n}, ok
}

// parseSeatNumber takes 1..MaxSeatsPerRow written without a sign or a leading zero.
func parseSeatNumber(s string) (int, bool) {
	if s == "" || len(s) > 2 || s[0] == '0' || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n >= 1 && n <= MaxSeatsPerRow
}

// validSectionName: one to three capital letters or digits ("A", "OP", "12").
func validSectionName(s string) bool {
	if len(s) < 1 || len(s) > 3 {
		return false
	}
	for i := range len(s) {
		if !isUpper(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// validSectionRowLabel: rows of a section are numbered (1–99) or lettered (A–ZZ).
func validSectionRowLabel(s string) bool {
	switch {
	case len(s) == 0 || len(s) > 2:
		return false
	case isDigit(s[0]):
		return s[0] != '0' && (len(s) == 1 || isDigit(s[1]))
	default:
		return isUpper(s[0]) && (len(s) == 1 || isUpper(s[1]))
	}
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

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
		if _, ok := ParseSeatName(s); !ok {
			if len(bad) < maxEchoed {
				bad = append(bad, echo(s))
			}
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

// A refusal names a few of the bad names it was sent, cut short: enough for a
// person to see the mistake, never a mirror of whatever was sent.
const maxEchoed, maxEchoedLen = 4, 16

func echo(s string) string {
	if r := []rune(s); len(r) > maxEchoedLen {
		return string(r[:maxEchoedLen]) + "…"
	}
	return s
}

func joinSeats(seats []string) string {
	quoted := make([]string, len(seats))
	for i, n := range seats {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
