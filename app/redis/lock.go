package redis

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"github.com/redis/rueidis/rueidislock"
)

// ErrSeatsBusy tells that another request holds the lock of a seat: it is in
// somebody's booking right now. Nobody waits for it; the caller is refused.
var ErrSeatsBusy = errors.New("seat locked by another booking")

// TryLockSeats takes the per-seat locks (rueidislock, keys
// lock:0:seat:{show}:{seat}) for all the seats or none, without waiting: a
// seat whose lock is held elsewhere ends the attempt at once with
// ErrSeatsBusy and the (first such) seat's name, and the locks taken are let go.
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
	// All the seats are tried at once: rueidis sends the tries together, so
	// four seats cost one round-trip, not four.
	tries := make([]struct {
		release context.CancelFunc
		err     error
	}, len(seats))
	var wg sync.WaitGroup
	for i := 1; i < len(seats); i++ {
		wg.Go(func() { _, tries[i].release, tries[i].err = locker.TryWithContext(lockCtx, prefix+seats[i]) })
	}
	_, tries[0].release, tries[0].err = locker.TryWithContext(lockCtx, prefix+seats[0])
	wg.Wait()
	release := func() {
		for i := len(tries) - 1; i >= 0; i-- {
			if tries[i].err == nil {
				tries[i].release()
			}
		}
		cancelAll()
	}
	for i, t := range tries {
		// A slow answer (rueidislock gives each try TryNextAfter) is not an
		// outage: the seat counts as busy, and the buyer tries again.
		if errors.Is(t.err, rueidislock.ErrNotLocked) || (errors.Is(t.err, context.DeadlineExceeded) && lockCtx.Err() == nil) {
			release()
			c.metrics.SeatLockBusy.Inc()
			return nil, seats[i], ErrSeatsBusy
		} else if t.err != nil {
			release()
			return nil, "", c.failed("lock", t.err)
		}
	}
	return release, "", nil
}
