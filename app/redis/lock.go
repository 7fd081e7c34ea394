package redis

import (
	"context"
	"errors"
	"strconv"

	"github.com/redis/rueidis/rueidislock"
)

// ErrSeatsBusy tells that another request holds the lock of a seat: it is in
// somebody's booking right now. Nobody waits for it; the caller is refused.
var ErrSeatsBusy = errors.New("seat locked by another booking")

// TryLockSeats takes the per-seat locks (rueidislock, keys
// lock:0:seat:{show}:{seat}) for all the seats or none, without waiting: a
// seat whose lock is held elsewhere ends the attempt at once with
// ErrSeatsBusy and the seat's name, and the locks already taken are let go.
// So no request ever queues behind another buyer, and no two requests can
// wait on each other. Redis being down is ErrDown, at once, so the caller can
// go on without locks: MySQL still decides, the locks only spare it the
// contention.
func (c *Client) TryLockSeats(ctx context.Context, showID int64, seats []string) (unlock func(), busy string, err error) {
	if !c.up.Load() {
		return nil, "", ErrDown
	}
	c.mu.RLock()
	locker := c.locker
	c.mu.RUnlock()
	if locker == nil {
		return nil, "", ErrDown
	}
	prefix := "seat:" + strconv.FormatInt(showID, 10) + ":"
	// The locks live as long as lockCtx, which must not end with the request:
	// they are let go by unlock, in the background, after the answer.
	lockCtx, cancelAll := context.WithCancel(context.WithoutCancel(ctx))
	held := make([]context.CancelFunc, 0, len(seats))
	release := func() {
		for i := len(held) - 1; i >= 0; i-- {
			held[i]()
		}
		cancelAll()
	}
	for _, seat := range seats {
		_, r, err := locker.TryWithContext(lockCtx, prefix+seat)
		// A slow answer (rueidislock gives each try TryNextAfter) is not an
		// outage: the seat counts as busy, and the buyer tries again.
		if errors.Is(err, rueidislock.ErrNotLocked) || (errors.Is(err, context.DeadlineExceeded) && lockCtx.Err() == nil) {
			release()
			c.metrics.SeatLockBusy.Inc()
			return nil, seat, ErrSeatsBusy
		} else if err != nil {
			release()
			return nil, "", c.failed("lock", err)
		}
		held = append(held, r)
	}
	return release, "", nil
}
