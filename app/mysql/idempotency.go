package mysql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/podo-tickets/podo/app"
)

// IdempotencyTTL is how long the first outcome of a request with an
// Idempotency-Key is kept for its retries. A client retries within minutes;
// after a day the record is deleted and the key may mean something new.
const IdempotencyTTL = 24 * time.Hour

// FindOutcome returns the stored outcome for a user's Idempotency-Key, if any.
func (db *DB) FindOutcome(ctx context.Context, userID int64, key string) (*podo.StoredOutcome, error) {
	var i podo.StoredOutcome
	var body string
	err := db.QueryRowContext(ctx, "SELECT request_hash, status_code, body FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND created_at >= ?",
		userID, key, time.Now().UTC().Add(-IdempotencyTTL)).Scan(&i.RequestHash, &i.Status, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	i.Body = []byte(body)
	return &i, nil
}

// SaveOutcome stores a refusal as the outcome of an Idempotency-Key; the first
// stored wins, but an expired record gives way.
func (db *DB) SaveOutcome(ctx context.Context, userID int64, key string, i podo.StoredOutcome) error {
	_, err := storeOutcome(ctx, db.DB, userID, key, i, time.Now().UTC())
	return err
}

// storeOutcome records the outcome of a key, created at now, unless a live
// record of the key exists (stored is false then). An expired record gives
// way (ExpireOutcomes may not have run yet). It is one statement on purpose:
// deleting the expired record first would, where there is none, lock the gap
// the key goes into, and concurrent bookings of different users deadlocked on
// those gaps. created_at is assigned last, as the other assignments read it.
func storeOutcome(ctx context.Context, ex execer, userID int64, key string, i podo.StoredOutcome, now time.Time) (stored bool, err error) {
	expired := now.Add(-IdempotencyTTL)
	res, err := ex.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status_code, body, created_at) VALUES (?,?,?,?,?,?)
		ON DUPLICATE KEY UPDATE request_hash = IF(created_at < ?, VALUES(request_hash), request_hash),
			status_code = IF(created_at < ?, VALUES(status_code), status_code),
			body = IF(created_at < ?, VALUES(body), body),
			created_at = IF(created_at < ?, VALUES(created_at), created_at)`,
		userID, key, i.RequestHash, i.Status, string(i.Body), now, expired, expired, expired, expired)
	if err != nil {
		return false, err
	}
	// 1: inserted; 2: an expired record replaced; 0: a live record left as it was.
	n, err := res.RowsAffected()
	return n > 0, err
}

// execer is what storeOutcome needs of a pool or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ExpireOutcomes deletes expired idempotency records now and then, until ctx
// ends. Every replica runs it; deleting in small batches keeps each cheap.
func (db *DB) ExpireOutcomes(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			res, err := db.ExecContext(ctx, "DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 1000", time.Now().UTC().Add(-IdempotencyTTL))
			if err != nil {
				break
			}
			if n, _ := res.RowsAffected(); n < 1000 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
