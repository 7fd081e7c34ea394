package mysql_test

import (
	"context"
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"net"
	"sync"
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

func TestPodsStartingTogetherMigrateOnceWithoutFailing(t *testing.T) {
	b := make([]byte, 4)
	rand.Read(b)
	dsn := "root@tcp(127.0.0.1:3306)/podo_t_migrate_" + hex.EncodeToString(b)
	ctx := context.Background()
	const pods = 6
	dbs := make([]*mysql.DB, pods)
	for i := range dbs {
		db, err := mysql.Open(ctx, dsn, 4)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	t.Cleanup(func() { dbs[0].Drop(context.Background()) })

	errs := make([]error, pods)
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { errs[i] = db.Migrate(ctx) })
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("pod %d: %v", i, err)
		}
	}
	var applied, distinct int
	if err := dbs[0].QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0").Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != distinct || applied == 0 {
		t.Errorf("%d migrations recorded for %d versions: some ran twice", applied, distinct)
	}
}
