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
func (c *Client) CacheGet(ctx context.Context, key string) (b []byte, found bool, err error) {
	err = c.do(ctx, "cache_get", func(ctx context.Context, cl rueidis.Client) error {
		var res rueidis.RedisResult
		if c.ClientSideCaching() {
			res = cl.DoCache(ctx, cl.B().Get().Key(c.key(key)).Cache(), CacheTTL)
		} else {
			res = cl.Do(ctx, cl.B().Get().Key(c.key(key)).Build())
		}
		var err error
		b, err = res.AsBytes()
		if rueidis.IsRedisNil(err) {
			return nil
		}
		found = err == nil
		return err
	})
	return b, found, err
}

// CacheSet stores a value for ttl.
func (c *Client) CacheSet(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return c.do(ctx, "cache_set", func(ctx context.Context, cl rueidis.Client) error {
		return cl.Do(ctx, cl.B().Set().Key(c.key(key)).Value(rueidis.BinaryString(value)).Px(ttl).Build()).Error()
	})
}

// CacheDelete drops cached values; every replica's client-side copy goes with them.
func (c *Client) CacheDelete(ctx context.Context, keys ...string) error {
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = c.key(k)
	}
	return c.do(ctx, "cache_delete", func(ctx context.Context, cl rueidis.Client) error {
		return cl.Do(ctx, cl.B().Del().Key(full...).Build()).Error()
	})
}
