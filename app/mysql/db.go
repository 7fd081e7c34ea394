// Package mysql stores shows, seats, reservations and users in MariaDB 10.11
// (RDS in production, Debian's on developer machines; the MySQL protocol). It is the last word on who
// owns a seat: constraints and transactions here decide, whatever Redis says.
package mysql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"

	"github.com/podo-tickets/podo/app"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the service's connection pools: the main one, and the bookings' (see
// batch.go), the only one that sends several statements in one query.
type DB struct {
	*sql.DB
	bookings    *sql.DB
	name        string
	lockRetries atomic.Int64
}

// Bookings is the pool of the booking transactions, for its statistics.
func (db *DB) Bookings() *sql.DB { return db.bookings }

// Close closes both pools.
func (db *DB) Close() error { return errors.Join(db.bookings.Close(), db.DB.Close()) }

// LockRetries tells how many transactions were tried again because MySQL
// chose them as a deadlock victim or their lock wait timed out.
func (db *DB) LockRetries() int64 { return db.lockRetries.Load() }

// Open connects to the database named in dsn, creating it first when it does not exist,
// and sets the session options the queries rely on (UTC times, parsed dates).
// The maxConns connections are shared out between the two pools, at least
// one each.
func Open(ctx context.Context, dsn string, maxConns int) (*DB, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("mysql dsn: %w", err)
	}
	if cfg.DBName == "" {
		return nil, errors.New("mysql dsn: no database name")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.MultiStatements = false  // but in the bookings' pool (batch.go): a query is one statement
	cfg.InterpolateParams = true // one round-trip per query instead of prepare/execute/close
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	if err := createDatabase(ctx, *cfg); err != nil {
		return nil, err
	}
	bookingConns := max(1, maxConns/2)
	db, err := openPool(ctx, cfg, max(1, maxConns-bookingConns))
	if err != nil {
		return nil, err
	}
	batches := *cfg
	batches.MultiStatements = true
	bookings, err := openPool(ctx, &batches, bookingConns)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &DB{DB: db, bookings: bookings, name: cfg.DBName}, nil
}

func openPool(ctx context.Context, cfg *mysql.Config, conns int) (*sql.DB, error) {
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector{conn})
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("mysql ping: %w", err)
	}
	return db, nil
}

// createDatabase makes sure the database exists. Without the right to create
// databases (as on RDS with a restricted user) it leaves that to the operator.
func createDatabase(ctx context.Context, cfg mysql.Config) error {
	name := cfg.DBName
	cfg.DBName = ""
	conn, err := mysql.NewConnector(&cfg)
	if err != nil {
		return err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	_, err = db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	var me *mysql.MySQLError
	if errors.As(err, &me) && (me.Number == 1044 || me.Number == 1045) {
		return nil // access denied: the database is the operator's to create
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// migrateLockWait is how long Migrate waits for another process's migration.
const migrateLockWait = 5 * time.Minute

// Migrate brings the schema up to date with the migrations embedded in the
// binary. Every pod of a rollout calls it at start: a named lock held for the
// whole run lets one of them migrate while the others wait and then find
// nothing left to do, instead of racing to apply the same migration.
func (db *DB) Migrate(ctx context.Context) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectMySQL, db.DB, dir)
	if err != nil {
		return err
	}
	// GET_LOCK belongs to a session: hold it on a connection of the bookings'
	// pool while goose works on the main one (so a pool of one will do).
	conn, err := db.bookings.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	lock := "podo_migrate_" + db.name
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", lock, int(migrateLockWait.Seconds())).Scan(&got); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	if got.Int64 != 1 {
		return fmt.Errorf("migration lock %s: another migration held it for %s", lock, migrateLockWait)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", lock)
	_, err = p.Up(ctx)
	return err
}

// Name is the database's name.
func (db *DB) Name() string { return db.name }

// Drop deletes the whole database. Tests use it to clean up after themselves.
func (db *DB) Drop(ctx context.Context) error {
	_, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+db.name+"`")
	return err
}

// inTx runs fn in a transaction and retries it only when it provably did not
// commit: MySQL picked it as a deadlock victim or its lock wait timed out, or
// the connection failed before COMMIT was sent (the server rolls back a
// transaction whose connection is gone), for as long as a blip may last
// (RideOut). When the connection fails while COMMIT is on its way, committed
// (a locking read, which waits for that transaction's fate) tells whether it
// did; one found not committed is tried again. If even that cannot be learned
// in time, the answer is EOutcomeUnknown, never "nothing was changed".
// Without committed, such a failure is EOutcomeUnknown.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error, committed func(ctx context.Context, tx *sql.Tx) (bool, error)) error {
	return db.retry(ctx, func() error { return db.tryTx(ctx, fn) }, committed)
}

// retry runs try, a transaction, as inTx tells. try wraps errCommitUnknown
// around a failure of the connection after COMMIT may have been sent.
func (db *DB) retry(ctx context.Context, try func() error, committed func(ctx context.Context, tx *sql.Tx) (bool, error)) error {
	giveUp := time.Now().Add(RideOut)
	deadlocks := 0
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, 250*time.Millisecond) {
		err := try()
		switch {
		case err == nil:
			return nil
		case errors.Is(err, errCommitUnknown):
			done, known := false, false
			if committed != nil {
				var final error
				if done, known, final = db.resolve(ctx, time.Now().Add(RideOut), committed); final != nil {
					return final
				}
			}
			if !known {
				return podo.Errorf(podo.EOutcomeUnknown, "The database went away while this was being saved, so we cannot tell whether it was. Please look (My Reservations, for a booking) before trying again.")
			}
			if done {
				return nil
			}
		case isRetryable(err) && deadlocks < 3:
			deadlocks++
			db.lockRetries.Add(1)
		case isConnError(err) && time.Now().Before(giveUp) && ctx.Err() == nil:
		default:
			return err
		}
		if !sleep(ctx, pause) {
			return err
		}
	}
}

// errCommitUnknown tells that the connection failed while COMMIT was on its way.
var errCommitUnknown = errors.New("the connection failed during COMMIT")

func (db *DB) tryTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		if isConnError(err) {
			return errors.Join(errCommitUnknown, err)
		}
		return err
	}
	return nil
}

// resolve asks committed, on a new connection, until it answers or giveUp. An
// answer that is an error other than a failed connection, a lock wait or the
// time running out is final. The locking read may wait on the transaction in
// question for as long as MySQL has not noticed its connection is gone.
func (db *DB) resolve(ctx context.Context, giveUp time.Time, committed func(context.Context, *sql.Tx) (bool, error)) (done, known bool, final error) {
	ctx, cancel := context.WithDeadline(ctx, giveUp)
	defer cancel()
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, 250*time.Millisecond) {
		tx, err := db.BeginTx(ctx, nil)
		if err == nil {
			done, err = committed(ctx, tx)
			_ = tx.Rollback()
			if err == nil {
				return done, true, nil
			} else if !isConnError(err) && !isRetryable(err) && ctx.Err() == nil {
				return false, true, err
			}
		}
		if time.Now().After(giveUp) || !sleep(ctx, pause) {
			return false, false, nil
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func isRetryable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// isDuplicate reports a unique or primary key violation, naming the key when it can.
func isDuplicate(err error) (key string, ok bool) {
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1062 {
		return me.Message, true
	}
	return "", false
}
