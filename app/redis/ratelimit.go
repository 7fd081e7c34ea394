package redis

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// allow is GCRA, the generic cell rate algorithm: a key keeps the theoretical
// arrival time (tat) of the next request, in the server's milliseconds so every
// replica shares one clock. A request is let through when tat is no more than
// burst intervals ahead of now. KEYS bucket; ARGV intervalMs, burst.
var allowScript = rueidis.NewLuaScript(luaNow + `
local every, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local allowAt = tat + every - every * burst
if now < allowAt then return allowAt - now end
redis.call('SET', KEYS[1], tat + every, 'PX', tat + every - now)
return 0`)

// Allow takes one request from key's bucket, which refills one request per
// every up to burst. It answers how long to wait when the bucket is empty.
// All replicas share the bucket, so a user's limit is one limit however the
// load balancer spreads their requests.
func (c *Client) Allow(ctx context.Context, key string, every time.Duration, burst int) (time.Duration, bool, error) {
	var wait int64
	err := c.do(ctx, "rate_limit", func(ctx context.Context, cl rueidis.Client) error {
		var err error
		wait, err = allowScript.Exec(ctx, cl, []string{c.key("rate:" + key)},
			[]string{strconv.FormatInt(max(every.Milliseconds(), 1), 10), strconv.Itoa(burst)}).AsInt64()
		return err
	})
	if err != nil {
		return 0, false, err
	}
	return time.Duration(wait) * time.Millisecond, wait == 0, nil
}
