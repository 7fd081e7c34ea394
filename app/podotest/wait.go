package podotest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Eventually retries ok every interval until it returns nil, ctx ends or
// limit passes, and returns ok's last error then.
func Eventually(ctx context.Context, limit, interval time.Duration, ok func() error) error {
	deadline := time.Now().Add(limit)
	for {
		err := ok()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not so after %s: %w", limit, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// WaitFor fails the test unless ok comes true within limit; ok's message says
// what it saw last. It asks about two hundred times over limit.
func WaitFor(t testing.TB, what string, limit time.Duration, ok func() (bool, string)) {
	t.Helper()
	interval := min(max(limit/200, 10*time.Millisecond), 250*time.Millisecond)
	err := Eventually(context.Background(), limit, interval, func() error {
		if done, last := ok(); !done {
			return fmt.Errorf("%s", last)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
