package mysql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/podo-tickets/podo/app"
)

// reservedCount is a show's reserved seats: the sum of its counter slots.
const reservedCount = `(SELECT COALESCE(SUM(c.reserved), 0) FROM show_counters c WHERE c.show_id = shows.id)`

// minPrice is the cheapest seat of a show, for "from N원" on its card.
const minPrice = `(SELECT COALESCE(MIN(st.price), shows.price) FROM seats st WHERE st.show_id = shows.id)`

const showColumns = `id, title, description, poster_url, show_date, start_time, end_time, venue, price,
	` + minPrice + ` AS min_price, total_seats, ` + reservedCount + ` AS reserved, created_at, sale_opens_at, waiting_room`

type scanner interface{ Scan(dest ...any) error }

// scanShow reads showColumns, then any extra columns into extra.
func scanShow(row scanner, extra ...any) (podo.Show, error) {
	var s podo.Show
	var date time.Time
	var start, end string
	var opens sql.NullTime
	err := row.Scan(append([]any{&s.ID, &s.Title, &s.Description, &s.PosterURL, &date, &start, &end, &s.Venue, &s.Price,
		&s.MinPrice, &s.TotalSeats, &s.Reserved, &s.CreatedAt, &opens, &s.WaitingRoom}, extra...)...)
	if err != nil {
		return s, err
	}
	if opens.Valid {
		t := opens.Time.UTC()
		s.SaleOpensAt = &t
	}
	s.Date = date.Format(time.DateOnly)
	s.StartTime, s.EndTime = hhmm(start), hhmm(end)
	s.PosterURL = posterURL(s.ID, s.PosterURL)
	s.Fill()
	return s, nil
}

// posterURL is a show's own poster, or else the one the service draws for it.
func posterURL(showID int64, own string) string {
	if own != "" {
		return own
	}
	return "/api/shows/" + strconv.FormatInt(showID, 10) + "/poster.svg"
}

func hhmm(t string) string {
	if len(t) >= 5 {
		return t[:5]
	}
	return t
}

// FindShows returns one page of shows in the asked order.
func (db *DB) FindShows(ctx context.Context, f podo.ShowFilter) (podo.ShowPage, error) {
	page := podo.ShowPage{Page: f.Page, PageSize: f.PageSize, Items: []podo.Show{}}
	where, args := "", []any{}
	if f.Mine {
		where = "WHERE id IN (SELECT show_id FROM reservations WHERE user_id = ? AND active = 1)"
		args = append(args, f.UserID)
	}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM shows "+where, args...).Scan(&page.Total); err != nil {
		return page, err
	}
	q := "SELECT " + showColumns + " FROM shows " + where + " ORDER BY " + orderBy(f.Sort) + " LIMIT ? OFFSET ?"
	rows, err := db.QueryContext(ctx, q, append(args, f.PageSize, (f.Page-1)*f.PageSize)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanShow(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, s)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	return page, db.markMine(ctx, f.UserID, page.Items)
}

func orderBy(s podo.ShowSort) string {
	switch s {
	case podo.SortPopular:
		return "reserved DESC, id DESC"
	case podo.SortDate:
		return "show_date ASC, start_time ASC, id ASC"
	default:
		return "id DESC"
	}
}

// TopShows returns the first n shows in an order, with no per-user data, for shared caches.
func (db *DB) TopShows(ctx context.Context, sort podo.ShowSort, n int) ([]podo.Show, error) {
	page, err := db.FindShows(ctx, podo.ShowFilter{Sort: sort, Page: 1, PageSize: n})
	return page.Items, err
}

// MarkMine fills MyReservationID on the shows the user holds an active reservation for.
func (db *DB) MarkMine(ctx context.Context, userID int64, shows []podo.Show) error {
	return db.markMine(ctx, userID, shows)
}

func (db *DB) markMine(ctx context.Context, userID int64, shows []podo.Show) error {
	if userID == 0 || len(shows) == 0 {
		return nil
	}
	ids := make([]any, 0, len(shows)+1)
	ids = append(ids, userID)
	for _, s := range shows {
		ids = append(ids, s.ID)
	}
	rows, err := db.QueryContext(ctx, "SELECT show_id, id FROM reservations WHERE user_id = ? AND active = 1 AND show_id IN ("+placeholders(len(shows))+")", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	mine := map[int64]int64{}
	for rows.Next() {
		var showID, resID int64
		if err := rows.Scan(&showID, &resID); err != nil {
			return err
		}
		mine[showID] = resID
	}
	for i := range shows {
		if id, ok := mine[shows[i].ID]; ok {
			shows[i].MyReservationID = &id
		}
	}
	return rows.Err()
}

// FindShow returns one show; with a user it tells their reservation on it.
func (db *DB) FindShow(ctx context.Context, id, userID int64) (podo.Show, error) {
	s, err := scanShow(db.QueryRowContext(ctx, "SELECT "+showColumns+" FROM shows WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, podo.Errorf(podo.ENotFound, "There is no show %d.", id)
	} else if err != nil {
		return s, err
	}
	shows := []podo.Show{s}
	err = db.markMine(ctx, userID, shows)
	return shows[0], err
}

// ShowLayout returns a show with its hall.
func (db *DB) ShowLayout(ctx context.Context, id int64) (podo.Show, podo.Layout, error) {
	var l podo.Layout
	var raw string
	s, err := scanShow(db.QueryRowContext(ctx, "SELECT "+showColumns+", layout FROM shows WHERE id = ?", id), &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return s, l, podo.Errorf(podo.ENotFound, "There is no show %d.", id)
	} else if err != nil {
		return s, l, err
	}
	return s, l, json.Unmarshal([]byte(raw), &l)
}

// ReservedSeats lists the seats of a show that belong to active reservations,
// and the users who bought them (each once).
func (db *DB) ReservedSeats(ctx context.Context, showID int64) (seats []string, buyers []int64, err error) {
	rows, err := db.QueryContext(ctx, `SELECT rs.seat_name, r.user_id FROM reservation_seats rs
		JOIN reservations r ON r.id = rs.reservation_id WHERE rs.show_id = ? ORDER BY r.user_id`, showID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seats = []string{}
	for rows.Next() {
		var s string
		var u int64
		if err := rows.Scan(&s, &u); err != nil {
			return nil, nil, err
		}
		seats = append(seats, s)
		if len(buyers) == 0 || buyers[len(buyers)-1] != u {
			buyers = append(buyers, u)
		}
	}
	return seats, buyers, rows.Err()
}

// CreateShow adds a show with its hall (the default hall when none is given).
func (db *DB) CreateShow(ctx context.Context, in podo.ShowInput) (podo.Show, error) {
	if err := validateShow(in); err != nil {
		return podo.Show{}, err
	}
	layout := podo.DefaultLayout()
	if in.Layout != nil {
		layout = *in.Layout
	}
	if err := layout.Validate(); err != nil {
		return podo.Show{}, err
	}
	raw, _ := json.Marshal(layout)
	seats := layout.Seats(in.Price)
	var id int64
	now := time.Now().UTC()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO shows (title, description, poster_url, show_date, start_time, end_time,
			venue, price, layout, total_seats, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			in.Title, in.Description, in.PosterURL, in.Date, in.StartTime, in.EndTime, in.Venue, in.Price, string(raw), len(seats), now, now)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertSeats(ctx, tx, id, seats)
	}, nil)
	if err != nil {
		return podo.Show{}, err
	}
	return db.FindShow(ctx, id, 0)
}

func insertSeats(ctx context.Context, tx *sql.Tx, showID int64, seats []podo.Seat) error {
	for start := 0; start < len(seats); start += 200 {
		batch := seats[start:min(start+200, len(seats))]
		args := make([]any, 0, len(batch)*6)
		for _, s := range batch {
			args = append(args, showID, s.Name, s.Row, s.Column, string(s.Grade), s.Price)
		}
		q := "INSERT INTO seats (show_id, name, row_label, col, grade, price) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?),", len(batch)), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// UpdateShow edits a show's details. Its hall changes only through UpdateLayout.
func (db *DB) UpdateShow(ctx context.Context, id int64, in podo.ShowInput) (podo.Show, error) {
	if err := validateShow(in); err != nil {
		return podo.Show{}, err
	}
	if in.Layout != nil {
		return podo.Show{}, podo.Errorf(podo.EInvalid, "Change the hall through the layout endpoint.")
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, "SELECT layout FROM shows WHERE id = ? FOR UPDATE", id).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return podo.Errorf(podo.ENotFound, "There is no show %d.", id)
		} else if err != nil {
			return err
		}
		var l podo.Layout
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE shows SET title=?, description=?, poster_url=?, show_date=?, start_time=?,
			end_time=?, venue=?, price=?, updated_at=? WHERE id=?`,
			in.Title, in.Description, in.PosterURL, in.Date, in.StartTime, in.EndTime, in.Venue, in.Price, time.Now().UTC(), id); err != nil {
			return err
		}
		// Seats priced by the show's price change with it, in the same transaction, so the price
		// charged is the price shown.
		return syncSeats(ctx, tx, id, l.Seats(in.Price))
	}, nil)
	if err != nil {
		return podo.Show{}, err
	}
	return db.FindShow(ctx, id, 0) // not found when there is no such show
}

// UpdateLayout replaces a show's hall. Seats that are sold must stay: the
// request is refused with ESeatSold naming them (and the foreign key from
// reservation_seats would refuse it anyway).
func (db *DB) UpdateLayout(ctx context.Context, id int64, l podo.Layout) error {
	if err := l.Validate(); err != nil {
		return err
	}
	raw, _ := json.Marshal(l)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var price int64
		err := tx.QueryRowContext(ctx, "SELECT price FROM shows WHERE id = ? FOR UPDATE", id).Scan(&price)
		if errors.Is(err, sql.ErrNoRows) {
			return podo.Errorf(podo.ENotFound, "There is no show %d.", id)
		} else if err != nil {
			return err
		}
		seats := l.Seats(price)
		keep := make(map[string]bool, len(seats))
		for _, s := range seats {
			keep[s.Name] = true
		}
		rows, err := tx.QueryContext(ctx, "SELECT seat_name FROM reservation_seats WHERE show_id = ?", id)
		if err != nil {
			return err
		}
		var lost []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			if !keep[name] {
				lost = append(lost, name)
			}
		}
		rows.Close()
		if len(lost) > 0 {
			return podo.SeatError(podo.ESeatSold, "The new layout leaves out seats that are already sold.", lost)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM seats WHERE show_id = ? AND name NOT IN (SELECT seat_name FROM reservation_seats WHERE show_id = ?)", id, id); err != nil {
			return err
		}
		// Sold seats stay in place; everything else is written anew.
		var fresh []podo.Seat
		sold := map[string]bool{}
		srows, err := tx.QueryContext(ctx, "SELECT name FROM seats WHERE show_id = ?", id)
		if err != nil {
			return err
		}
		for srows.Next() {
			var name string
			if err := srows.Scan(&name); err != nil {
				srows.Close()
				return err
			}
			sold[name] = true
		}
		srows.Close()
		for _, s := range seats {
			if !sold[s.Name] {
				fresh = append(fresh, s)
			}
		}
		if err := insertSeats(ctx, tx, id, fresh); err != nil {
			return err
		}
		// Sold seats stay, but take the new layout's grade and price for when they are sold again.
		if err := syncSeats(ctx, tx, id, seats); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE shows SET layout = ?, total_seats = ?, updated_at = ? WHERE id = ?", string(raw), len(seats), time.Now().UTC(), id)
		return err
	}, nil)
}

// webURL accepts what a browser may load as an image from show data: nothing,
// an http(s) URL, or a path on this site; never javascript: or data: URLs.
func webURL(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch {
	case u.Scheme == "https" || u.Scheme == "http":
		return u.Host != ""
	case u.Scheme == "" && u.Host == "":
		return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")
	}
	return false
}

func validateShow(in podo.ShowInput) error {
	switch {
	// Limits count characters, as the utf8mb4 VARCHAR columns do (not bytes: a Korean
	// character is three bytes).
	case strings.TrimSpace(in.Title) == "" || utf8.RuneCountInString(in.Title) > 100:
		return podo.Errorf(podo.EInvalid, "A title of 1 to 100 characters is needed.")
	case utf8.RuneCountInString(in.Description) > 1000:
		return podo.Errorf(podo.EInvalid, "The description is longer than 1000 characters.")
	case utf8.RuneCountInString(in.PosterURL) > 512:
		return podo.Errorf(podo.EInvalid, "The poster URL is longer than 512 characters.")
	case strings.TrimSpace(in.Venue) == "" || utf8.RuneCountInString(in.Venue) > 100:
		return podo.Errorf(podo.EInvalid, "A venue of 1 to 100 characters is needed.")
	case in.Price < 0:
		return podo.Errorf(podo.EInvalid, "The price cannot be negative.")
	case in.Price > podo.MaxPrice:
		return podo.Errorf(podo.EInvalid, "The price cannot be more than %d won.", int64(podo.MaxPrice))
	case !webURL(in.PosterURL):
		return podo.Errorf(podo.EInvalid, "The poster URL must start with https://, http:// or /.")
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		return podo.Errorf(podo.EInvalid, "The date must look like 2026-12-01.")
	}
	start, err1 := time.Parse("15:04", in.StartTime)
	end, err2 := time.Parse("15:04", in.EndTime)
	if err1 != nil || err2 != nil {
		return podo.Errorf(podo.EInvalid, "Times must look like 19:30.")
	}
	if !end.After(start) {
		return podo.Errorf(podo.EInvalid, "The show must end after it starts.")
	}
	return nil
}

// syncSeats writes each seat's grade and price from the layout, grouped so that a hall of
// thousands of seats costs a handful of statements.
func syncSeats(ctx context.Context, tx *sql.Tx, showID int64, seats []podo.Seat) error {
	type key struct {
		grade podo.Grade
		price int64
	}
	groups := map[key][]any{}
	for _, s := range seats {
		k := key{s.Grade, s.Price}
		groups[k] = append(groups[k], s.Name)
	}
	for k, names := range groups {
		for start := 0; start < len(names); start += 500 {
			batch := names[start:min(start+500, len(names))]
			args := append([]any{string(k.grade), k.price, showID}, batch...)
			if _, err := tx.ExecContext(ctx, "UPDATE seats SET grade = ?, price = ? WHERE show_id = ? AND name IN ("+placeholders(len(batch))+")", args...); err != nil {
				return err
			}
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
