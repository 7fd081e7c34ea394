package redis

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/metrics"
)

// openTest connects to the real Redis on 127.0.0.1:6379, in the database the
// app's tests own (PODO_TEST_REDIS_DB, 9 by default), under an epoch of its own
// so nothing another test left behind is seen.
func openTest(t *testing.T) *Client {
	t.Helper()
	db, _ := strconv.Atoi(os.Getenv("PODO_TEST_REDIS_DB"))
	if db == 0 {
		db = 9
	}
	c := Open(Options{Addr: "127.0.0.1:6379", DB: db, Epoch: t.Name() + strconv.FormatInt(time.Now().UnixNano(), 36)},
		slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"))
	t.Cleanup(c.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.WaitUp(ctx); err != nil {
		t.Fatalf("redis on 127.0.0.1:6379: %v", err)
	}
	return c
}

// loaded gives a show an empty record of taken seats, as a load from MySQL would.
func loaded(t *testing.T, c *Client, show int64) {
	t.Helper()
	if err := c.LoadTaken(context.Background(), show, "0", nil, nil); err != nil {
		t.Fatal(err)
	}
}
