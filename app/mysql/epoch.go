package mysql

import (
	"context"
	"fmt"
)

// Epoch is the database's epoch (see migration 00007): Redis keeps the
// service's state under it, so state kept for another database is never read.
func (db *DB) Epoch(ctx context.Context) (string, error) {
	var e string
	if err := db.QueryRowContext(ctx, "SELECT value FROM epoch WHERE id = 1").Scan(&e); err != nil {
		return "", fmt.Errorf("epoch: %w", err)
	}
	return e, nil
}

// NewEpoch gives the database a new epoch, after it was restored from a
// backup: what Redis holds describes the database as it was before.
// Services started before must be restarted to use it.
func (db *DB) NewEpoch(ctx context.Context) (string, error) {
	if _, err := db.ExecContext(ctx, "UPDATE epoch SET value = LEFT(SHA2(CONCAT(UUID(), RAND()), 256), 16) WHERE id = 1"); err != nil {
		return "", fmt.Errorf("new epoch: %w", err)
	}
	return db.Epoch(ctx)
}
