package mysql

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app"
)

// Reserve books the seats (sorted, validated names) as one reservation:
// Bookable, then Book.
func (db *DB) Reserve(ctx context.Context, userID, showID int64, seats []string, idem *podo.Idempotency) (podo.Reservation, error) {
	b, err := db.Bookable(ctx, showID, seats)
	if err != nil {
		return podo.Reservation{}, err
	}
	return db.Book(ctx, userID, showID, seats, b, idem)
}

// Book books the seats (sorted, validated names, read by Bookable) as one
// reservation in one transaction: the reservation, one row per seat, the
// show's count and, when asked, the idempotency record commit together or
// not at all. Constraints decide conflicts: a seat already sold is
// ESeatTaken naming the seats, a second active reservation of the user on the
// show is EAlreadyReserved.
//
// It costs one round-trip to MySQL without an Idempotency-Key (the
// transaction is one batch, see batch.go) and three with one (the outcome is
// stored with the reservation's id, once the batch gave it, and the
// transaction commits only if no earlier request's record is live).
func (db *DB) Book(ctx context.Context, userID, showID int64, seats []string, b podo.Bookable, idem *podo.Idempotency) (podo.Reservation, error) {
	brief, prices := b.Show, b.Prices
	n := len(seats)
	var r podo.Reservation
	// lost is an attempt whose COMMIT's answer was lost. Found not committed,
	// it may still commit: a batch is sent whole, and MySQL may not have run
	// any of it when the look for it ran (nothing locked then to wait on). A
	// later attempt that meets the user's active reservation asks whether it
	// is lost's before calling it another.
	var lost *podo.Reservation
	err := db.retry(ctx, func() error {
		r = podo.Reservation{UserID: userID, ShowID: showID, Seats: seats, Status: podo.ReservationActive, Show: brief,
			CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
		for _, s := range seats {
			r.Total += prices[s]
		}
		args := make([]any, 0, 6+3*n+4)
		args = append(args, userID, showID, strings.Join(seats, ","), n, r.Total, r.CreatedAt)
		for _, s := range seats {
			args = append(args, showID, s, prices[s])
		}
		args = append(args, showID, rand.IntN(counterSlots), n, n)
		q := `INSERT INTO reservations (user_id, show_id, seat_names, seat_count, total, status, active, created_at) VALUES (?, ?, ?, ?, ?, 'active', 1, ?);
			SET @reservation = LAST_INSERT_ID();
			INSERT INTO reservation_seats (show_id, seat_name, reservation_id, price) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, @reservation, ?),", n), ",") + `;
			` + countStatement + `;
			SELECT @reservation`
		read := func(rows *sql.Rows) error {
			if !rows.Next() {
				return errors.New("the booking batch returned no reservation id")
			}
			return rows.Scan(&r.ID)
		}
		var more func(execer) error
		if idem != nil {
			more = func(ex execer) error {
				body, err := idem.Encode(r)
				if err != nil {
					return err
				}
				stored, err := storeOutcome(ctx, ex, userID, idem.Key, podo.StoredOutcome{RequestHash: idem.RequestHash, Status: idem.Status, Body: body}, r.CreatedAt)
				if err == nil && !stored {
					return podo.ErrReplay
				}
				return err
			}
		}
		err := db.tryBatch(ctx, q, args, read, more)
		if errors.Is(err, errCommitUnknown) {
			attempt := r
			lost = &attempt
		}
		if key, dup := isDuplicate(err); dup && strings.Contains(key, "uq_reservations_user_show_active") {
			if lost != nil {
				if id, ok, err := activeReservation(ctx, db, *lost); err == nil && ok {
					r, r.ID = *lost, id // the lost attempt committed after all
					return nil
				}
			}
			return podo.Errorf(podo.EAlreadyReserved, "You already have a reservation for this show. Cancel it to choose other seats.")
		} else if dup {
			return db.takenError(ctx, showID, seats)
		}
		return err
	}, func(ctx context.Context, tx *sql.Tx) (bool, error) {
		id, ok, err := activeReservation(ctx, tx, r)
		if err == nil && ok {
			r.ID = id
		}
		return ok, err
	})
	return r, err
}

// rowQueryer is a pool or a transaction, for a read of one row.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// activeReservation tells whether the user's active reservation of the show
// (there is at most one) is the attempt r, by its seats and creation time,
// and gives its id: false when there is none, EAlreadyReserved when it is
// another. Its read locks in share mode, so in a transaction it waits while
// the reservation's own transaction is being decided.
func activeReservation(ctx context.Context, q rowQueryer, r podo.Reservation) (int64, bool, error) {
	var id int64
	var seatNames string
	var created time.Time
	err := q.QueryRowContext(ctx, "SELECT id, seat_names, created_at FROM reservations WHERE user_id = ? AND show_id = ? AND active = 1 LOCK IN SHARE MODE",
		r.UserID, r.ShowID).Scan(&id, &seatNames, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	if seatNames != strings.Join(r.Seats, ",") || !created.Equal(r.CreatedAt) {
		return 0, false, podo.Errorf(podo.EAlreadyReserved, "You already have a reservation for this show. Cancel it to choose other seats.")
	}
	return id, true, nil
}

// Bookable reads, in one round-trip, the show (its brief for the answer, and
// whether its sale has opened and it has not started) and the prices of the
// seats asked for, refusing what cannot be booked. It reads outside the
// booking's transaction: inside, the read would lock nothing either, and a
// change to the show committed while the booking is decided wins no less.
func (db *DB) Bookable(ctx context.Context, showID int64, seats []string) (podo.Bookable, error) {
	var brief podo.ShowBrief
	args := make([]any, 0, len(seats)+1)
	for _, s := range seats {
		args = append(args, s)
	}
	args = append(args, showID)
	rows, err := db.QueryContext(ctx, `SELECT sh.id, sh.title, sh.show_date, sh.start_time, sh.end_time, sh.venue, sh.poster_url, sh.sale_opens_at, se.name, se.price
		FROM shows sh LEFT JOIN seats se ON se.show_id = sh.id AND se.name IN (`+placeholders(len(seats))+`)
		WHERE sh.id = ?`, args...)
	if err != nil {
		return podo.Bookable{}, err
	}
	defer rows.Close()
	prices := map[string]int64{}
	found := false
	var date time.Time
	var start, end string
	var opens sql.NullTime
	for rows.Next() {
		var name sql.NullString
		var price sql.NullInt64
		if err := rows.Scan(&brief.ID, &brief.Title, &date, &start, &end, &brief.Venue, &brief.PosterURL, &opens, &name, &price); err != nil {
			return podo.Bookable{}, err
		}
		found = true
		if name.Valid {
			prices[name.String] = price.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return podo.Bookable{}, err
	}
	if !found {
		return podo.Bookable{}, podo.Errorf(podo.ENotFound, "There is no show %d.", showID)
	}
	brief.Date, brief.StartTime, brief.EndTime = date.Format(time.DateOnly), hhmm(start), hhmm(end)
	brief.PosterURL = posterURL(brief.ID, brief.PosterURL)
	if err := podo.CheckOnSale(brief.Date, brief.StartTime, time.Now()); err != nil {
		return podo.Bookable{}, err
	}
	if opens.Valid {
		if err := (podo.SaleSettings{SaleOpensAt: &opens.Time}).CheckSaleOpen(time.Now()); err != nil {
			return podo.Bookable{}, err
		}
	}
	var unknown []string
	for _, s := range seats {
		if _, ok := prices[s]; !ok {
			unknown = append(unknown, s)
		}
	}
	if len(unknown) > 0 {
		return podo.Bookable{}, podo.SeatError(podo.EInvalid, "This show's hall has no seat "+strings.Join(unknown, ", ")+".", unknown)
	}
	return podo.Bookable{Show: brief, Prices: prices}, nil
}

// counterSlots is how many rows a show's count is spread over.
const counterSlots = 16

// count adds delta to one of the show's counter slots, picked at random so that
// concurrent bookings of one show rarely wait on the same row.
func count(ctx context.Context, tx *sql.Tx, showID int64, delta int) error {
	_, err := tx.ExecContext(ctx, countStatement, showID, rand.IntN(counterSlots), delta, delta)
	return err
}

// countStatement adds to a counter slot; its arguments are show, slot, delta, delta.
const countStatement = "INSERT INTO show_counters (show_id, slot, reserved) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE reserved = reserved + ?"

// takenError names the requested seats that already belong to a reservation.
// The booking that found them taken has been rolled back: this read, outside
// any transaction, sees the latest commits, the sale that beat it among them.
func (db *DB) takenError(ctx context.Context, showID int64, seats []string) error {
	args := []any{showID}
	for _, s := range seats {
		args = append(args, s)
	}
	rows, err := db.QueryContext(ctx, "SELECT seat_name FROM reservation_seats WHERE show_id = ? AND seat_name IN ("+placeholders(len(seats))+") ORDER BY seat_name", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var taken []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		taken = append(taken, s)
	}
	if len(taken) == 0 { // sold and cancelled again in between: the seats are free, but this try lost
		return podo.SeatError(podo.ESeatTaken, "Sorry, someone else was booking "+strings.Join(seats, ", ")+" at the same moment. Please try again.", nil)
	}
	return podo.SeatError(podo.ESeatTaken, "Sorry, "+strings.Join(taken, ", ")+" has just been reserved by someone else.", taken)
}

// Cancel cancels the user's active reservation and frees its seats, in one transaction.
// Another user's reservation is ENotFound, as if it did not exist; a cancelled one EAlreadyCancelled.
func (db *DB) Cancel(ctx context.Context, userID, reservationID int64) (podo.Reservation, error) {
	var r podo.Reservation
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var showID int64
		err := tx.QueryRowContext(ctx, "SELECT show_id FROM reservations WHERE id = ? AND user_id = ?", reservationID, userID).Scan(&showID)
		if errors.Is(err, sql.ErrNoRows) {
			return podo.Errorf(podo.ENotFound, "You have no reservation %d.", reservationID)
		} else if err != nil {
			return err
		}
		r, err = scanReservation(tx.QueryRowContext(ctx, reservationQuery+" WHERE r.id = ? FOR UPDATE", reservationID))
		if err != nil {
			return err
		}
		if r.Status == podo.ReservationCancelled {
			return podo.Errorf(podo.EAlreadyCancelled, "This reservation is already cancelled.")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM reservation_seats WHERE reservation_id = ?", reservationID); err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		if _, err := tx.ExecContext(ctx, "UPDATE reservations SET status = 'cancelled', active = NULL, cancelled_at = ? WHERE id = ?", now, reservationID); err != nil {
			return err
		}
		if err := count(ctx, tx, showID, -len(r.Seats)); err != nil {
			return err
		}
		r.Status, r.CancelledAt = podo.ReservationCancelled, &now
		return nil
	}, func(ctx context.Context, tx *sql.Tx) (bool, error) {
		// Cancelled at this attempt's time means by this attempt, not by another request.
		var at sql.NullTime
		err := tx.QueryRowContext(ctx, "SELECT cancelled_at FROM reservations WHERE id = ? LOCK IN SHARE MODE", reservationID).Scan(&at)
		return err == nil && at.Valid && r.CancelledAt != nil && at.Time.Equal(*r.CancelledAt), err
	})
	return r, err
}

const reservationQuery = `SELECT r.id, r.user_id, r.show_id, r.seat_names, r.total, r.status, r.created_at, r.cancelled_at,
	s.title, s.show_date, s.start_time, s.end_time, s.venue, s.poster_url
	FROM reservations r JOIN shows s ON s.id = r.show_id`

func scanReservation(row scanner) (podo.Reservation, error) {
	var r podo.Reservation
	var seats string
	var date time.Time
	var start, end string
	err := row.Scan(&r.ID, &r.UserID, &r.ShowID, &seats, &r.Total, &r.Status, &r.CreatedAt, &r.CancelledAt,
		&r.Show.Title, &date, &start, &end, &r.Show.Venue, &r.Show.PosterURL)
	if err != nil {
		return r, err
	}
	r.Seats = strings.Split(seats, ",")
	r.Show.ID = r.ShowID
	r.Show.Date, r.Show.StartTime, r.Show.EndTime = date.Format(time.DateOnly), hhmm(start), hhmm(end)
	r.Show.PosterURL = posterURL(r.ShowID, r.Show.PosterURL)
	return r, nil
}

// MyReservations lists the user's active reservations, newest first.
func (db *DB) MyReservations(ctx context.Context, userID int64) ([]podo.Reservation, error) {
	rows, err := db.QueryContext(ctx, reservationQuery+" WHERE r.user_id = ? AND r.active = 1 ORDER BY r.id DESC", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []podo.Reservation{}
	for rows.Next() {
		r, err := scanReservation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
