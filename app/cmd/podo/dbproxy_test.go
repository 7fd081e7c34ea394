package main

import (
	"io"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// dbProxy stands between the service and MariaDB and breaks the connection the
// way a crash, a restart or a lost network does, at the moment a test picks.
type dbProxy struct {
	t      *testing.T
	ln     net.Listener
	target string

	// onCommit, when set, is taken by the next COMMIT (alone or ending a
	// batch, the whole transaction in one query): "before" drops the
	// connection without sending it, "after" sends it and drops the
	// connection before the answer comes back, "after-down" also keeps the
	// database unreachable from then on, "before-hang" drops the service's side
	// only and keeps MariaDB's open (its transaction undecided) for 5 s,
	// "after-late" drops the service's side and holds the query back until
	// release is closed: the service has lost its connection before MariaDB
	// has run any of the transaction (a batch, sent whole, may yet run after
	// the service has looked for its outcome).
	onCommit atomic.Value
	release  chan struct{}
	// beforeCommit, when set, runs once before the next COMMIT that onCommit
	// does not take goes on to MariaDB.
	beforeCommit atomic.Pointer[func()]
	down         atomic.Bool // refuse new connections (MariaDB restarting)

	mu      sync.Mutex
	conns   map[net.Conn]bool
	queries []string // every statement sent, in order
}

// sent counts the statements sent so far that contain part.
func (p *dbProxy) sent(part string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, q := range p.queries {
		if strings.Contains(q, part) {
			n++
		}
	}
	return n
}

func startDBProxy(t *testing.T) *dbProxy {
	t.Helper()
	mysql.SetLogger(log.New(io.Discard, "", 0)) // the driver's notes on every dropped connection
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{t: t, ln: ln, target: "127.0.0.1:3306", conns: map[net.Conn]bool{}}
	p.onCommit.Store("")
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.dropAll() })
	return p
}

// dsn is a DSN for database name through the proxy.
func (p *dbProxy) dsn(name string) string { return "root@tcp(" + p.ln.Addr().String() + ")/" + name }

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[s] = true, true
		p.mu.Unlock()
		go func() { io.Copy(c, s); c.Close() }()
		go p.forward(c, s)
	}
}

// forward copies the client's packets to the server, watching for COMMIT.
func (p *dbProxy) forward(c, s net.Conn) {
	defer c.Close()
	defer s.Close()
	head := make([]byte, 4)
	for {
		if _, err := io.ReadFull(c, head); err != nil {
			return
		}
		n := int(head[0]) | int(head[1])<<8 | int(head[2])<<16
		body := make([]byte, n)
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		if len(body) > 1 && body[0] == 0x03 { // COM_QUERY
			p.mu.Lock()
			p.queries = append(p.queries, string(body[1:]))
			p.mu.Unlock()
		}
		isCommit := len(body) > 1 && body[0] == 0x03 && endsWithCommit(string(body[1:]))
		mode := ""
		if isCommit {
			if m := p.onCommit.Load().(string); m != "" && p.onCommit.CompareAndSwap(m, "") {
				mode = m
			}
		}
		if isCommit && mode == "" {
			if f := p.beforeCommit.Swap(nil); f != nil {
				(*f)()
			}
		}
		if mode == "before" {
			return
		}
		if mode == "after-late" {
			c.Close()
			<-p.release
			s.Write(append(head, body...)) // the server runs the whole transaction now
			time.Sleep(100 * time.Millisecond)
			return
		}
		if mode == "before-hang" {
			// The service's connection is gone, but MariaDB has not noticed: its
			// transaction stays open, holding its locks, for a while.
			c.Close()
			time.Sleep(5 * time.Second)
			return
		}
		if mode == "after" || mode == "after-down" {
			// The answer must never reach the client, so its side goes before
			// COMMIT goes on (closed after, the answer could slip through).
			if mode == "after-down" {
				p.down.Store(true)
				p.dropAll(s)
			}
			c.Close()
			s.Write(append(head, body...)) // the server commits
			time.Sleep(100 * time.Millisecond)
			return
		}
		if _, err := s.Write(append(head, body...)); err != nil {
			return
		}
	}
}

// endsWithCommit tells a COMMIT, alone or as the last statement of a batch.
func endsWithCommit(q string) bool {
	stmts := strings.Split(q, ";")
	return strings.EqualFold(strings.TrimSpace(stmts[len(stmts)-1]), "COMMIT")
}

// dropAll cuts every connection through the proxy but those kept.
func (p *dbProxy) dropAll(keep ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		if slices.Contains(keep, c) {
			continue
		}
		c.Close()
		delete(p.conns, c)
	}
}

// blip is a database restart as the service sees it: every connection drops,
// and new ones are refused for d.
func (p *dbProxy) blip(d time.Duration) {
	p.down.Store(true)
	p.dropAll()
	time.Sleep(d)
	p.down.Store(false)
}
