package http

import (
	"context"
	"math"
	"net"
	"net/http"
	"net/netip"
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

// RateStore keeps the buckets every replica shares (the Redis client).
type RateStore interface {
	Allow(ctx context.Context, key string, every time.Duration, burst int) (time.Duration, bool, error)
}

// limiter keeps token buckets per scope and key in memory, for when the shared
// store cannot answer: each replica then limits on its own, which still bounds
// abuse. Its memory is bounded too: keys are parsed addresses and user ids,
// and there are at most maxBuckets of them.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

const maxBuckets = 100_000

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
	if now.Sub(l.swept) > time.Minute || len(l.buckets) >= maxBuckets {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute || len(l.buckets) >= maxBuckets {
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

// clientIP is the caller's address. With no trusted proxy it is the peer's.
// Behind hops proxies that each append the address they saw to
// X-Forwarded-For (all of its lines read as one list), it is the entry the
// outermost proxy appended: entries before it are the client's to forge. A
// request that did not come through them all, or whose entry is not an
// address, is known by its peer.
func clientIP(r *http.Request, hops int) string {
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		peer = host
	}
	if hops == 0 {
		return peer
	}
	var entries []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for _, e := range strings.Split(line, ",") {
			entries = append(entries, strings.TrimSpace(e))
		}
	}
	if len(entries) < hops {
		return peer
	}
	addr, err := netip.ParseAddr(entries[len(entries)-hops])
	if err != nil {
		return peer
	}
	return addr.Unmap().String()
}

// take takes a token from the shared bucket, or from this replica's while
// the shared store cannot answer.
func (s *Server) take(ctx context.Context, key string, every rate.Limit, burst int) (time.Duration, bool) {
	if s.Rates != nil {
		if wait, ok, err := s.Rates.Allow(ctx, key, time.Duration(float64(time.Second)/float64(every)), burst); err == nil {
			return wait, ok
		}
	}
	return s.limits.take(key, every, burst)
}

// limit refuses calls beyond the scope's rates with 429 and Retry-After.
func (s *Server) limit(sc scope, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.RateLimit {
			wait, ok := s.take(r.Context(), sc.name+":ip:"+clientIP(r, s.TrustedProxyHops), sc.perIP, sc.ipBurst)
			if ok && sc.perUser > 0 {
				if p, signedIn := principal(r); signedIn {
					wait, ok = s.take(r.Context(), sc.name+":user:"+strconv.FormatInt(p.UserID, 10), sc.perUser, sc.userBurst)
				}
			}
			if !ok {
				s.tooMany(w, r, sc.name, wait, "Too many requests. Please wait %d seconds and try again.")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// tooMany answers 429 with Retry-After.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, scope string, wait time.Duration, format string) {
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	s.metrics.RateLimited.WithLabelValues(scope).Inc()
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.Error(w, r, podo.Errorf(podo.ERateLimited, format, secs))
}
