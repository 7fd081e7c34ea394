package redis

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"
)

// ErrLockTimeout tells that a seat lock could not be had in time because someone else held it.
var ErrLockTimeout = errors.New("seat lock wait timed out")

// LockSeats takes the per-seat locks (rueidislock, keys lock:0:seat:{show}:{seat})
// in the order given, which callers keep sorted so that two multi-seat requests
// never wait on each other in a circle. It waits at most wait in all. Redis
// being down is ErrDown, at once, so the caller can go on without locks:
// MySQL still decides, the locks only spare it the contention.
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
	// The locks live as long as lockCtx, which must not carry the wait's
	// deadline: rueidislock ends a lock when its context ends.
	lockCtx, cancelAll := context.WithCancel(context.WithoutCancel(ctx))
	var acquired atomic.Bool
	timedOut := atomic.Bool{}
	timer := time.AfterFunc(wait, func() {
		if !acquired.Load() {
			timedOut.Store(true)
			cancelAll()
		}
	})
	stopOnDown := context.AfterFunc(ctx, func() {
		if !acquired.Load() {
			cancelAll()
		}
	})
	var releases []context.CancelFunc
	unlock = func() {
		for i := len(releases) - 1; i >= 0; i-- {
			releases[i]()
		}
		cancelAll()
	}
	start := time.Now()
	for _, seat := range seats {
		_, release, err := locker.WithContext(lockCtx, "seat:"+strconv.FormatInt(showID, 10)+":"+seat)
		if err != nil {
			timer.Stop()
			stopOnDown()
			unlock()
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
		releases = append(releases, release)
	}
	acquired.Store(true)
	timer.Stop()
	stopOnDown()
	c.metrics.LockWait.Observe(time.Since(start).Seconds())
	if lockCtx.Err() != nil { // the timer fired just as the last lock came
		unlock()
		c.metrics.LockTimeouts.Inc()
		return nil, ErrLockTimeout
	}
	return unlock, nil
}
