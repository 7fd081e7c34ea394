package redis

import (
	"context"
	"strconv"

	"github.com/redis/rueidis"
)

// SeatConflict names seats that a request cannot have.
type SeatConflict struct {
	Taken []string // reserved by someone
	// TakenMayBeMine: a seat of Taken may be the user's own; when false,
	// Redis knows other users bought them all.
	TakenMayBeMine bool
	Held           []string // held by another user
	Locked         []string // in another user's booking right now
	// Again: a request with the same Idempotency-Key came before (it may be
	// in flight right now); see Conflicts.
	Again bool
}

// conflictFrom reads the taken, held, locked and mine that seatLua's conflicts returned.
func conflictFrom(arr []rueidis.RedisMessage) SeatConflict {
	var sc SeatConflict
	sc.Taken, _ = arr[0].AsStrSlice()
	sc.Held, _ = arr[1].AsStrSlice()
	sc.Locked, _ = arr[2].AsStrSlice()
	mine, _ := arr[3].AsInt64()
	sc.TakenMayBeMine = mine == 1
	return sc
}

// conflicts: KEYS taken, hold, lock marks, request key; ARGV user, ttlMs, seats...
// With a request key (ttlMs > 0) it also notes the request, telling whether
// one with the same key came before.
var conflictsScript = rueidis.NewLuaScript(seatLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'reload'} end
local taken, held, locked, mine = conflicts(ARGV[1], 3)
local again = 0
if tonumber(ARGV[2]) > 0 and not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[2]) then again = 1 end
return {'ok', taken, held, locked, mine, again}`)

// Conflicts reports which of the seats are taken, held by another user or in
// another user's booking right now, in one round-trip and without MySQL. When
// the request carries an Idempotency-Key (key not empty), it also notes the
// key for as long as a seat lock lives and reports Again when a request with
// the same key came before: that one may be in flight, holding the very
// locks this one would find busy, and MySQL, which orders requests with the
// same key, is the one to answer.
func (c *Client) Conflicts(ctx context.Context, showID, userID int64, seats []string, key string) (SeatConflict, error) {
	var sc SeatConflict
	user := strconv.FormatInt(userID, 10)
	ttl := "0"
	if key != "" {
		ttl = strconv.FormatInt(c.opt.LockValidity.Milliseconds(), 10)
	}
	args := append([]string{user, ttl}, seats...)
	keys := []string{c.takenKey(showID), c.holdKey(showID), c.markKey(showID), c.requestKey(userID, key)}
	err := c.do(ctx, "conflicts", func(ctx context.Context, cl rueidis.Client) error {
		arr, err := conflictsScript.Exec(ctx, cl, keys, args).ToArray()
		if err != nil {
			return err
		}
		if tag, _ := arr[0].ToString(); tag == "reload" {
			return ErrUnknown
		}
		sc = conflictFrom(arr[1:])
		again, _ := arr[5].AsInt64()
		sc.Again = again == 1
		return nil
	})
	return sc, err
}
