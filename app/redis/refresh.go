package redis

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// Refresh-token families. Each sign-in starts a family under
// refreshtoken:{userId}:{familyId} holding the hash of its current token and the
// hashes of every token it replaced. Presenting a replaced token means it was
// stolen or replayed, so the whole family is revoked.

// ErrTokenReused tells that a refresh token that was already rotated came back; the session is revoked.
var ErrTokenReused = errors.New("refresh token reused")

// ErrTokenUnknown tells that a refresh token is not (or no longer) valid.
var ErrTokenUnknown = errors.New("refresh token unknown")

func (c *Client) refreshKey(userID int64, family string) string {
	return c.key("refreshtoken:" + strconv.FormatInt(userID, 10) + ":" + family)
}

// CreateRefresh starts a token family with its first token's hash.
func (c *Client) CreateRefresh(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	key := c.refreshKey(userID, family)
	for _, r := range cl.DoMulti(ctx,
		cl.B().Hset().Key(key).FieldValue().FieldValue("cur", hash).Build(),
		cl.B().Pexpire().Key(key).Milliseconds(ttl.Milliseconds()).Build()) {
		if err := r.Error(); err != nil {
			return c.failed("refresh_create", err)
		}
	}
	return nil
}

// rotate: KEYS family; ARGV old, new, ttl
var rotateScript = rueidis.NewLuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'unknown' end
if redis.call('HGET', KEYS[1], 'cur') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'cur', ARGV[2], 'old:' .. ARGV[1], '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 'ok'
end
if redis.call('HEXISTS', KEYS[1], 'old:' .. ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1])
  return 'reused'
end
return 'unknown'`)

// RotateRefresh replaces the family's current token hash oldHash with newHash.
func (c *Client) RotateRefresh(ctx context.Context, userID int64, family, oldHash, newHash string, ttl time.Duration) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	res, err := rotateScript.Exec(ctx, cl, []string{c.refreshKey(userID, family)},
		[]string{oldHash, newHash, strconv.FormatInt(ttl.Milliseconds(), 10)}).ToString()
	if err != nil {
		return c.failed("refresh_rotate", err)
	}
	switch res {
	case "ok":
		return nil
	case "reused":
		return ErrTokenReused
	}
	return ErrTokenUnknown
}

// RevokeRefresh ends a token family.
func (c *Client) RevokeRefresh(ctx context.Context, userID int64, family string) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	if err := cl.Do(ctx, cl.B().Del().Key(c.refreshKey(userID, family)).Build()).Error(); err != nil {
		return c.failed("refresh_revoke", err)
	}
	return nil
}
