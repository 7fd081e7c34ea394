package redis

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/rueidis"
)

// hold: KEYS taken, hold, lock marks, expiry, deadline; ARGV user, ttlMs, show, seats...
var holdScript = rueidis.NewLuaScript(seatLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'reload'} end
local user, ttl, show = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local taken, held, locked, mine = conflicts(user, 4)
if #taken > 0 or #held > 0 or #locked > 0 then return {'conflict', taken, held, locked, mine} end
local want = {}
for i = 4, #ARGV do want[ARGV[i]] = true end
local released = {}
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local s = all[i]
  local who = owner(all[i + 1])
  if who == user and not want[s] then
    redis.call('HDEL', KEYS[2], s)
    redis.call('ZREM', KEYS[4], show .. ':' .. s)
    released[#released + 1] = s
  end
end
local exp = tonumber(redis.call('GET', KEYS[5]) or '0')
if exp <= now then
  exp = now + ttl
  if #ARGV >= 4 then redis.call('SET', KEYS[5], exp, 'PX', ttl) end
end
for i = 4, #ARGV do
  redis.call('HSET', KEYS[2], ARGV[i], user .. ':' .. exp)
  redis.call('ZADD', KEYS[4], exp, show .. ':' .. ARGV[i])
end
redis.call('PEXPIRE', KEYS[2], ttl + 60000)
return {'ok', released, tostring(exp)}`)

// HoldResult is the outcome of SetHold.
type HoldResult struct {
	Conflict  SeatConflict
	Released  []string  // seats of the user's previous hold that it no longer wants
	ExpiresAt time.Time // zero when the hold is empty
}

// SetHold replaces the user's hold on a show with exactly seats, all or
// nothing, atomically: either every seat is free of reservations and of other
// users' live holds and all are held until the hold's deadline (now+ttl when its
// first seat was held; later changes keep it), or nothing changes and the
// conflict names the seats in the way.
func (c *Client) SetHold(ctx context.Context, showID, userID int64, seats []string, ttl time.Duration) (HoldResult, error) {
	var hr HoldResult
	show := strconv.FormatInt(showID, 10)
	args := append([]string{strconv.FormatInt(userID, 10), strconv.FormatInt(ttl.Milliseconds(), 10), show}, seats...)
	keys := []string{c.takenKey(showID), c.holdKey(showID), c.markKey(showID), c.key(holdExpiryKey), c.holdDeadlineKey(showID, userID)}
	err := c.do(ctx, "hold", func(ctx context.Context, cl rueidis.Client) error {
		arr, err := holdScript.Exec(ctx, cl, keys, args).ToArray()
		if err != nil {
			return err
		}
		switch tag, _ := arr[0].ToString(); tag {
		case "reload":
			return ErrUnknown
		case "conflict":
			hr.Conflict = conflictFrom(arr[1:])
			return nil
		}
		hr.Released, _ = arr[1].AsStrSlice()
		if len(seats) > 0 {
			ms, _ := arr[2].ToString()
			n, _ := strconv.ParseInt(ms, 10, 64)
			hr.ExpiresAt = time.UnixMilli(n)
		}
		return nil
	})
	return hr, err
}

// Hold returns the user's live hold on a show: its seats and when it expires.
func (c *Client) Hold(ctx context.Context, showID, userID int64) ([]string, time.Time, error) {
	st, err := c.SeatState(ctx, showID)
	if err != nil && !errors.Is(err, ErrUnknown) {
		return nil, time.Time{}, err
	}
	seats := []string{}
	for seat, u := range st.Held {
		if u == userID {
			seats = append(seats, seat)
		}
	}
	slices.Sort(seats)
	return seats, st.holdExpiry(userID), nil
}

// sweep: KEYS hold expiry, mark expiry; ARGV limit, the prefixes of hold,
// lock mark, taken and generation keys. Expired holds end. An expired lock
// mark is a booking that never said how it ended (its replica died, perhaps
// after MySQL committed it): the mark goes, and so does the show's taken set,
// which the next reader rebuilds from MySQL.
var sweepScript = rueidis.NewLuaScript(seatLua + `
local out = {}
local function expire(zset, prefix, onExpired)
  local due = redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
  for _, m in ipairs(due) do
    redis.call('ZREM', zset, m)
    local i = string.find(m, ':')
    local show, seat = string.sub(m, 1, i - 1), string.sub(m, i + 1)
    local v = redis.call('HGET', prefix .. show, seat)
    if v then
      local _, exp = owner(v)
      if exp <= now then redis.call('HDEL', prefix .. show, seat); out[#out + 1] = m; onExpired(show) end
    end
  end
end
expire(KEYS[1], ARGV[2], function(show) end)
expire(KEYS[2], ARGV[3], function(show)
  redis.call('INCR', ARGV[5] .. show)
  redis.call('DEL', ARGV[4] .. show)
end)
return out`)

// SweepExpiredHolds removes holds and lock marks whose time is up and returns
// their seats by show; a show with an expired mark has its taken set dropped.
// The script is atomic, so of all replicas sweeping only one sees each expiry.
func (c *Client) SweepExpiredHolds(ctx context.Context) (map[int64][]string, error) {
	var due []string
	err := c.do(ctx, "sweep", func(ctx context.Context, cl rueidis.Client) error {
		var err error
		due, err = sweepScript.Exec(ctx, cl, []string{c.key(holdExpiryKey), c.key(markExpiryKey)},
			[]string{"500", c.key(holdPrefix), c.key(markPrefix), c.key(takenPrefix), c.key(takenGenPrefix)}).AsStrSlice()
		return err
	})
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, m := range due {
		show, seat, _ := strings.Cut(m, ":")
		id, _ := strconv.ParseInt(show, 10, 64)
		out[id] = append(out[id], seat)
	}
	return out, nil
}
