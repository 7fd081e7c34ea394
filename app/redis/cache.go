package redis

import (
	"context"
	"time"

	"github.com/redis/rueidis"
)

// Shared cache keys. Values are the same for everybody: no per-user data ever goes in.
const (
	PopularKey = "popular:musicals:hot"
	NewestKey  = "popular:musicals:new"
	CacheTTL   = 10 * time.Minute
)

// CacheGet reads a cached value. Where the server supports it, the read is
// served from client-side memory that Redis invalidates on every write, so
// callers must use it for display only, never to decide availability.
func (c *Client) CacheGet(ctx context.Context, key string) ([]byte, bool, error) {
	cl, err := c.usable()
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	var res rueidis.RedisResult
	if c.ClientSideCaching() {
		res = cl.DoCache(ctx, cl.B().Get().Key(c.key(key)).Cache(), CacheTTL)
	} else {
		res = cl.Do(ctx, cl.B().Get().Key(c.key(key)).Build())
	}
	b, err := res.AsBytes()
	if rueidis.IsRedisNil(err) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, c.failed("cache_get", err)
	}
	return b, true, nil
}

// CacheSet stores a value for ttl.
func (c *Client) CacheSet(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	if err := cl.Do(ctx, cl.B().Set().Key(c.key(key)).Value(rueidis.BinaryString(value)).Px(ttl).Build()).Error(); err != nil {
		return c.failed("cache_set", err)
	}
	return nil
}

// CacheDelete drops cached values; every replica's client-side copy goes with them.
func (c *Client) CacheDelete(ctx context.Context, keys ...string) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = c.key(k)
	}
	if err := cl.Do(ctx, cl.B().Del().Key(full...).Build()).Error(); err != nil {
		return c.failed("cache_delete", err)
	}
	return nil
}
