package http

import (
	"context"
	"net"
	"net/http"
	"sync"
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
type Turns struct {
	turns chan struct{}
}

// NewTurns returns n turns (n > 0).
func NewTurns(n int) *Turns { return &Turns{turns: make(chan struct{}, n)} }

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
	return &turnConn{Conn: c, turns: l.t.turns}, nil
}

// turnConn is a connection and where its request is: between requests, or
// in its handler, and whether it holds a turn.
type turnConn struct {
	net.Conn
	turns chan struct{}

	mu       sync.Mutex
	turn     bool // holds a turn
	handling bool // its request is in its handler
	closed   bool
}

// giveBack gives the turn back, if held (with mu held).
func (c *turnConn) giveBack() {
	if c.turn {
		c.turn = false
		<-c.turns
	}
}

func (c *turnConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	c.giveBack() // nothing is held while waiting for bytes
	gated := !c.handling
	c.mu.Unlock()
	n, err := c.Conn.Read(p)
	if n == 0 || !gated {
		return n, err
	}
	c.turns <- struct{}{} // this request's turn: waits without running
	c.mu.Lock()
	if c.closed || c.handling {
		<-c.turns
	} else {
		c.turn = true
	}
	c.mu.Unlock()
	return n, err
}

func (c *turnConn) begin() {
	c.mu.Lock()
	c.handling = true
	c.mu.Unlock()
}

// admitted gives the turn back: the request has its slot.
func (c *turnConn) admitted() {
	c.mu.Lock()
	c.giveBack()
	c.mu.Unlock()
}

func (c *turnConn) end() {
	c.mu.Lock()
	c.handling = false
	c.mu.Unlock()
}

func (c *turnConn) Close() error {
	c.mu.Lock()
	c.giveBack()
	c.closed = true
	c.mu.Unlock()
	return c.Conn.Close()
}
