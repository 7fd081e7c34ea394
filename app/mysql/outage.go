package mysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/podo-tickets/podo/app"
)

// RideOut is how long a request waits for a database that went away (a
// restart, a fail-over) before it gives up with 503: a blip of a second or
// two costs users a slower answer, not an error.
const RideOut = 3 * time.Second

// connector dials again while MySQL is unreachable, for up to RideOut and
// never past the caller's deadline, and then turns the failure into an
// error a person can be shown (503): nothing was sent, so nothing changed.
type connector struct{ driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	giveUp := time.Now().Add(RideOut)
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, 250*time.Millisecond) {
		conn, err := c.Connector.Connect(ctx)
		if err == nil || ctx.Err() != nil {
			return conn, err
		}
		if !isConnError(err) || time.Now().After(giveUp) || !sleep(ctx, pause) {
			if ctx.Err() != nil {
				return nil, err
			}
			return nil, unreachable(err)
		}
	}
}

func unreachable(err error) error {
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1040 {
		return podo.Errorf(podo.EUnavailable, "The service is very busy right now. Please try again in a moment.")
	}
	return podo.Errorf(podo.EUnavailable, "The database cannot be reached right now. Nothing was changed; please try again in a moment.")
}

// isConnError tells that err means the connection to MySQL failed or could not
// be made, rather than that MySQL refused a statement.
func isConnError(err error) bool {
	var me *mysql.MySQLError
	var ne net.Error
	switch {
	case errors.As(err, &me):
		// too many connections, shutdown in progress, connection killed
		return me.Number == 1040 || me.Number == 1053 || me.Number == 1927
	case podo.ErrorCode(err) == podo.EUnavailable:
		return true // from the connector
	case errors.As(err, &ne), errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	return false
}

// Unavailable returns err as an EUnavailable error when it says MySQL could
// not be reached or dropped the connection, and unchanged otherwise.
func Unavailable(err error) error {
	switch {
	case err == nil:
		return nil
	case podo.ErrorCode(err) != podo.EInternal:
		return err
	case isConnError(err):
		// The statement may have reached MySQL: this message does not say nothing changed.
		return podo.Errorf(podo.EUnavailable, "The database cannot be reached right now. Please try again in a moment.")
	}
	return err
}
