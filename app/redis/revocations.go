package redis

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// Ended sessions, known in memory. Every replica asks whether an access
// token's session was ended on every request; asking Redis cost a round-trip
// for each session's first request (and every minute after), which at an
// on-sale is every buyer at once. So each replica keeps the list itself: it
// loads the sorted set revocations (family -> when its listing ends, ms) as
// its subscription to the revocations channel starts, and adds what the
// channel brings. While it is not in step (no subscription, or the load not
// done yet), Revoked asks Redis as before.

// revocationSlack is how much longer than Redis a replica keeps a listing,
// for clocks that disagree.
const revocationSlack = time.Minute

type revocations struct {
	mu       sync.Mutex
	families map[string]time.Time // listed until
	gen      uint64               // subscriptions started
	synced   atomic.Bool
}

func (c *Client) revocationsKey() string { return c.key("revocations") }

// revocationsChannel is named like the seat events' (pub/sub ignores SELECT).
func (c *Client) revocationsChannel() string {
	return c.key("podo:revocations:" + strconv.Itoa(c.opt.DB))
}

// add lists family until untilMs (Redis's clock).
func (r *revocations) add(family string, untilMs int64) {
	until := time.UnixMilli(untilMs).Add(revocationSlack)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.families == nil {
		r.families = map[string]time.Time{}
	}
	if len(r.families) >= 1000 && len(r.families)%1000 == 0 {
		now := time.Now()
		for f, t := range r.families {
			if !t.After(now) {
				delete(r.families, f)
			}
		}
	}
	if until.After(r.families[family]) {
		r.families[family] = until
	}
}

// listed answers from memory, and whether it can.
func (r *revocations) listed(family string) (revoked, known bool) {
	if !r.synced.Load() {
		return false, false
	}
	r.mu.Lock()
	until, ok := r.families[family]
	r.mu.Unlock()
	return ok && time.Now().Before(until), true
}

// watchRevocations keeps c.revs in step with Redis until ctx ends.
func (c *Client) watchRevocations(ctx context.Context) {
	for ctx.Err() == nil {
		c.revs.mu.Lock()
		c.revs.gen++
		gen := c.revs.gen
		c.revs.mu.Unlock()
		c.listen(ctx, c.revocationsChannel(), func(msg string) {
			family, until, ok := strings.Cut(msg, "|")
			if ms, err := strconv.ParseInt(until, 10, 64); ok && err == nil {
				c.revs.add(family, ms)
			}
		}, func() { go c.loadRevocations(ctx, gen) })
		c.revs.synced.Store(false)
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// loadRevocations reads the whole list once the subscription of generation
// gen stands (so nothing revoked meanwhile is missed) and only then lets
// Revoked answer from memory, trying again while that subscription lasts.
func (c *Client) loadRevocations(ctx context.Context, gen uint64) {
	for ctx.Err() == nil {
		var list []rueidis.ZScore
		err := c.do(ctx, "revocations_load", func(ctx context.Context, cl rueidis.Client) error {
			var err error
			list, err = cl.Do(ctx, cl.B().Zrangebyscore().Key(c.revocationsKey()).
				Min(strconv.FormatInt(time.Now().Add(-revocationSlack).UnixMilli(), 10)).Max("+inf").Withscores().Build()).AsZScores()
			return err
		})
		c.revs.mu.Lock()
		current := c.revs.gen == gen
		c.revs.mu.Unlock()
		if !current {
			return
		}
		if err == nil {
			for _, z := range list {
				c.revs.add(z.Member, int64(z.Score))
			}
			c.revs.mu.Lock()
			if c.revs.gen == gen {
				c.revs.synced.Store(true)
			}
			c.revs.mu.Unlock()
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// luaRevoke defines revoke(list, family, ttlMs, channel), which lists a
// family as revoked for ttlMs and tells every replica; it needs luaNow's `now`.
const luaRevoke = `local function revoke(list, family, ttl, channel)
  local untilMs = now + tonumber(ttl)
  redis.call('ZREMRANGEBYSCORE', list, '-inf', now)
  redis.call('ZADD', list, untilMs, family)
  redis.call('PUBLISH', channel, family .. '|' .. untilMs)
end
`
