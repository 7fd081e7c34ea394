// Package mysql stores shows, seats, reservations and users in MariaDB 10.11
// (RDS in production, Debian's on developer machines; the MySQL protocol). It is the last word on who
// owns a seat: constraints and transactions here decide, whatever Redis says.
package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"

	"github.com/podo-tickets/podo/app"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the service's connection pool.
type DB struct {
	*sql.DB
	name string
}

// Open connects to the database named in dsn, creating it first when it does not exist,
// and sets the session options the queries rely on (UTC times, parsed dates).
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
	cfg.MultiStatements = false
	cfg.InterpolateParams = true // one round-trip per query instead of prepare/execute/close
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	if err := createDatabase(ctx, *cfg); err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector{conn})
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxLifetime(30 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("mysql ping: %w", err)
	}
	return &DB{DB: db, name: cfg.DBName}, nil
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
	// GET_LOCK belongs to a session: hold it on one connection of the pool
	// while goose works on others.
	conn, err := db.Conn(ctx)
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

// inTx runs fn in a transaction, retrying it when MySQL picks it as a deadlock
// victim or its lock wait times out; both leave nothing behind.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		var tx *sql.Tx
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return err
		}
		if err = fn(tx); err == nil {
			if err = tx.Commit(); err == nil {
				return nil
			}
		} else {
			_ = tx.Rollback()
		}
		if !isRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return err
}

func isRetryable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// connector turns failures to reach MySQL (too many connections, a server
// that is restarting) into an error a person can be shown (503): the request
// did nothing and may be retried.
type connector struct{ driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil && ctx.Err() == nil {
		return nil, Unavailable(err)
	}
	return conn, err
}

// Unavailable returns err as an EUnavailable error when it says MySQL could
// not be reached or dropped the connection, and unchanged otherwise.
func Unavailable(err error) error {
	var me *mysql.MySQLError
	var ne net.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &me) && me.Number == 1040:
		return podo.Errorf(podo.EUnavailable, "The service is very busy right now. Please try again in a moment.")
	case errors.As(err, &me):
		return err
	case errors.As(err, &ne), errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return podo.Errorf(podo.EUnavailable, "The database cannot be reached right now. Nothing was changed; please try again in a moment.")
	}
	return err
}

// isDuplicate reports a unique or primary key violation, naming the key when it can.
func isDuplicate(err error) (key string, ok bool) {
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1062 {
		return me.Message, true
	}
	return "", false
}
