package http

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/podo-tickets/podo/app"
)

// A rate-limit scope: how often one user and one address may call its routes.
type scope struct {
	name      string
	perUser   rate.Limit
	userBurst int
	perIP     rate.Limit
	ipBurst   int
}

var (
	// Signing in is per address only (nobody is signed in yet).
	scopeLogin = scope{name: "login", perIP: rate.Every(6 * time.Second), ipBurst: 10}
	// Booking: a person clicks a few times; an address may hide an office behind NAT.
	scopeReserve = scope{name: "reserve", perUser: rate.Every(3 * time.Second), userBurst: 10,
		perIP: rate.Every(100 * time.Millisecond), ipBurst: 100}
	// Changing a hold: a buyer picks and drops a few seats, never hundreds a minute. Without a
	// limit one account could spin holds (each change also tells every viewer of the show).
	scopeHold = scope{name: "hold", perUser: rate.Every(time.Second), userBurst: 20,
		perIP: rate.Every(100 * time.Millisecond), ipBurst: 100}
)

// limiter keeps token buckets per scope and key in memory. Each replica limits
// on its own; that bounds abuse without making Redis part of every request.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}, swept: time.Now()} }

// take takes a token for key; when none is left it returns how long to wait.
func (l *limiter) take(key string, every rate.Limit, burst int) (time.Duration, bool) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{l: rate.NewLimiter(every, burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// clientIP is the caller's address; behind a load balancer, the address it
// appended last to X-Forwarded-For (earlier entries are the client's to forge).
func clientIP(r *http.Request) string {
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
		parts := strings.Split(xff, ",")
		return strings.TrimSpace(parts[len(parts)-1])
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limit refuses calls beyond the scope's rates with 429 and Retry-After.
func (s *Server) limit(sc scope, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.RateLimit {
			wait, ok := s.limits.take(sc.name+":ip:"+clientIP(r), sc.perIP, sc.ipBurst)
			if ok && sc.perUser > 0 {
				if p, signedIn := principal(r); signedIn {
					wait, ok = s.limits.take(sc.name+":user:"+strconv.FormatInt(p.UserID, 10), sc.perUser, sc.userBurst)
				}
			}
			if !ok {
				s.metrics.RateLimited.WithLabelValues(sc.name).Inc()
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				s.Error(w, r, podo.Errorf(podo.ERateLimited, "Too many requests. Please wait %d seconds and try again.", int(math.Ceil(wait.Seconds()))))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
