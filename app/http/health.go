package http

import (
	"context"
	"time"
)

// Health tells the state of the service's dependencies.
type Health struct {
	Status string `json:"status"` // ok, degraded (Redis down) or unavailable (MySQL down)
	MySQL  string `json:"mysql"`
	Redis  string `json:"redis"`
}

// HealthOf checks MySQL with a ping of at most a second, and reports Redis as
// its client last found it: the service is unavailable without MySQL and
// degraded without Redis.
func HealthOf(mysql interface {
	PingContext(context.Context) error
}, redis interface{ Up() bool }) func(context.Context) Health {
	return func(ctx context.Context) Health {
		h := Health{Status: "ok", MySQL: "up", Redis: "up"}
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if mysql.PingContext(pctx) != nil {
			h.MySQL, h.Status = "down", "unavailable"
		}
		if !redis.Up() {
			h.Redis = "down"
			if h.Status == "ok" {
				h.Status = "degraded"
			}
		}
		return h
	}
}
