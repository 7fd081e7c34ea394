package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// serveEnv makes the test binary run the service instead of the tests: a
// replica in its own process, which a test can kill outright.
const serveEnv = "PODO_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, []string{"serve"}, os.Getenv, os.Stdout)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "podo:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// processReplica is the service in a child process.
type processReplica struct {
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
}

func startProcessReplica(t *testing.T, env map[string]string) *processReplica {
	t.Helper()
	addr := podotest.MustFreeAddr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, contract.EnvHTTPAddr+"="+addr, contract.EnvPublicURL+"=http://"+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &processReplica{URL: "http://" + addr, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(p.kill)
	waitFor(t, "the replica process to be ready", func() bool {
		resp, err := http.Get(p.URL + contract.ReadinessPath)
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})
	return p
}

// kill ends the replica with SIGKILL: no draining, no goodbye to Redis.
func (p *processReplica) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// balancer is the load balancer in front of the replicas: round robin over the
// ones it believes alive, 502 for a request whose replica dies under it.
type balancer struct {
	*httptest.Server
	mu       sync.Mutex
	backends []*url.URL
	dead     map[string]bool
	next     atomic.Uint64
}

func startBalancer(t *testing.T, urls ...string) *balancer {
	b := &balancer{dead: map[string]bool{}}
	for _, u := range urls {
		pu, _ := url.Parse(u)
		b.backends = append(b.backends, pu)
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(b.pick())
			// Appends the address it saw to what came in, as the ALB does.
			pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
			pr.SetXForwarded()
		},
		FlushInterval: -1, // live events go out at once
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	b.Server = httptest.NewServer(rp)
	t.Cleanup(b.Close)
	return b
}

func (b *balancer) pick() *url.URL {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		u := b.backends[b.next.Add(1)%uint64(len(b.backends))]
		if !b.dead[u.Host] {
			return u
		}
	}
}

// remove takes a replica out of rotation, as the load balancer's health check does.
func (b *balancer) remove(rawURL string) {
	u, _ := url.Parse(rawURL)
	b.mu.Lock()
	b.dead[u.Host] = true
	b.mu.Unlock()
}

// subscribeURL opens a show's event stream at base (one server or one
// replica) and returns its seat events as they come, none dropped.
func subscribeURL(t *testing.T, base string, showID int64) <-chan podo.SeatEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/shows/%d/events", base, showID), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("events on %s: %v", base, err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events on %s: %d %s", base, resp.StatusCode, ct)
	}
	events := make(chan podo.SeatEvent, 256)
	hello := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				if name = strings.TrimPrefix(line, "event: "); name == "hello" {
					close(hello)
				}
			case strings.HasPrefix(line, "data: ") && name == "seats":
				var ev podo.SeatEvent
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev)
				select {
				case events <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	select {
	case <-hello:
	case <-time.After(5 * time.Second):
		t.Fatalf("no hello on %s's event stream", base)
	}
	return events
}

// awaitEvent waits for an event of the type naming the seats.
func awaitEvent(t *testing.T, events <-chan podo.SeatEvent, typ podo.SeatEventType, seats string, where string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Type == typ && fmt.Sprint(ev.Seats) == seats {
				return
			}
		case <-deadline:
			t.Fatalf("no %s %s event reached the subscriber on %s", typ, seats, where)
		}
	}
}

func withKeep(env map[string]string) map[string]string {
	out := map[string]string{keepRedis: "yes"}
	for k, v := range env {
		out[k] = v
	}
	return out
}

// from sends a request as a client at addr (the address the outer proxy saw).
func from(addr string) []string { return []string{"X-Forwarded-For", addr} }

// Three replicas on one MariaDB and one Redis, behind a load balancer, behave
// as one service: a race for a seat has one winner, live events reach every
// replica's subscribers, holds, cancels and rate limits are the same whichever
// replica answers, and killing a replica mid-sale sells nothing twice and
// loses no booking anyone was told of.
func TestThreeReplicasBehaveAsOne(t *testing.T) {
	env := map[string]string{contract.EnvRateLimit: "on", contract.EnvTrustedProxyHops: "2"}
	a := startServer(t, env)
	shared := map[string]string{}
	for k, v := range a.env {
		shared[k] = v
	}
	delete(shared, contract.EnvHTTPAddr)
	delete(shared, contract.EnvPublicURL)
	b := startServer(t, withKeep(shared))
	c := startProcessReplica(t, shared)
	lb := startBalancer(t, a.URL, b.URL, c.URL)
	replicas := map[string]string{"A": a.URL, "B": b.URL, "C": c.URL}
	on := func(base, method, path, token string, body any, headers ...string) response {
		return doWith(t, client, method, base+path, token, body, headers...)
	}

	show := a.show()
	events := map[string]<-chan podo.SeatEvent{}
	for name, u := range replicas {
		events[name] = subscribeURL(t, u, show.ID)
	}
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)

	t.Run("a race for one seat across replicas has one winner", func(t *testing.T) {
		tokens := make([]string, 90)
		for i := range tokens {
			_, tokens[i] = a.user(fmt.Sprintf("racer%d", i))
		}
		won := 0
		for _, r := range race(a, tokens, func(i int, tok string) response {
			return on(lb.URL, "POST", path, tok, map[string]any{"seats": []string{"A1"}}, from(fmt.Sprintf("10.1.0.%d", i))...)
		}) {
			if r.Status == 201 {
				won++
			} else if r.Status != 409 {
				t.Errorf("a loser got %d %s, want 409", r.Status, r.Body)
			}
		}
		if won != 1 {
			t.Fatalf("%d winners of A1, want 1", won)
		}
		for name, ev := range events {
			awaitEvent(t, ev, podo.EventReserved, "[A1]", name)
		}
	})

	t.Run("a hold made on one replica is seen and respected on the others", func(t *testing.T) {
		_, holder := a.user("holder")
		_, other := a.user("other")
		hold := fmt.Sprintf("/api/shows/%d/hold", show.ID)
		if r := on(a.URL, "PUT", hold, holder, map[string]any{"seats": []string{"B1"}}); r.Status != 200 {
			t.Fatalf("hold on A: %d %s", r.Status, r.Body)
		}
		var h podo.Hold
		on(b.URL, "GET", hold, holder, nil).decode(t, &h)
		if fmt.Sprint(h.Seats) != "[B1]" {
			t.Fatalf("the hold as B sees it: %+v", h)
		}
		if r := on(c.URL, "PUT", hold, other, map[string]any{"seats": []string{"B1"}}); r.code() != podo.ESeatHeld {
			t.Fatalf("another user's hold of B1 on C: %d %s, want seat_held", r.Status, r.Body)
		}
	})

	t.Run("a cancel on one replica frees the seat on every replica's map", func(t *testing.T) {
		u, tok := a.user("canceller")
		var res podo.Reservation
		on(a.URL, "POST", path, tok, map[string]any{"seats": []string{"C5"}}, from("10.2.0.1")...).decode(t, &res)
		if res.ID == 0 {
			t.Fatal("no booking to cancel")
		}
		for name := range replicas {
			awaitEvent(t, events[name], podo.EventReserved, "[C5]", name)
		}
		on(c.URL, "GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil) // C caches its map
		if r := on(b.URL, "DELETE", fmt.Sprintf("/api/reservations/%d", res.ID), tok, nil); r.Status != 200 {
			t.Fatalf("cancel on B of user %d's booking: %d %s", u.ID, r.Status, r.Body)
		}
		for name := range replicas {
			awaitEvent(t, events[name], podo.EventCancelled, "[C5]", name)
		}
		var sm podo.SeatMap
		on(c.URL, "GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
		for _, st := range sm.Seats {
			if st.Name == "C5" && st.Status != podo.SeatAvailable {
				t.Fatalf("C5 on C's map after the cancel on B: %s", st.Status)
			}
		}
	})

	t.Run("one user's rate limit is one limit across replicas", func(t *testing.T) {
		_, tok := a.user("hasty")
		limited := 0
		bases := []string{a.URL, b.URL, c.URL}
		for i := range 15 {
			// A1 is sold: each attempt is refused, but counted first.
			r := on(bases[i%3], "POST", path, tok, map[string]any{"seats": []string{"A1"}}, from("10.3.0.1")...)
			if r.Status == 429 {
				limited++
			}
		}
		if limited != 5 {
			t.Fatalf("%d of 15 quick attempts spread over three replicas were limited, want 5 (one burst of 10)", limited)
		}
	})

	t.Run("killing a replica mid-sale sells nothing twice and loses no answered booking", func(t *testing.T) {
		sale := a.show()
		sellOutAcross(t, a, lb, sale.ID, 180, func() {
			c.kill()
			lb.remove(c.URL)
		})
	})
}

// sellOutAcross has users buy one seat each through the balancer until the show
// is sold out, calling kill once a third of it is sold. Every 201 must be a
// reservation in MySQL, and the seat map must agree with MySQL at the end.
func sellOutAcross(t *testing.T, s *testServer, lb *balancer, showID int64, users int, kill func()) {
	path := fmt.Sprintf("/api/shows/%d/reservations", showID)
	var mu sync.Mutex
	answered := map[int64]bool{} // reservation ids answered 201
	var killOnce sync.Once
	var lost, afterKill atomic.Int64 // answers lost with the killed replica; bookings after it
	var killed atomic.Bool
	var wg sync.WaitGroup
	for i := range users {
		_, tok := s.user(fmt.Sprintf("buyer%d-%d", showID, i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			addr := fmt.Sprintf("10.%d.%d.%d", 4+i/65536, i/256%256, i%256)
			for attempt := 0; attempt < 100; attempt++ {
				var sm podo.SeatMap
				r := doWith(t, client, "GET", lb.URL+fmt.Sprintf("/api/shows/%d/seats", showID), "", nil, from(addr)...)
				if r.Status != 200 {
					time.Sleep(50 * time.Millisecond)
					continue
				}
				r.decode(t, &sm)
				var free []string
				busy := 0
				for _, st := range sm.Seats {
					switch st.Status {
					case podo.SeatAvailable:
						free = append(free, st.Name)
					case podo.SeatHeld:
						busy++
					}
				}
				if len(free) == 0 {
					if busy == 0 {
						return // sold out
					}
					time.Sleep(200 * time.Millisecond)
					continue
				}
				seat := free[rand.IntN(len(free))]
				key := fmt.Sprintf("k%d-%d", i, attempt)
				for try := 0; try < 20; try++ { // the same request again while its answer is lost
					r = doWith(t, client, "POST", lb.URL+path, tok, map[string]any{"seats": []string{seat}},
						append(from(addr), "Idempotency-Key", key)...)
					if r.Status != 502 && r.Status != 0 && r.Status != 503 {
						break
					}
					lost.Add(1)
					time.Sleep(50 * time.Millisecond)
				}
				switch r.Status {
				case 201:
					var res podo.Reservation
					r.decode(t, &res)
					mu.Lock()
					answered[res.ID] = true
					if len(answered) == 47 {
						go killOnce.Do(func() { kill(); killed.Store(true) })
					}
					mu.Unlock()
					if killed.Load() {
						afterKill.Add(1)
					}
					return
				case 429:
					time.Sleep(time.Second)
				}
			}
			t.Errorf("user %d gave up", i)
		}()
	}
	wg.Wait()
	killOnce.Do(kill)
	t.Logf("%d bookings answered, %d after the kill; %d answers lost with the killed replica and asked again", len(answered), afterKill.Load(), lost.Load())
	if afterKill.Load() == 0 {
		t.Fatal("the sale was over before the replica was killed")
	}

	sold := soldInMySQL(t, s, showID)
	if len(sold) != 140 {
		t.Fatalf("%d of 140 seats sold in MySQL after the sale", len(sold))
	}
	for id := range answered {
		var n int
		s.DB.QueryRow("SELECT COUNT(*) FROM reservations WHERE id = ? AND active = 1", id).Scan(&n)
		if n != 1 {
			t.Errorf("reservation %d was answered 201 but is not active in MySQL", id)
		}
	}
	s.checkCounters(showID)
	quiet(t, s)
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", showID), "", nil).decode(t, &sm)
	for _, st := range sm.Seats {
		if st.Status != podo.SeatReserved {
			t.Errorf("%s is %s on the map of a sold-out show", st.Name, st.Status)
		}
	}
}
