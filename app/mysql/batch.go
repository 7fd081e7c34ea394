package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/go-sql-driver/mysql"
)

// A booking is sent as a batch: its transaction's statements, from START
// TRANSACTION to COMMIT, in one multi-statement query, so that it costs one
// round-trip to MySQL instead of one per statement (each is ~0.1 ms on
// loopback, more across availability zones). Only the bookings' pool allows
// several statements in a query; everything else goes through the main pool,
// where a query can only ever be one statement. Arguments are interpolated
// by the driver, escaped, as in every other query.

// tryBatch runs one transaction on a connection of the bookings' pool. q is
// its statements after START TRANSACTION, the last one a SELECT whose rows
// read gets. With more nil, COMMIT ends the same query, and read cannot stop
// it; otherwise more runs next on the transaction's connection and COMMIT
// follows it, unless read or more failed.
//
// A statement MySQL refuses stops the batch there, before COMMIT: the
// transaction is rolled back and the refusal returned. Any other failure once
// COMMIT may have gone out (the connection, the time, read) is
// errCommitUnknown, as in tryTx; before, it leaves nothing committed (MySQL
// rolls back the transaction of a connection that is gone). A connection
// whose transaction may still be open never goes back to the pool.
func (db *DB) tryBatch(ctx context.Context, q string, args []any, read func(*sql.Rows) error, more func(execer) error) error {
	conn, err := db.bookings.Conn(ctx)
	if err != nil {
		return err
	}
	reusable := false
	defer func() {
		if !reusable {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // discards the connection
		}
		_ = conn.Close()
	}()
	commitSent := more == nil
	text := "START TRANSACTION; " + q
	if commitSent {
		text += "; COMMIT"
	}
	err = queryBatch(ctx, conn, text, args, read)
	if err == nil && more != nil {
		if err = more(conn); err == nil {
			commitSent = true
			_, err = conn.ExecContext(ctx, "COMMIT")
		}
	}
	var me *mysql.MySQLError
	refused := errors.As(err, &me) && !isConnError(err)
	switch {
	case err == nil:
		reusable = true
	case commitSent && !refused:
		err = errors.Join(errCommitUnknown, err)
	case refused || !isConnError(err) && ctx.Err() == nil:
		if _, rerr := conn.ExecContext(ctx, "ROLLBACK"); rerr == nil {
			reusable = true
		}
	}
	return err
}

// queryBatch sends text and reads its answers to the end: the rows of its one
// result set go to read, and an error of any statement after it (COMMIT) is
// returned.
func queryBatch(ctx context.Context, conn *sql.Conn, text string, args []any, read func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	err = read(rows)
	if err == nil {
		err = rows.Err()
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
