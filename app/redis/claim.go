package redis

import (
	"context"
	"strconv"

	"github.com/redis/rueidis"

	"github.com/podo-tickets/podo/app"
)

// claim: KEYS taken, hold, lock marks, mark expiry; ARGV user, ttlMs, channel, event, show, seats...
// Run while holding the seats' locks: refuses seats sold or held by others in
// the meantime, else marks them all and tells every replica they are held.
var claimScript = rueidis.NewLuaScript(seatLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'reload'} end
local taken, held, _, mine = conflicts(ARGV[1], 6)
if #taken > 0 or #held > 0 then return {'conflict', taken, held, {}, mine} end
local exp = now + tonumber(ARGV[2])
local v = ARGV[1] .. ':' .. exp
for i = 6, #ARGV do
  redis.call('HSET', KEYS[3], ARGV[i], v)
  redis.call('ZADD', KEYS[4], exp, ARGV[5] .. ':' .. ARGV[i])
end
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]) + 60000)
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {'ok'}`)

// ClaimResult is the outcome of ClaimSeats.
type ClaimResult struct {
	Conflict SeatConflict
	Claimed  bool // the seats are marked and a held event was sent
}

// ClaimSeats marks seats whose locks the caller holds as in its booking, in
// one round-trip that also re-checks them (whoever held the locks before may
// have just bought them) and publishes ev (type held) to every replica. With
// the taken set not loaded it returns ErrUnknown and marks nothing.
func (c *Client) ClaimSeats(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) (ClaimResult, error) {
	var cr ClaimResult
	b := encodeEvent(ev)
	args := append([]string{strconv.FormatInt(userID, 10), strconv.FormatInt(c.opt.LockValidity.Milliseconds(), 10), c.channel(), string(b),
		strconv.FormatInt(showID, 10)}, seats...)
	err := c.do(ctx, "claim", func(ctx context.Context, cl rueidis.Client) error {
		arr, err := claimScript.Exec(ctx, cl, []string{c.takenKey(showID), c.holdKey(showID), c.markKey(showID), c.key(markExpiryKey)}, args).ToArray()
		if err != nil {
			return err
		}
		switch tag, _ := arr[0].ToString(); tag {
		case "reload":
			return ErrUnknown
		case "conflict":
			cr.Conflict = conflictFrom(arr[1:])
			return nil
		}
		cr.Claimed = true
		return nil
	})
	return cr, err
}

// committed: KEYS taken, hold, expiry, lock marks, popular, newest, generation, mark expiry; ARGV show, channel, event, buyer, seats...
// Moving the generation makes a reload that read MySQL before this commit lose.
var committedScript = rueidis.NewLuaScript(`
redis.call('INCR', KEYS[7])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], unpack(ARGV, 4)) end
for i = 5, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[4], ARGV[i])
  redis.call('ZREM', KEYS[3], ARGV[1] .. ':' .. ARGV[i])
  redis.call('ZREM', KEYS[8], ARGV[1] .. ':' .. ARGV[i])
end
redis.call('DEL', KEYS[5], KEYS[6])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`)

// Committed records in one round-trip what follows a committed booking: the
// seats are taken by the user (and the generation moves, see LoadTaken), their
// holds and lock marks end, the home page's caches are dropped and ev (type
// reserved) goes to every replica.
func (c *Client) Committed(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) error {
	b := encodeEvent(ev)
	args := append([]string{strconv.FormatInt(showID, 10), c.channel(), string(b), buyer(userID)}, seats...)
	keys := []string{c.takenKey(showID), c.holdKey(showID), c.key(holdExpiryKey), c.markKey(showID),
		c.key(PopularKey), c.key(NewestKey), c.takenGenKey(showID), c.key(markExpiryKey)}
	return c.do(ctx, "committed", func(ctx context.Context, cl rueidis.Client) error {
		return committedScript.Exec(ctx, cl, keys, args).Error()
	})
}

// unclaim: KEYS lock marks, mark expiry; ARGV user, channel, event, show, seats...
var unclaimScript = rueidis.NewLuaScript(`
local freed = 0
for i = 5, #ARGV do
  local v = redis.call('HGET', KEYS[1], ARGV[i])
  if v and string.sub(v, 1, string.find(v, ':') - 1) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[4] .. ':' .. ARGV[i])
    freed = freed + 1
  end
end
if freed > 0 and ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return freed`)

// Unclaim takes the caller's lock marks off seats whose booking failed and,
// when ev names seats, tells every replica they are free again.
func (c *Client) Unclaim(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) error {
	msg := ""
	if len(ev.Seats) > 0 {
		msg = string(encodeEvent(ev))
	}
	args := append([]string{strconv.FormatInt(userID, 10), c.channel(), msg, strconv.FormatInt(showID, 10)}, seats...)
	return c.do(ctx, "unclaim", func(ctx context.Context, cl rueidis.Client) error {
		return unclaimScript.Exec(ctx, cl, []string{c.markKey(showID), c.key(markExpiryKey)}, args).Error()
	})
}
