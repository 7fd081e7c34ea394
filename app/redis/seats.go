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

// Keys. A show's taken seats live in a set that always holds the sentinel "_"
// once loaded, so an absent key means "not known", never "nothing sold".
func (c *Client) takenKey(showID int64) string {
	return c.key("seats:" + strconv.FormatInt(showID, 10))
}
func (c *Client) takenGenKey(showID int64) string {
	return c.key("seats:gen:" + strconv.FormatInt(showID, 10))
}
func (c *Client) holdKey(showID int64) string { return c.key("hold:" + strconv.FormatInt(showID, 10)) }

// holdDeadlineKey keeps when a user's hold on a show must end, set by its first seat and
// expiring with it: changing the selection never moves it, so a hold cannot be kept alive by
// adding and dropping seats, nor by letting go of all of them and holding again at once.
func (c *Client) holdDeadlineKey(showID, userID int64) string {
	return c.key("hold:deadline:" + strconv.FormatInt(showID, 10) + ":" + strconv.FormatInt(userID, 10))
}

const (
	holdExpiryKey = "holds:expiry" // sorted set of "showID:seat" by expiry, for the sweeper
	takenTTL      = 10 * time.Minute
	sentinel      = "_"
)

// ErrUnknown tells that the show's taken seats are not in Redis: load them from MySQL.
var ErrUnknown = errors.New("taken seats not loaded")

// SeatConflict names seats that a request cannot have.
type SeatConflict struct {
	Taken  []string // reserved by someone
	Held   []string // held by another user
	Locked []string // in another user's booking right now
}

func conflictFrom(arr []rueidis.RedisMessage) SeatConflict {
	var sc SeatConflict
	sc.Taken, _ = arr[0].AsStrSlice()
	sc.Held, _ = arr[1].AsStrSlice()
	sc.Locked, _ = arr[2].AsStrSlice()
	return sc
}

// nowMs is Lua that sets `now` to the server's clock in milliseconds, so every
// replica of the service judges expiry by the same clock, and defines
// owner(v), which splits a "user:expiryMs" value, and conflicts(user, first):
// of the seats in ARGV from first on, those taken (set KEYS[1]), those held by
// another user (hash KEYS[2]) and those locked by another user's booking in
// flight (hash KEYS[3], the lock marks).
const nowMs = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function owner(v) local i = string.find(v, ':'); return string.sub(v, 1, i - 1), tonumber(string.sub(v, i + 1)) end
local function conflicts(user, first)
  local taken, held, locked = {}, {}, {}
  for i = first, #ARGV do
    local s = ARGV[i]
    if redis.call('SISMEMBER', KEYS[1], s) == 1 then taken[#taken + 1] = s
    else
      local m = redis.call('HGET', KEYS[3], s)
      local who, exp
      if m then who, exp = owner(m) end
      if m and who ~= user and exp > now then locked[#locked + 1] = s
      else
        local v = redis.call('HGET', KEYS[2], s)
        if v then who, exp = owner(v); if who ~= user and exp > now then held[#held + 1] = s end end
      end
    end
  end
  return taken, held, locked
end
`

// conflicts: KEYS taken, hold, lock marks; ARGV user, seats...
var conflictsScript = rueidis.NewLuaScript(nowMs + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'reload'} end
local taken, held, locked = conflicts(ARGV[1], 2)
return {'ok', taken, held, locked}`)

// Conflicts reports which of the seats are taken or held by another user. It
// reads Redis only, so a refusal costs no MySQL round-trip.
func (c *Client) Conflicts(ctx context.Context, showID, userID int64, seats []string) (SeatConflict, error) {
	var sc SeatConflict
	cl, err := c.usable()
	if err != nil {
		return sc, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	args := append([]string{strconv.FormatInt(userID, 10)}, seats...)
	arr, err := conflictsScript.Exec(ctx, cl, []string{c.takenKey(showID), c.holdKey(showID), c.markKey(showID)}, args).ToArray()
	if err != nil {
		return sc, c.failed("conflicts", err)
	}
	if tag, _ := arr[0].ToString(); tag == "reload" {
		return sc, ErrUnknown
	}
	return conflictFrom(arr[1:]), nil
}

// TakenGeneration reads the counter that every cancellation bumps. A loader
// reads it before asking MySQL and passes it to LoadTaken, so a load that
// raced with a cancellation is dropped instead of resurrecting a freed seat.
func (c *Client) TakenGeneration(ctx context.Context, showID int64) (string, error) {
	cl, err := c.usable()
	if err != nil {
		return "", err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	v, err := cl.Do(ctx, cl.B().Get().Key(c.takenGenKey(showID)).Build()).ToString()
	if rueidis.IsRedisNil(err) {
		return "0", nil
	} else if err != nil {
		return "", c.failed("taken_generation", err)
	}
	return v, nil
}

// loadTaken: KEYS taken, gen; ARGV ttl, generation, seats...
var loadTakenScript = rueidis.NewLuaScript(`
local g = redis.call('GET', KEYS[2]) or '0'
if g ~= ARGV[2] then return 0 end
redis.call('SADD', KEYS[1], '_', unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`)

// LoadTaken records the seats MySQL says are taken, unless a cancellation came in since gen was read.
func (c *Client) LoadTaken(ctx context.Context, showID int64, gen string, seats []string) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	args := append([]string{strconv.FormatInt(takenTTL.Milliseconds(), 10), gen}, seats...)
	if err := loadTakenScript.Exec(ctx, cl, []string{c.takenKey(showID), c.takenGenKey(showID)}, args).Error(); err != nil {
		return c.failed("load_taken", err)
	}
	return nil
}

// reserved: KEYS taken, hold, expiry, lock marks, generation; ARGV show, seats...
var reservedScript = rueidis.NewLuaScript(`
redis.call('INCR', KEYS[5])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], unpack(ARGV, 2)) end
for i = 2, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[4], ARGV[i])
  redis.call('ZREM', KEYS[3], ARGV[1] .. ':' .. ARGV[i])
end
return 1`)

// MarkReserved records freshly committed seats as taken and ends their holds.
func (c *Client) MarkReserved(ctx context.Context, showID int64, seats []string) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	args := append([]string{strconv.FormatInt(showID, 10)}, seats...)
	if err := reservedScript.Exec(ctx, cl, []string{c.takenKey(showID), c.holdKey(showID), c.key(holdExpiryKey), c.markKey(showID), c.takenGenKey(showID)}, args).Error(); err != nil {
		return c.failed("mark_reserved", err)
	}
	return nil
}

// MarkCancelled puts seats back on sale in Redis after MySQL freed them.
func (c *Client) MarkCancelled(ctx context.Context, showID int64, seats []string) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	cmds := rueidis.Commands{
		cl.B().Incr().Key(c.takenGenKey(showID)).Build(),
		cl.B().Srem().Key(c.takenKey(showID)).Member(seats...).Build(),
	}
	for _, r := range cl.DoMulti(ctx, cmds...) {
		if err := r.Error(); err != nil {
			return c.failed("mark_cancelled", err)
		}
	}
	return nil
}

// SeatState is what Redis knows of a show's seats: taken ones and holds.
type SeatState struct {
	Taken []string         // nil when not loaded (ErrUnknown is returned then)
	Held  map[string]int64 // seat -> user
	// expiry of each live hold, by seat
	expires map[string]time.Time
	// NextExpiry is the earliest hold expiry, zero when there are no holds.
	NextExpiry time.Time
}

// SeatState reads a show's taken seats and live holds in one round-trip.
func (c *Client) SeatState(ctx context.Context, showID int64) (SeatState, error) {
	st := SeatState{Held: map[string]int64{}, expires: map[string]time.Time{}}
	cl, err := c.usable()
	if err != nil {
		return st, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	res := cl.DoMulti(ctx,
		cl.B().Smembers().Key(c.takenKey(showID)).Build(),
		cl.B().Hgetall().Key(c.holdKey(showID)).Build(),
		cl.B().Time().Build(),
		cl.B().Hgetall().Key(c.markKey(showID)).Build())
	taken, err := res[0].AsStrSlice()
	if err != nil {
		return st, c.failed("seat_state", err)
	}
	holds, err := res[1].AsStrMap()
	if err != nil {
		return st, c.failed("seat_state", err)
	}
	now, err := serverTime(res[2])
	if err != nil {
		return st, c.failed("seat_state", err)
	}
	marks, err := res[3].AsStrMap()
	if err != nil {
		return st, c.failed("seat_state", err)
	}
	// A seat in someone's booking right now looks held to everybody else
	// until the booking commits (reserved) or fails (free again).
	for seat, v := range marks {
		if user, exp, ok := parseHold(v); ok && exp.After(now) {
			if _, held := holds[seat]; !held {
				st.Held[seat] = user
				if st.NextExpiry.IsZero() || exp.Before(st.NextExpiry) {
					st.NextExpiry = exp
				}
			}
		}
	}
	for seat, v := range holds {
		user, exp, ok := parseHold(v)
		if !ok || !exp.After(now) {
			continue
		}
		st.Held[seat] = user
		st.expires[seat] = exp
		if st.NextExpiry.IsZero() || exp.Before(st.NextExpiry) {
			st.NextExpiry = exp
		}
	}
	if len(taken) == 0 {
		return st, ErrUnknown
	}
	for _, s := range taken {
		if s != sentinel {
			st.Taken = append(st.Taken, s)
		}
	}
	if st.Taken == nil {
		st.Taken = []string{}
	}
	return st, nil
}

// holdExpiry is when the user's hold ends, zero without one.
func (st SeatState) holdExpiry(userID int64) time.Time {
	var exp time.Time
	for seat, u := range st.Held {
		if u == userID && st.expires[seat].After(exp) {
			exp = st.expires[seat]
		}
	}
	return exp
}

func serverTime(r rueidis.RedisResult) (time.Time, error) {
	parts, err := r.AsStrSlice()
	if err != nil || len(parts) != 2 {
		return time.Time{}, errors.Join(errors.New("bad TIME reply"), err)
	}
	sec, _ := strconv.ParseInt(parts[0], 10, 64)
	usec, _ := strconv.ParseInt(parts[1], 10, 64)
	return time.Unix(sec, usec*1000), nil
}

func parseHold(v string) (user int64, exp time.Time, ok bool) {
	who, ms, found := strings.Cut(v, ":")
	if !found {
		return 0, exp, false
	}
	u, err1 := strconv.ParseInt(who, 10, 64)
	m, err2 := strconv.ParseInt(ms, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, exp, false
	}
	return u, time.UnixMilli(m), true
}

// hold: KEYS taken, hold, lock marks, expiry, deadline; ARGV user, ttlMs, show, seats...
var holdScript = rueidis.NewLuaScript(nowMs + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'reload'} end
local user, ttl, show = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local taken, held, locked = conflicts(user, 4)
if #taken > 0 or #held > 0 or #locked > 0 then return {'conflict', taken, held, locked} end
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
	cl, err := c.usable()
	if err != nil {
		return hr, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	show := strconv.FormatInt(showID, 10)
	args := append([]string{strconv.FormatInt(userID, 10), strconv.FormatInt(ttl.Milliseconds(), 10), show}, seats...)
	arr, err := holdScript.Exec(ctx, cl, []string{c.takenKey(showID), c.holdKey(showID), c.markKey(showID), c.key(holdExpiryKey), c.holdDeadlineKey(showID, userID)}, args).ToArray()
	if err != nil {
		return hr, c.failed("hold", err)
	}
	switch tag, _ := arr[0].ToString(); tag {
	case "reload":
		return hr, ErrUnknown
	case "conflict":
		hr.Conflict = conflictFrom(arr[1:])
		return hr, nil
	}
	hr.Released, _ = arr[1].AsStrSlice()
	if len(seats) > 0 {
		ms, _ := arr[2].ToString()
		n, _ := strconv.ParseInt(ms, 10, 64)
		hr.ExpiresAt = time.UnixMilli(n)
	}
	return hr, nil
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
var sweepScript = rueidis.NewLuaScript(nowMs + `
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
	cl, err := c.usable()
	if err != nil {
		return nil, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	due, err := sweepScript.Exec(ctx, cl, []string{c.key(holdExpiryKey), c.key(markExpiryKey)},
		[]string{"500", c.key("hold:"), c.key("locked:"), c.key("seats:"), c.key("seats:gen:")}).AsStrSlice()
	if err != nil {
		return nil, c.failed("sweep", err)
	}
	out := map[int64][]string{}
	for _, m := range due {
		show, seat, _ := strings.Cut(m, ":")
		id, _ := strconv.ParseInt(show, 10, 64)
		out[id] = append(out[id], seat)
	}
	return out, nil
}
