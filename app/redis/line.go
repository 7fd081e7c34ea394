package redis

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// A show's waiting line lives in keys that share the hash tag {line:<show>},
// so every script below touches one cluster slot:
//
//	meta      hash: drawAt (ms), drawn, next (places given), admitted (places let
//	          through), credit and tick (the admission pace), soldout
//	early     sorted set: user -> random score, for arrivals before the draw
//	place     hash: user -> place
//	order     list: users in place order (place n is index n-1)
//	joined    hash: user -> when they first arrived (ms)
//	active    sorted set: user -> pass expiry (ms), the admitted shoppers
//	unclaimed set: admitted users who have not fetched their pass yet
//
// Times are Redis's own clock, so every replica agrees on them.
func (c *Client) lineKeys(showID int64) []string {
	tag := c.key("{line:" + strconv.FormatInt(showID, 10) + "}:")
	return []string{tag + "meta", tag + "early", tag + "place", tag + "order", tag + "joined", tag + "active", tag + "unclaimed"}
}

// lineTTL is how long a line outlives its last arrival: a user who leaves
// and comes back within it keeps their place.
const lineTTL = 24 * time.Hour

// lineLua defines draw(), which gives every arrival before the draw a place
// in the order of their random scores, once, and expire(), which keeps the
// line's keys alive for ARGV ttl.
const lineLua = luaNow + `
local function num(v) return tonumber(v) or 0 end
local function draw()
  if redis.call('HGET', KEYS[1], 'drawn') == '1' then return end
  local next = num(redis.call('HGET', KEYS[1], 'next'))
  local early = redis.call('ZRANGE', KEYS[2], 0, -1)
  for i = 1, #early, 1000 do
    local batch = {}
    for j = i, math.min(i + 999, #early) do
      next = next + 1
      redis.call('HSET', KEYS[3], early[j], next)
      batch[#batch + 1] = early[j]
    end
    redis.call('RPUSH', KEYS[4], unpack(batch))
  end
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'drawn', '1', 'next', next)
end
local function expire(ttl)
  for i = 1, 7 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
`

// join: KEYS lineKeys; ARGV user, drawAtMs, random score, ttlMs, again (1: a user whose pass ended goes to the back).
// Returns {place, admitted, passExpiryMs (-1: none), soldout, firstClaim, joinedMs, drawAtMs}.
var joinScript = rueidis.NewLuaScript(lineLua + `
local user, drawAt = ARGV[1], num(ARGV[2])
local meta = redis.call('HMGET', KEYS[1], 'drawn', 'soldout')
if meta[1] ~= '1' and now >= drawAt then draw() end
local admitted = num(redis.call('HGET', KEYS[1], 'admitted'))
local soldout = meta[2] == '1' and 1 or 0
local place = num(redis.call('HGET', KEYS[3], user))
local exp = num(redis.call('ZSCORE', KEYS[6], user))
if exp <= now then exp = -1 end
if place > 0 and place <= admitted and exp < 0 and ARGV[5] == '1' and soldout == 0 then place = 0 end
if place == 0 and soldout == 0 then
  redis.call('HSETNX', KEYS[5], user, now)
  if redis.call('HGET', KEYS[1], 'drawn') ~= '1' then
    redis.call('ZADD', KEYS[2], 'NX', ARGV[3], user)
  else
    place = redis.call('HINCRBY', KEYS[1], 'next', 1)
    redis.call('HSET', KEYS[3], user, place)
    redis.call('RPUSH', KEYS[4], user)
  end
  expire(num(ARGV[4]))
end
local first = 0
if exp > 0 then first = redis.call('SREM', KEYS[7], user) end
return {place, admitted, exp, soldout, first, num(redis.call('HGET', KEYS[5], user)), drawAt}`)

// LineTicket is a user's standing in a show's line.
type LineTicket struct {
	Place      int64     // 0 until the draw
	Admitted   int64     // places let through so far
	PassExpiry time.Time // zero when the user holds no live pass
	SoldOut    bool
	FirstClaim bool      // the pass is fetched for the first time
	JoinedAt   time.Time // the user's first arrival
	DrawAt     time.Time // zero when arrivals are in arrival order from the start
}

// JoinLine gives the user a place in the show's line, or returns the one they
// have. Arrivals before drawAt get a random place, drawn at drawAt; later ones
// join the back. With again, a user whose pass has ended joins the back anew.
func (c *Client) JoinLine(ctx context.Context, showID, userID int64, drawAt time.Time, again bool) (LineTicket, error) {
	var t LineTicket
	cl, err := c.usable()
	if err != nil {
		return t, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	var b [8]byte
	_, _ = rand.Read(b[:])
	score := strconv.FormatUint(binary.BigEndian.Uint64(b[:])>>11, 10) // 53 bits: exact in a sorted set's double
	args := []string{strconv.FormatInt(userID, 10), strconv.FormatInt(ms(drawAt), 10), score,
		strconv.FormatInt(lineTTL.Milliseconds(), 10), flag(again)}
	v, err := joinScript.Exec(ctx, cl, c.lineKeys(showID), args).AsIntSlice()
	if err != nil {
		return t, c.failed("line_join", err)
	}
	t = LineTicket{Place: v[0], Admitted: v[1], SoldOut: v[3] == 1, FirstClaim: v[4] == 1, JoinedAt: time.UnixMilli(v[5])}
	if v[2] > 0 {
		t.PassExpiry = time.UnixMilli(v[2])
	}
	if v[6] > 0 {
		t.DrawAt = time.UnixMilli(v[6])
	}
	return t, nil
}

// tick: KEYS lineKeys; ARGV drawAtMs, rate (users/s), cap, passTtlMs, soldout (1 ends admission).
// Returns {admitted, next, waiting before the draw, active, unclaimed, admitted now, soldout, drawn}.
var tickScript = rueidis.NewLuaScript(lineLua + `
local drawAt, rate, cap, ttl = num(ARGV[1]), num(ARGV[2]), num(ARGV[3]), num(ARGV[4])
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then return {0, 0, 0, 0, 0, 0, 0, 0} end
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'soldout', '1') end
local soldout = redis.call('HGET', KEYS[1], 'soldout') == '1'
if not soldout and now >= drawAt then draw() end
local drawn = redis.call('HGET', KEYS[1], 'drawn') == '1'
local gone = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
  redis.call('SREM', KEYS[7], unpack(gone))
end
local v = redis.call('HMGET', KEYS[1], 'admitted', 'next', 'credit', 'tick')
local admitted, next, credit, last = num(v[1]), num(v[2]), num(v[3]), num(v[4])
local n = 0
if drawn and not soldout then
  if last > 0 then credit = math.min(math.max(rate, 1), credit + rate * (now - last) / 1000) else credit = math.min(rate, 1) end
  n = math.min(math.floor(credit), cap - redis.call('ZCARD', KEYS[6]), next - admitted)
  if n > 0 then
    local users = redis.call('LRANGE', KEYS[4], admitted, admitted + n - 1)
    for _, u in ipairs(users) do redis.call('ZADD', KEYS[6], now + ttl, u) end
    redis.call('SADD', KEYS[7], unpack(users))
    admitted, credit = admitted + n, credit - n
  else
    n = 0
  end
  redis.call('HSET', KEYS[1], 'admitted', admitted, 'credit', tostring(credit), 'tick', now)
end
return {admitted, next, redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[6]), redis.call('SCARD', KEYS[7]), n, soldout and 1 or 0, drawn and 1 or 0}`)

// LineState is a show's line as a whole.
type LineState struct {
	Admitted  int64 // places let through
	Places    int64 // places given
	Early     int64 // arrivals waiting for the draw
	Active    int64 // live passes
	Unclaimed int64 // passes not fetched yet by their users
	Admits    int64 // let through by this tick
	SoldOut   bool
	Drawn     bool
}

// Waiting is how many are in line and not let through yet.
func (s LineState) Waiting() int64 { return s.Places - s.Admitted + s.Early }

// TickLine moves a show's line on: the draw once it is due, then as many
// places as the pace (rate a second, a second's worth at most at once) and the
// free slots (cap minus live passes) allow, each given a pass that lasts
// passTTL. Every replica may call it; the pace is kept by Redis's clock, not
// by the callers. soldOut ends admission for good. A line nobody joined is
// left alone.
func (c *Client) TickLine(ctx context.Context, showID int64, drawAt time.Time, rate float64, cap int, passTTL time.Duration, soldOut bool) (LineState, error) {
	var s LineState
	cl, err := c.usable()
	if err != nil {
		return s, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	args := []string{strconv.FormatInt(ms(drawAt), 10), strconv.FormatFloat(rate, 'f', -1, 64), strconv.Itoa(cap),
		strconv.FormatInt(passTTL.Milliseconds(), 10), flag(soldOut)}
	v, err := tickScript.Exec(ctx, cl, c.lineKeys(showID), args).AsIntSlice()
	if err != nil {
		return s, c.failed("line_tick", err)
	}
	return LineState{Admitted: v[0], Places: v[1], Early: v[2], Active: v[3], Unclaimed: v[4], Admits: v[5], SoldOut: v[6] == 1, Drawn: v[7] == 1}, nil
}

// LineStatus reads a show's line as a whole without moving it.
func (c *Client) LineStatus(ctx context.Context, showID int64) (LineState, error) {
	var s LineState
	cl, err := c.usable()
	if err != nil {
		return s, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	k := c.lineKeys(showID)
	res := cl.DoMulti(ctx,
		cl.B().Hmget().Key(k[0]).Field("admitted", "next", "soldout", "drawn").Build(),
		cl.B().Zcard().Key(k[1]).Build())
	vals, err := res[0].ToArray()
	if err != nil {
		return s, c.failed("line_status", err)
	}
	early, err := res[1].AsInt64()
	if err != nil {
		return s, c.failed("line_status", err)
	}
	get := func(i int) string { v, _ := vals[i].ToString(); return v }
	s.Admitted, _ = strconv.ParseInt(get(0), 10, 64)
	s.Places, _ = strconv.ParseInt(get(1), 10, 64)
	s.SoldOut, s.Drawn, s.Early = get(2) == "1", get(3) == "1", early
	return s, nil
}

// PassLive tells whether the user's pass for the show is live: admitted, not
// yet used for a booking, not expired.
func (c *Client) PassLive(ctx context.Context, showID, userID int64) (bool, error) {
	cl, err := c.usable()
	if err != nil {
		return false, err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	exp, err := cl.Do(ctx, cl.B().Zscore().Key(c.lineKeys(showID)[5]).Member(strconv.FormatInt(userID, 10)).Build()).AsFloat64()
	if rueidis.IsRedisNil(err) {
		return false, nil
	} else if err != nil {
		return false, c.failed("line_pass", err)
	}
	return time.UnixMilli(int64(exp)).After(time.Now()), nil
}

// EndPass ends the user's pass for the show (after a booking), freeing its slot.
func (c *Client) EndPass(ctx context.Context, showID, userID int64) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	k, u := c.lineKeys(showID), strconv.FormatInt(userID, 10)
	for _, r := range cl.DoMulti(ctx, cl.B().Zrem().Key(k[5]).Member(u).Build(), cl.B().Srem().Key(k[6]).Member(u).Build()) {
		if err := r.Error(); err != nil {
			return c.failed("line_end_pass", err)
		}
	}
	return nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
