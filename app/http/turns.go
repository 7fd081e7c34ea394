package http

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
)

// Turns bounds how many connections have a request coming in at once: from
// its first bytes until its handler gets a slot to do its work (bounded), or
// reads on past what has come in. At an on-sale thousands of requests arrive
// within milliseconds. Let every connection read, parse and authenticate its
// own at once, and each answer from Redis or MySQL that a booking waits on is
// scheduled behind all of them, so the few bookings holding seat locks take
// as long as the whole burst (docs/benchmarks.md, the ninth pass). With
// turns, a request that has arrived waits for its turn without running,
// first come first served, while the work in flight goes on.
//
// A turn is never held while a connection waits for bytes (a slow client
// holds none), and a request gives its turn back before it can wait for
// anything but a slot and the cores: the handler that has a slot, or reads
// its body, or streams for minutes, holds no turn and never waits for one.
// So no turn waits on another.
//
// Probes and metrics take no turn, as they wait for no slot: a replica
// saturated with requests still says it is alive and shows why.
type Turns struct {
	turns   chan struct{}
	waiting prometheus.Gauge // requests waiting for a turn
}

// turnless are the request lines' starts that take no turn: the probes'
// and the metrics' (see unbounded).
var turnless = [][]byte{
	[]byte("GET " + contract.LivenessPath + " "), []byte("GET " + contract.ReadinessPath + " "),
	[]byte("GET " + contract.MetricsPath + " "),
}

func isTurnless(b []byte) bool {
	for _, t := range turnless {
		if bytes.HasPrefix(b, t) {
			return true
		}
	}
	return false
}

// NewTurns returns n turns (n > 0), counting the requests that wait for one in m.
func NewTurns(n int, m *metrics.Metrics) *Turns {
	return &Turns{turns: make(chan struct{}, n), waiting: m.HTTPAwaitingTurn}
}

// Listener wraps ln: its connections take a turn when a request's first
// bytes arrive.
func (t *Turns) Listener(ln net.Listener) net.Listener { return turnListener{ln, t} }

// ConnContext is http.Server's ConnContext: it lets the handlers find the
// request's connection (turnConnOf).
func (t *Turns) ConnContext(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*turnConn); ok {
		return context.WithValue(ctx, turnConnKey{}, tc)
	}
	return ctx
}

type turnConnKey struct{}

// turnConnOf is the request's connection, nil when it came through no Turns.
func turnConnOf(r *http.Request) *turnConn {
	tc, _ := r.Context().Value(turnConnKey{}).(*turnConn)
	return tc
}

// handling marks the request's connection as in its handler while next runs:
// from then on, its reads are the handler's and net/http's watch for the
// client going away, and take no turn.
func handling(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc := turnConnOf(r)
		if tc == nil {
			next.ServeHTTP(w, r)
			return
		}
		tc.begin()
		defer tc.end()
		next.ServeHTTP(w, r)
	})
}

type turnListener struct {
	net.Listener
	t *Turns
}

func (l turnListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &turnConn{Conn: c, turns: l.t.turns, waiting: l.t.waiting}, nil
}

// turnConn is a connection and where its request is: whether it holds a
// turn, whether its request is in its handler, and whether it is closed. Its
// reads come from one goroutine at a time (net/http's), the handler's marks
// from another, Close from any: the state is one atomic word.
type turnConn struct {
	net.Conn
	turns   chan struct{}
	waiting prometheus.Gauge
	state   atomic.Uint32
}

const (
	holdsTurn uint32 = 1 << iota
	inHandler
	closed
)

// giveBack gives the turn back, if held.
func (c *turnConn) giveBack() {
	for {
		s := c.state.Load()
		if s&holdsTurn == 0 {
			return
		}
		if c.state.CompareAndSwap(s, s&^holdsTurn) {
			<-c.turns
			return
		}
	}
}

func (c *turnConn) Read(p []byte) (int, error) {
	c.giveBack() // nothing is held while waiting for bytes
	gated := c.state.Load()&inHandler == 0
	n, err := c.Conn.Read(p)
	if n == 0 || !gated || isTurnless(p[:n]) {
		return n, err
	}
	select { // this request's turn: waits without running
	case c.turns <- struct{}{}:
	default:
		c.waiting.Inc()
		c.turns <- struct{}{}
		c.waiting.Dec()
	}
	for {
		s := c.state.Load()
		if s&(closed|inHandler) != 0 {
			<-c.turns
			break
		}
		if c.state.CompareAndSwap(s, s|holdsTurn) {
			break
		}
	}
	return n, err
}

func (c *turnConn) begin() { c.state.Or(inHandler) }

// admitted gives the turn back: the request has its slot.
func (c *turnConn) admitted() { c.giveBack() }

func (c *turnConn) end() { c.state.And(^inHandler) }

func (c *turnConn) Close() error {
	c.state.Or(closed)
	c.giveBack()
	return c.Conn.Close()
}

// CloseWrite is the TCP connection's, which net/http uses to close politely.
func (c *turnConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
