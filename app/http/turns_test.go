package http

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
)

// turnsServer serves, through n turns and the bound of one request at work:
// /work (bounded), whose handler reads its body (with read=1) and then waits
// until release is closed; /ping (bounded), answered at once; and /live, unbounded.
func turnsServer(t *testing.T, n int) (addr string, turns *Turns, started chan string, release chan struct{}) {
	t.Helper()
	m := metrics.New("test")
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), m, nil, nil, nil, nil, nil, nil, Options{MaxInFlight: 1})
	s.queueWait = time.Minute // a request never gives up its wait for a slot here: a stall shows as a timeout
	started, release = make(chan string, 10), make(chan struct{})
	r := http.NewServeMux()
	r.Handle("/work", s.bounded("/work", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int64
		if r.URL.Query().Get("read") == "1" {
			n, _ = io.Copy(io.Discard, r.Body)
		}
		select {
		case started <- fmt.Sprint(r.URL.Query().Get("who"), " ", n):
		default: // nobody is watching (TestEveryTurnComesBack)
		}
		<-release
		w.WriteHeader(http.StatusNoContent)
	})))
	r.Handle("/ping", s.bounded("/ping", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })))
	r.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	r.HandleFunc(contract.LivenessPath, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	turns = NewTurns(n, m)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: handling(r), ConnContext: turns.ConnContext}
	go hs.Serve(turns.Listener(ln))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String(), turns, started, release
}

// answers fails the test unless path answers want within a few seconds: a turn
// that never came back stalls every request after it.
func answers(t *testing.T, addr, path string, want int) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	res.Body.Close()
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
	}
}

func TestARequestAtWorkHoldsNoTurn(t *testing.T) {
	addr, _, started, release := turnsServer(t, 1)
	defer close(release)
	go func() {
		res, err := http.Post("http://"+addr+"/work?who=a", "application/json", strings.NewReader(`{"seats":["A1"]}`))
		if err == nil {
			res.Body.Close()
		}
	}()
	if got := <-started; got != "a 0" {
		t.Fatalf("started %q", got)
	}
	// /work has the one slot, and the one turn was its request's until then:
	// its body, unread, still waits on the connection.
	answers(t, addr, "/live", http.StatusOK)
}

func TestAClientThatSendsHalfARequestHoldsNoTurn(t *testing.T) {
	addr, _, _, release := turnsServer(t, 1)
	defer close(release)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET /ping HTTP/1.1\r\nHost: podo\r\n"); err != nil { // and nothing more
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the server read it
	answers(t, addr, "/ping", http.StatusNoContent)
}

// A request at work that reads on past what has come in must not wait for a
// turn: the one turn is held by a request waiting for its slot.
func TestARequestAtWorkReadsItsBodyWithoutATurn(t *testing.T) {
	addr, _, started, release := turnsServer(t, 1)
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	const size = 4 << 20
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /work?read=1&who=big HTTP/1.1\r\nHost: podo\r\nContent-Length: %d\r\n\r\n", size)
	if _, err := c.Write(make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // big has the slot and reads its body
	// small arrives, takes the turn and waits for big's slot.
	small := make(chan error, 1)
	go func() {
		res, err := http.Post("http://"+addr+"/work?read=1&who=small", "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		small <- err
	}()
	time.Sleep(50 * time.Millisecond)
	go func() {
		_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = c.Write(make([]byte, size-1024)) // blocks while nobody reads it
	}()
	select {
	case got := <-started:
		if got != fmt.Sprint("big ", size) {
			t.Fatalf("started %q first", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request at work never read its body: it waited for a turn")
	}
	close(release)
	released = true
	if got := <-started; got != "small 2" {
		t.Fatalf("then started %q", got)
	}
	if err := <-small; err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("big: %v %v", res, err)
	}
}

func TestEveryTurnComesBack(t *testing.T) {
	addr, turns, _, release := turnsServer(t, 2)
	close(release)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 20 {
		wg.Go(func() {
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: i%4 == 0}}
			for j := range 20 {
				var res *http.Response
				var err error
				switch j % 3 {
				case 0:
					res, err = client.Get("http://" + addr + "/ping")
				case 1:
					res, err = client.Get("http://" + addr + "/live")
				default:
					res, err = client.Post("http://"+addr+fmt.Sprintf("/work?who=%d", i), "application/json", strings.NewReader(`{"seats":["A1","A2"]}`))
				}
				if err != nil {
					errs <- err
					continue
				}
				res.Body.Close()
			}
		})
	}
	// A request net/http answers itself, and one that is not HTTP at all.
	for _, raw := range []string{"OPTIONS * HTTP/1.1\r\nHost: podo\r\n\r\n", "NOT HTTP\r\n\r\n"} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, raw)
		_, _ = http.ReadResponse(bufio.NewReader(c), nil)
		c.Close()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	answers(t, addr, "/ping", http.StatusNoContent)
	answers(t, addr, "/ping", http.StatusNoContent)
	time.Sleep(50 * time.Millisecond)
	if n := len(turns.turns); n != 0 {
		t.Fatalf("%d turns still held with no request coming in", n)
	}
}

// The probes take no turn: the one turn here is held by a request waiting
// for the slot another has.
func TestAProbeIsAnsweredWhileEveryTurnIsTaken(t *testing.T) {
	addr, _, started, release := turnsServer(t, 1)
	defer close(release)
	post := func(who string) {
		res, err := http.Post("http://"+addr+"/work?who="+who, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
	}
	go post("a")
	<-started // a has the slot
	go post("b")
	time.Sleep(50 * time.Millisecond) // b has the turn, waiting for the slot
	answers(t, addr, contract.LivenessPath, http.StatusOK)
}

func TestTheRequestsWaitingForATurnAreCounted(t *testing.T) {
	addr, turns, started, release := turnsServer(t, 1)
	post := func(who string, done chan<- struct{}) {
		res, err := http.Post("http://"+addr+"/work?who="+who, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		close(done)
	}
	a, b, c := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go post("a", a)
	<-started // a has the slot
	go post("b", b)
	time.Sleep(50 * time.Millisecond) // b has the turn, waiting for the slot
	go post("c", c)
	time.Sleep(50 * time.Millisecond) // c waits for the turn
	if got := testutil.ToFloat64(turns.waiting); got != 1 {
		t.Fatalf("%v requests counted waiting for a turn, want 1", got)
	}
	close(release)
	<-a
	<-b
	<-c
	if got := testutil.ToFloat64(turns.waiting); got != 0 {
		t.Fatalf("%v requests counted waiting for a turn after all were answered", got)
	}
}
