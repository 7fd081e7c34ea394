package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// checkSale verifies in MySQL, not through the API, that a sale left the
// books right:
//   - no seat is held by two active reservations;
//   - the show's reserved count (its counter slots) equals its seat rows and its reservations' seat counts;
//   - nobody holds two active reservations on the show;
//   - the show sold out when more seats were wanted than it has;
//   - every 201 the tool received is an active reservation of that user with those seats.
func checkSale(ctx context.Context, dsn string, o saleOutcome, expectSoldOut bool) ([]Check, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var checks []Check
	add := func(name string, ok bool, format string, args ...any) {
		checks = append(checks, Check{Name: fmt.Sprintf("show %d: %s", o.ShowID, name), OK: ok, Detail: fmt.Sprintf(format, args...)})
	}

	// The show's reserved count is the sum of its counter slots (show_counters).
	var total, counter int
	if err := db.QueryRowContext(ctx, `SELECT s.total_seats, (SELECT COALESCE(SUM(c.reserved), 0) FROM show_counters c WHERE c.show_id = s.id)
		FROM shows s WHERE s.id = ?`, o.ShowID).Scan(&total, &counter); err != nil {
		return nil, fmt.Errorf("read show %d: %w", o.ShowID, err)
	}
	// Seat rows exist only for active reservations (cancelling deletes them),
	// and reservation_seats' primary key is (show_id, seat_name); the checks
	// below still look, since a schema change could loosen either.
	var seatRows, orphanRows, seatCounts, reservations, countMismatch int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(r.active IS NULL OR r.active <> 1), 0)
		FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id WHERE rs.show_id = ?`, o.ShowID).Scan(&seatRows, &orphanRows); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(seat_count), 0),
		COALESCE(SUM(seat_count <> (SELECT COUNT(*) FROM reservation_seats rs WHERE rs.reservation_id = r.id)), 0)
		FROM reservations r WHERE r.show_id = ? AND r.active = 1`, o.ShowID).Scan(&reservations, &seatCounts, &countMismatch); err != nil {
		return nil, err
	}

	dupes, err := strings1(ctx, db, `SELECT CONCAT(seat_name, ' x', COUNT(*)) FROM reservation_seats
		WHERE show_id = ? GROUP BY seat_name HAVING COUNT(*) > 1`, o.ShowID)
	if err != nil {
		return nil, err
	}
	add("no seat sold twice", len(dupes) == 0 && orphanRows == 0,
		"%d seats in more than one reservation %v, %d seat rows of cancelled reservations", len(dupes), dupes, orphanRows)

	add("counter equals seat rows", counter == seatRows && counter == seatCounts && countMismatch == 0,
		"reserved count %d, seat rows %d, sum of active seat_count %d, %d reservations whose seat_count differs from their rows",
		counter, seatRows, seatCounts, countMismatch)

	twice, err := strings1(ctx, db, `SELECT CONCAT('user ', user_id, ' x', COUNT(*)) FROM reservations
		WHERE show_id = ? AND active = 1 GROUP BY user_id HAVING COUNT(*) > 1`, o.ShowID)
	if err != nil {
		return nil, err
	}
	add("one reservation per user", len(twice) == 0, "%d users with more than one active reservation %v", len(twice), twice)

	add("no more seats than the hall", seatRows <= total, "%d active seats of %d", seatRows, total)
	if expectSoldOut {
		add("sold out when demand exceeds capacity", seatRows == total,
			"%d seats wanted, %d of %d sold", o.SeatsDemanded, seatRows, total)
	}

	missing := 0
	var examples []string
	for _, b := range o.created {
		var userID int64
		var status string
		err := db.QueryRowContext(ctx, `SELECT user_id, status FROM reservations WHERE id = ? AND show_id = ?`, b.ID, o.ShowID).Scan(&userID, &status)
		if err == nil && userID == b.UserID && status == "active" {
			seats, serr := strings1(ctx, db, `SELECT seat_name FROM reservation_seats WHERE reservation_id = ?`, b.ID)
			if serr != nil {
				return nil, serr
			}
			want := slices.Clone(b.Seats)
			slices.Sort(want)
			slices.Sort(seats)
			if slices.Equal(want, seats) {
				continue
			}
			err = fmt.Errorf("seats %v in MySQL, %v in the 201", seats, want)
		} else if err == nil {
			err = fmt.Errorf("user %d status %s in MySQL, user %d in the 201", userID, status, b.UserID)
		}
		missing++
		if len(examples) < 5 {
			examples = append(examples, fmt.Sprintf("reservation %d: %v", b.ID, err))
		}
	}
	add("every 201 is a reservation in MySQL", missing == 0, "%d of %d created reservations match %s",
		len(o.created)-missing, len(o.created), strings.Join(examples, "; "))

	// Reservations the tool never heard of are not wrong (an answer can be lost
	// in an outage), but they are worth seeing.
	if unseen := reservations - (len(o.created) - missing); unseen != 0 {
		checks = append(checks, Check{Name: fmt.Sprintf("show %d: reservations without a 201 (informational)", o.ShowID), OK: true,
			Detail: fmt.Sprintf("%d active reservations in MySQL whose 201 the tool did not receive", unseen)})
	}
	return checks, nil
}

func strings1(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
