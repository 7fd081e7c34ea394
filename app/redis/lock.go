package redis

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis/rueidislock"
)

// ErrLockTimeout tells that a seat lock could not be had in time because someone else held it.
var ErrLockTimeout = errors.New("seat lock wait timed out")

// LockSeats takes the per-seat locks (rueidislock, keys lock:0:seat:{show}:{seat})
// for all the seats or none, waiting at most wait in all. It never waits while
// holding a lock: it waits for one seat, then tries the others without
// waiting, and if one is taken it lets go of everything and waits for that
// one. So a request for A3–A5 never blocks those who want only A3 while it
// waits for A5, and no two requests can wait on each other. Redis being down
// is ErrDown, at once, so the caller can go on without locks: MySQL still
// decides, the locks only spare it the contention.
func (c *Client) LockSeats(ctx context.Context, showID int64, seats []string, wait time.Duration) (unlock func(), err error) {
	if !c.up.Load() {
		return nil, ErrDown
	}
	c.mu.RLock()
	locker := c.locker
	c.mu.RUnlock()
	if locker == nil {
		return nil, ErrDown
	}
	name := func(seat string) string { return "seat:" + strconv.FormatInt(showID, 10) + ":" + seat }
	// The locks live as long as lockCtx, which must not carry the wait's
	// deadline: rueidislock ends a lock when its context ends.
	lockCtx, cancelAll := context.WithCancel(context.WithoutCancel(ctx))
	// The wait ends when it runs out of time, the caller goes away, or Redis is
	// found down (the caller then goes on without locks); locks already held
	// are let go.
	var acquired, timedOut atomic.Bool
	waitDone, lost := make(chan struct{}), c.lostSignal()
	defer close(waitDone)
	go func() {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout := false
		select {
		case <-t.C:
			timeout = true
		case <-ctx.Done():
		case <-lost:
		case <-waitDone:
			return
		}
		if !acquired.Load() {
			timedOut.Store(timeout)
			cancelAll()
		}
	}()
	var held []context.CancelFunc
	release := func() {
		for i := len(held) - 1; i >= 0; i-- {
			held[i]()
		}
		held = held[:0]
	}
	start := time.Now()
	fail := func(err error) (func(), error) {
		release()
		cancelAll()
		c.metrics.LockWait.Observe(time.Since(start).Seconds())
		if timedOut.Load() && c.up.Load() {
			c.metrics.LockTimeouts.Inc()
			return nil, ErrLockTimeout
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, c.failed("lock", err)
	}
	blockOn := seats[0]
	for {
		_, r, err := locker.WithContext(lockCtx, name(blockOn))
		if err != nil {
			return fail(err)
		}
		held = append(held, r)
		busy := ""
		for _, seat := range seats {
			if seat == blockOn {
				continue
			}
			_, r, err := locker.TryWithContext(lockCtx, name(seat))
			// A slow answer (rueidislock gives each try TryNextAfter) is not an
			// outage: treat the seat as busy and wait for it instead.
			if errors.Is(err, rueidislock.ErrNotLocked) || (errors.Is(err, context.DeadlineExceeded) && lockCtx.Err() == nil) {
				busy = seat
				break
			} else if err != nil {
				return fail(err)
			}
			held = append(held, r)
		}
		if busy == "" {
			break
		}
		release()
		blockOn = busy
	}
	acquired.Store(true)
	c.metrics.LockWait.Observe(time.Since(start).Seconds())
	if lockCtx.Err() != nil { // the wait ended just as the last lock came
		release()
		c.metrics.LockTimeouts.Inc()
		return nil, ErrLockTimeout
	}
	return func() {
		release()
		cancelAll()
	}, nil
}
