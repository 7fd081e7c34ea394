package redis

import (
	"context"
	"errors"
	"strconv"

	"github.com/redis/rueidis"
)

// ErrUnknown tells that the show's taken seats are not in Redis: load them from MySQL.
var ErrUnknown = errors.New("taken seats not loaded")

// TakenGeneration reads the counter that every cancellation bumps. A loader
// reads it before asking MySQL and passes it to LoadTaken, so a load that
// raced with a cancellation is dropped instead of resurrecting a freed seat.
func (c *Client) TakenGeneration(ctx context.Context, showID int64) (gen string, err error) {
	err = c.do(ctx, "taken_generation", func(ctx context.Context, cl rueidis.Client) error {
		var err error
		gen, err = cl.Do(ctx, cl.B().Get().Key(c.takenGenKey(showID)).Build()).ToString()
		if rueidis.IsRedisNil(err) {
			gen, err = "0", nil
		}
		return err
	})
	return gen, err
}

// loadTaken: KEYS taken, gen; ARGV ttl, generation, seats and buyers...
var loadTakenScript = rueidis.NewLuaScript(`
local g = redis.call('GET', KEYS[2]) or '0'
if g ~= ARGV[2] then return 0 end
redis.call('SADD', KEYS[1], '_', unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`)

// LoadTaken records the seats MySQL says are taken and the users who bought
// them, unless a cancellation came in since gen was read.
func (c *Client) LoadTaken(ctx context.Context, showID int64, gen string, seats []string, buyers []int64) error {
	args := make([]string, 0, 2+len(seats)+len(buyers))
	args = append(args, strconv.FormatInt(takenTTL.Milliseconds(), 10), gen)
	args = append(args, seats...)
	for _, u := range buyers {
		args = append(args, buyer(u))
	}
	return c.do(ctx, "load_taken", func(ctx context.Context, cl rueidis.Client) error {
		return loadTakenScript.Exec(ctx, cl, []string{c.takenKey(showID), c.takenGenKey(showID)}, args).Error()
	})
}

// reserved: KEYS taken, hold, expiry, lock marks, generation; ARGV show, seats...
// The buyer is not known here: the set records that it knows not all of them.
var reservedScript = rueidis.NewLuaScript(`
redis.call('INCR', KEYS[5])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], 'u:?', unpack(ARGV, 2)) end
for i = 2, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[4], ARGV[i])
  redis.call('ZREM', KEYS[3], ARGV[1] .. ':' .. ARGV[i])
end
return 1`)

// MarkReserved records freshly committed seats as taken and ends their holds.
func (c *Client) MarkReserved(ctx context.Context, showID int64, seats []string) error {
	args := append([]string{strconv.FormatInt(showID, 10)}, seats...)
	keys := []string{c.takenKey(showID), c.holdKey(showID), c.key(holdExpiryKey), c.markKey(showID), c.takenGenKey(showID)}
	return c.do(ctx, "mark_reserved", func(ctx context.Context, cl rueidis.Client) error {
		return reservedScript.Exec(ctx, cl, keys, args).Error()
	})
}

// MarkCancelled puts seats back on sale in Redis after MySQL freed them.
func (c *Client) MarkCancelled(ctx context.Context, showID int64, seats []string) error {
	return c.do(ctx, "mark_cancelled", func(ctx context.Context, cl rueidis.Client) error {
		return firstError(cl.DoMulti(ctx,
			cl.B().Incr().Key(c.takenGenKey(showID)).Build(),
			cl.B().Srem().Key(c.takenKey(showID)).Member(seats...).Build()))
	})
}

// Forget drops what Redis knows of a show's taken seats, so that the next
// reader reloads them from MySQL. It is the way out when a write after a
// commit failed: a missing record costs a reload, a wrong one misleads.
func (c *Client) Forget(ctx context.Context, showID int64) error {
	return c.do(ctx, "forget", func(ctx context.Context, cl rueidis.Client) error {
		return firstError(cl.DoMulti(ctx,
			cl.B().Incr().Key(c.takenGenKey(showID)).Build(),
			cl.B().Del().Key(c.takenKey(showID)).Build()))
	})
}

// firstError is the first failure of a pipeline.
func firstError(res []rueidis.RedisResult) error {
	for _, r := range res {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}
