package redis

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// Refresh-token families. Each sign-in starts a family under
// refreshtoken:{userId}:{familyId}: the hashes of its current tokens
// (cur:<hash>), when it was born (an absolute lifetime counts from then), and
// for every token it replaced, when (old:<hash> -> ms). A replaced token that
// comes back within a few seconds is a second tab or a retry whose answer was
// lost, and gets a current token of its own; later it means the token was
// stolen or replayed, and the whole family is revoked. A revoked family is
// also listed under revoked:{familyId} for as long as its access tokens live,
// so they stop working at once.

// ErrTokenReused tells that a refresh token that was already rotated came back; the session is revoked.
var ErrTokenReused = errors.New("refresh token reused")

// ErrTokenUnknown tells that a refresh token is not (or no longer) valid.
var ErrTokenUnknown = errors.New("refresh token unknown")

func (c *Client) refreshKey(userID int64, family string) string {
	return c.key("refreshtoken:" + strconv.FormatInt(userID, 10) + ":" + family)
}

func (c *Client) revokedKey(family string) string { return c.key("revoked:" + family) }

// create: KEYS family; ARGV hash, ttlMs
var createScript = rueidis.NewLuaScript(luaNow + `
redis.call('HSET', KEYS[1], 'cur:' .. ARGV[1], '1', 'born', now)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`)

// CreateRefresh starts a token family with its first token's hash.
func (c *Client) CreateRefresh(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error {
	return c.do(ctx, "refresh_create", func(ctx context.Context, cl rueidis.Client) error {
		return createScript.Exec(ctx, cl, []string{c.refreshKey(userID, family)}, []string{hash, strconv.FormatInt(ttl.Milliseconds(), 10)}).Error()
	})
}

// rotate: KEYS family, revoked, revocations; ARGV old, new, ttlMs, graceMs, lifetimeMs, accessTtlMs, family, channel
var rotateScript = rueidis.NewLuaScript(luaNow + luaRevoke + `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'unknown' end
local ttl, grace, lifetime = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local born = tonumber(redis.call('HGET', KEYS[1], 'born') or '0')
local left = born + lifetime - now
if left <= 0 then redis.call('DEL', KEYS[1]); return 'unknown' end
local function renew()
  redis.call('HSET', KEYS[1], 'cur:' .. ARGV[2], '1')
  redis.call('PEXPIRE', KEYS[1], math.min(ttl, left))
  return 'ok'
end
if redis.call('HDEL', KEYS[1], 'cur:' .. ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'old:' .. ARGV[1], now)
  return renew()
end
local at = redis.call('HGET', KEYS[1], 'old:' .. ARGV[1])
if at then
  if now - tonumber(at) <= grace then return renew() end
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[6])
  revoke(KEYS[3], ARGV[7], ARGV[6], ARGV[8])
  return 'reused'
end
return 'unknown'`)

// RotateRefresh replaces the family's token oldHash with newHash. A token
// replaced less than grace ago is renewed too; a family older than lifetime
// is over whatever its tokens say. On reuse, accessTTL is how long the
// family's access tokens are listed as revoked.
func (c *Client) RotateRefresh(ctx context.Context, userID int64, family, oldHash, newHash string, ttl, grace, lifetime, accessTTL time.Duration) error {
	ms := func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	return c.do(ctx, "refresh_rotate", func(ctx context.Context, cl rueidis.Client) error {
		res, err := rotateScript.Exec(ctx, cl, []string{c.refreshKey(userID, family), c.revokedKey(family), c.revocationsKey()},
			[]string{oldHash, newHash, ms(ttl), ms(grace), ms(lifetime), ms(accessTTL), family, c.revocationsChannel()}).ToString()
		switch {
		case err != nil:
			return err
		case res == "ok":
			return nil
		case res == "reused":
			return ErrTokenReused
		}
		return ErrTokenUnknown
	})
}

// revoke: KEYS revoked, family, revocations; ARGV family, accessTtlMs, channel
var revokeScript = rueidis.NewLuaScript(luaNow + luaRevoke + `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
revoke(KEYS[3], ARGV[1], ARGV[2], ARGV[3])
return 1`)

// RevokeRefresh ends a token family, and its access tokens with it for
// accessTTL: every replica hears of it at once.
func (c *Client) RevokeRefresh(ctx context.Context, userID int64, family string, accessTTL time.Duration) error {
	return c.do(ctx, "refresh_revoke", func(ctx context.Context, cl rueidis.Client) error {
		return revokeScript.Exec(ctx, cl, []string{c.revokedKey(family), c.refreshKey(userID, family), c.revocationsKey()},
			[]string{family, strconv.FormatInt(accessTTL.Milliseconds(), 10), c.revocationsChannel()}).Error()
	})
}

// Revoked tells whether a session was ended (signed out, or its refresh token
// reused). The answer comes from the replica's own list while it is in step
// with Redis (see revocations.go); else from Redis, cached in memory where the
// server supports it (Redis invalidates it the moment the session is revoked).
func (c *Client) Revoked(ctx context.Context, family string) (bool, error) {
	if revoked, known := c.revs.listed(family); known {
		return revoked, nil
	}
	revoked := false
	err := c.do(ctx, "revoked", func(ctx context.Context, cl rueidis.Client) error {
		var res rueidis.RedisResult
		if c.ClientSideCaching() {
			res = cl.DoCache(ctx, cl.B().Get().Key(c.revokedKey(family)).Cache(), time.Minute)
		} else {
			res = cl.Do(ctx, cl.B().Get().Key(c.revokedKey(family)).Build())
		}
		err := res.Error()
		if rueidis.IsRedisNil(err) {
			return nil
		}
		revoked = err == nil
		return err
	})
	return revoked, err
}
