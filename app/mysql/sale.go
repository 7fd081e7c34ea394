package mysql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/podo-tickets/podo/app"
)

// SaleSettings returns when a show goes on sale and whether its waiting room is on.
func (db *DB) SaleSettings(ctx context.Context, showID int64) (podo.SaleSettings, error) {
	var s podo.SaleSettings
	var opens sql.NullTime
	err := db.QueryRowContext(ctx, "SELECT sale_opens_at, waiting_room FROM shows WHERE id = ?", showID).Scan(&opens, &s.WaitingRoom)
	if errors.Is(err, sql.ErrNoRows) {
		return s, podo.Errorf(podo.ENotFound, "There is no show %d.", showID)
	} else if err != nil {
		return s, err
	}
	if opens.Valid {
		t := opens.Time.UTC()
		s.SaleOpensAt = &t
	}
	return s, nil
}

// SetSaleSettings changes when a show goes on sale and whether its waiting room is on.
func (db *DB) SetSaleSettings(ctx context.Context, showID int64, s podo.SaleSettings) error {
	var opens any
	if s.SaleOpensAt != nil {
		opens = s.SaleOpensAt.UTC()
	}
	res, err := db.ExecContext(ctx, "UPDATE shows SET sale_opens_at = ?, waiting_room = ?, updated_at = ? WHERE id = ?",
		opens, s.WaitingRoom, time.Now().UTC(), showID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.SaleSettings(ctx, showID); err != nil {
			return err
		}
	}
	return nil
}

// LineShows lists the shows whose waiting room is on and that have not ended,
// with when they open and how many seats they have left.
func (db *DB) LineShows(ctx context.Context) ([]podo.Show, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+showColumns+" FROM shows WHERE waiting_room = 1 AND show_date >= UTC_DATE() - INTERVAL 1 DAY")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var shows []podo.Show
	for rows.Next() {
		s, err := scanShow(rows)
		if err != nil {
			return nil, err
		}
		shows = append(shows, s)
	}
	return shows, rows.Err()
}
