package mysql_test

import (
	"database/sql/driver"
	"errors"
	"net"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/mysql"
)

func TestUnreachableDatabaseIsUnavailableNotInternal(t *testing.T) {
	_, dialErr := net.DialTimeout("tcp", "127.0.0.1:1", 200*time.Millisecond)
	for name, err := range map[string]error{
		"refused":              dialErr,
		"dropped connection":   gomysql.ErrInvalidConn,
		"bad connection":       driver.ErrBadConn,
		"too many connections": &gomysql.MySQLError{Number: 1040, Message: "Too many connections"},
	} {
		if got := mysql.Unavailable(err); podo.ErrorCode(got) != podo.EUnavailable {
			t.Errorf("%s: %v, want unavailable", name, got)
		}
	}
	dup := &gomysql.MySQLError{Number: 1062, Message: "Duplicate entry"}
	if got := mysql.Unavailable(dup); !errors.Is(got, dup) {
		t.Errorf("a constraint violation became %v", got)
	}
}
