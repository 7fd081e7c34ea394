// Package redis makes booking fast and fair with Redis: seat locks, holds, the
// per-show record of taken seats, shared caches, live seat events over pub/sub
// and refresh tokens. Nothing here decides who owns a seat; MySQL does. When
// Redis is down or flushed, every caller gets ErrDown or a miss and falls back,
// and the client reconnects by itself when Redis returns.
package redis

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
	"github.com/redis/rueidis/rueidislock"

	"github.com/podo-tickets/podo/app/metrics"
)

// ErrDown tells that Redis cannot be used right now.
var ErrDown = errors.New("redis is unavailable")

// Options say where Redis is.
type Options struct {
	Addr     string
	Password string
	TLS      bool
	DB       int
	// LockValidity is how long a seat lock lives without being extended by its holder.
	LockValidity time.Duration
	// Epoch is the MySQL database's epoch: every key and channel is named under it, so what
	// Redis keeps for one database is never read for another (a new or restored one).
	Epoch string
}

// Client is a connection to Redis that survives Redis going away.
type Client struct {
	opt     Options
	log     *slog.Logger
	metrics *metrics.Metrics

	mu     sync.RWMutex
	c      rueidis.Client
	locker rueidislock.Locker
	cache  bool // whether the server supports client-side caching (CLIENT TRACKING)

	revs revocations // ended sessions, in step with Redis

	up     atomic.Bool
	misses atomic.Int32 // failed health checks in a row
	stop   context.CancelFunc
	done   chan struct{}
}

// Open starts connecting to Redis in the background and returns at once: the
// service starts, degraded, while Redis is unreachable.
func Open(opt Options, log *slog.Logger, m *metrics.Metrics) *Client {
	if opt.LockValidity == 0 {
		opt.LockValidity = 10 * time.Second
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &Client{opt: opt, log: log, metrics: m, stop: stop, done: make(chan struct{})}
	m.RedisUp.Set(0)
	c.connect()
	go c.watch(ctx)
	go c.watchRevocations(ctx)
	return c
}

// Up tells whether Redis answered the last health check.
func (c *Client) Up() bool { return c.up.Load() }

// ClientSideCaching tells whether the server supports client-side caching.
func (c *Client) ClientSideCaching() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.cache
}

func (c *Client) clientOption(disableCache bool) rueidis.ClientOption {
	o := rueidis.ClientOption{
		InitAddress:       []string{c.opt.Addr},
		Password:          c.opt.Password,
		SelectDB:          c.opt.DB,
		DisableCache:      disableCache,
		Dialer:            net.Dialer{Timeout: time.Second, KeepAlive: 30 * time.Second},
		ConnWriteTimeout:  2 * time.Second,
		ForceSingleClient: true,
		// Every caller falls back when Redis fails; retrying only delays that.
		DisableRetry: true,
	}
	if c.opt.TLS {
		host, _, _ := net.SplitHostPort(c.opt.Addr)
		o.TLSConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	return o
}

// connect dials Redis once, probing client tracking: servers that refuse it
// (some managed Redis) get a client with client-side caching disabled.
func (c *Client) connect() {
	c.mu.RLock()
	connected := c.c != nil
	c.mu.RUnlock()
	if connected {
		return
	}
	cache := true
	client, err := rueidis.NewClient(c.clientOption(false))
	if err != nil && !isDialError(err) {
		c.log.Warn("redis refuses client-side caching; continuing without it", "err", err)
		cache = false
		client, err = rueidis.NewClient(c.clientOption(true))
	}
	if err != nil {
		return
	}
	lopt := rueidislock.LockerOption{
		ClientOption: c.clientOption(!cache),
		KeyPrefix:    c.key("lock"),
		KeyMajority:  1,
		KeyValidity:  c.opt.LockValidity,
		// Each attempt's own time limit; rueidislock's 20 ms default turns a
		// busy Redis's slow answer into a failure.
		TryNextAfter: 100 * time.Millisecond,
	}
	locker, err := rueidislock.NewLocker(lopt)
	if err != nil {
		client.Close()
		return
	}
	c.mu.Lock()
	c.c, c.locker, c.cache = client, locker, cache
	c.mu.Unlock()
}

func isDialError(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "connection refused") || strings.Contains(s, "dial") || strings.Contains(s, "i/o timeout") ||
		strings.Contains(s, "no such host") || strings.Contains(s, "EOF")
}

// watch pings Redis twice a second and tells listeners when its state changes.
func (c *Client) watch(ctx context.Context) {
	defer close(c.done)
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		c.check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *Client) check(ctx context.Context) {
	c.connect()
	up := false
	if cl, err := c.client(); err == nil {
		pctx, cancel := context.WithTimeout(ctx, 400*time.Millisecond)
		up = cl.Do(pctx, cl.B().Ping().Build()).Error() == nil
		cancel()
	}
	// One slow ping on a starved machine is not an outage: Redis is down after
	// two failures in a row (about a second), and up again at the first answer.
	if !up {
		if c.misses.Add(1) < 2 && c.up.Load() {
			return
		}
	} else {
		c.misses.Store(0)
	}
	if c.up.Swap(up) == up {
		return
	}
	if up {
		c.metrics.RedisUp.Set(1)
		c.log.Info("redis is up")
	} else {
		c.metrics.RedisUp.Set(0)
		c.log.Warn("redis is down; running degraded: reads from MySQL, no holds, no live updates across replicas")
	}
}

// client returns the connection, or ErrDown when there is none worth trying.
func (c *Client) client() (rueidis.Client, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil, ErrDown
	}
	return c.c, nil
}

// usable returns the connection when Redis is believed up.
func (c *Client) usable() (rueidis.Client, error) {
	if !c.up.Load() {
		return nil, ErrDown
	}
	return c.client()
}

// key names a key under the database's epoch.
func (c *Client) key(name string) string {
	if c.opt.Epoch == "" {
		return name
	}
	return "e:" + c.opt.Epoch + ":" + name
}

// opTimeout bounds every Redis operation: a Redis that stops answering must
// cost a request a moment, not the length of the outage.
const opTimeout = time.Second

func bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, opTimeout)
}

// do runs one operation against Redis: on the connection while Redis is
// believed up (ErrDown at once otherwise), under a context that ends within
// opTimeout, and with a failure recorded under op and wrapped in ErrDown.
// What fn returns that is an answer rather than a failure (ErrUnknown,
// ErrTokenReused, ...) comes back as it is.
func (c *Client) do(ctx context.Context, op string, fn func(ctx context.Context, cl rueidis.Client) error) error {
	cl, err := c.usable()
	if err != nil {
		return err
	}
	ctx, cancel := bound(ctx)
	defer cancel()
	if err := fn(ctx, cl); err != nil {
		if isAnswer(err) {
			return err
		}
		return c.failed(op, err)
	}
	return nil
}

// answers are the errors that report what Redis said, not that it failed.
var answers = []error{ErrUnknown, ErrTokenReused, ErrTokenUnknown, ErrSeatsBusy}

func isAnswer(err error) bool {
	for _, a := range answers {
		if errors.Is(err, a) {
			return true
		}
	}
	return false
}

// failed records a Redis error for an operation and returns it wrapped in ErrDown.
func (c *Client) failed(op string, err error) error {
	c.metrics.RedisErrors.WithLabelValues(op).Inc()
	return errors.Join(ErrDown, err)
}

// WaitUp waits until Redis is up or ctx ends; tests and start-up use it.
func (c *Client) WaitUp(ctx context.Context) error {
	for !c.up.Load() {
		c.check(ctx)
		if c.up.Load() {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}

// Close stops the health checks and closes the connections.
func (c *Client) Close() {
	c.stop()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.locker != nil {
		c.locker.Close()
	}
	if c.c != nil {
		c.c.Close()
	}
	c.c, c.locker = nil, nil
}
