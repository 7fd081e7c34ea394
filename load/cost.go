package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// costs measures what one request of each outcome costs the service, each in
// a phase of its own so that the service's CPU (process_cpu_seconds_total,
// MySQL's and Redis's own CPU not included) and the Redis commands it sent
// can be divided by the requests of that outcome alone:
//   - refused: 5n bookings of seats that are sold (the show sold out), from
//     users without a reservation, 16 at a time: Redis alone answers them;
//   - committed: uncontended bookings, one at a time, each of a free seat of
//     fresh shows: the whole path, whose latency is the uncontended p50.
func costs(ctx context.Context, st *stack, clients []*client, users []session, soldOut show, n int, redisAddr string, redisDB int, prof *profiler, rep *Report) error {
	c := st.client
	losers := make([]int, 0, len(users))
	for i := range users {
		losers = append(losers, i)
	}
	taken := "A1"
	refused := func(ctx context.Context, i int) (response, error) {
		u := losers[i%len(losers)]
		return clients[u].do(ctx, http.MethodPost, fmt.Sprintf("/api/shows/%d/reservations", soldOut.ID), users[u].Token,
			seatsBody{Seats: []string{taken}}, nil)
	}
	end := prof.phase(ctx, "refused")
	// A refusal costs a tenth of a millisecond: five times as many of them give
	// the CPU reading (10 ms ticks) enough to be sure of.
	err := costPhase(ctx, c, "refused (seat sold)", 5*n, 16, refused, http.StatusConflict, redisAddr, redisDB, costTarget{cpuMs: 0.1}, rep)
	end()
	if err != nil {
		return err
	}

	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return err
	}
	per := soldOut.TotalSeats
	// Fresh seats for the measured requests and for those that count Redis commands.
	shows, err := c.createShows(ctx, admin, fmt.Sprintf("Cost %d", time.Now().UnixNano()), (n+monitored+per-1)/per)
	if err != nil {
		return err
	}
	var names []string
	var initial seatMap
	if err := c.getJSON(ctx, fmt.Sprintf("/api/shows/%d/seats", shows[0].ID), "", &initial); err != nil {
		return err
	}
	for _, s := range initial.Seats {
		names = append(names, s.Name)
	}
	committed := func(ctx context.Context, i int) (response, error) {
		u := i % len(users)
		return clients[u].do(ctx, http.MethodPost, fmt.Sprintf("/api/shows/%d/reservations", shows[i/per].ID), users[u].Token,
			seatsBody{Seats: []string{names[i%len(names)]}}, nil)
	}
	end = prof.phase(ctx, "committed")
	defer end()
	return costPhase(ctx, c, "committed (uncontended)", min(n, max(len(users)-monitored, 1)), 1, committed, http.StatusCreated, redisAddr, redisDB, costTarget{cpuMs: 1, p50Ms: 1.5}, rep)
}

// costTarget is what a phase's requests should cost on this machine at most.
type costTarget struct{ cpuMs, p50Ms float64 }

// monitored is how many more requests a phase sends, after the measured ones,
// with Redis's MONITOR on to count the commands each sends: MONITOR slows
// Redis, so the latency and CPU figures come from requests sent without it.
const monitored = 200

// costPhase sends n requests, conc at a time, and reports service CPU per
// request and the latency of those answered with want; then, with a Redis
// address, monitored more (send must take indexes up to n+monitored) to count
// the Redis commands per request.
func costPhase(ctx context.Context, c *client, name string, n, conc int, send func(context.Context, int) (response, error), want int, redisAddr string, redisDB int, target costTarget, rep *Report) error {
	before, err := c.scrape(ctx)
	if err != nil {
		return err
	}
	cpu := startCPU(ctx, c)
	began := time.Now()
	lat, other := sendAll(ctx, 0, n, conc, send, want)
	secs := time.Since(began).Seconds()
	after, err := c.scrape(ctx)
	if err != nil {
		return err
	}
	prefix := "cost " + name + ": "
	cpu.figures(ctx, rep, prefix, n)
	st := lat.stats(secs)
	if ms, ok := rep.Figures[prefix+"service CPU per request (ms)"].(float64); ok {
		rep.Figures["target: "+name+" service CPU ≤ "+fmt.Sprint(target.cpuMs)+" ms"] = verdict(fmt.Sprintf("%.3f ms", ms), ms <= target.cpuMs)
	}
	if target.p50Ms > 0 {
		rep.Figures["target: "+name+" p50 ≤ "+fmt.Sprint(target.p50Ms)+" ms"] = verdict(fmt.Sprintf("%.2f ms", st.P50Ms), st.P50Ms <= target.p50Ms)
	}
	rep.Figures[prefix+"answered as expected, p50 / p99 ms"] = fmt.Sprintf("%d of %d, %.2f / %.2f", st.Requests, n, st.P50Ms, st.P99Ms)
	for k, v := range other {
		rep.Figures[prefix+"other answers "+k] = v
	}
	rep.Figures[prefix+"MySQL booking transactions per request"] = round(delta(before, after, "podo_booking_transactions_total")/float64(n), 2)
	if redisAddr == "" {
		return nil
	}
	mon, err := monitorRedis(redisAddr, redisDB)
	if err != nil {
		return err
	}
	_, other = sendAll(ctx, n, n+monitored, conc, send, want)
	// Everything the service sends meanwhile, its background work too.
	rep.Figures[prefix+"Redis commands sent per request (MONITOR; not those inside Lua)"] = round(float64(mon.stop())/float64(monitored), 2)
	for k, v := range other {
		rep.Figures[prefix+"other answers (counting Redis commands) "+k] = v
	}
	return nil
}

// sendAll sends requests from to to, conc at a time, and returns the latency
// of those answered with want and a count of the other answers.
func sendAll(ctx context.Context, from, to, conc int, send func(context.Context, int) (response, error), want int) (latencies, map[string]int) {
	var mu sync.Mutex
	var lat latencies
	other := map[string]int{}
	next := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := send(ctx, i)
				mu.Lock()
				if err == nil && r.status == want {
					lat.d = append(lat.d, r.latency)
				} else {
					other[strings.TrimSpace(fmt.Sprint(r.status, " ", r.code(), " ", err))]++
				}
				mu.Unlock()
			}
		}()
	}
	for i := from; i < to; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return lat, other
}

// redisMonitor counts the commands the service sends to its Redis database,
// one per command on the wire (a pipeline of three is three), leaving out
// those a Lua script runs inside Redis: MONITOR marks them "lua".
type redisMonitor struct {
	conn net.Conn
	n    atomic.Int64
	done chan struct{}
}

func monitorRedis(addr string, db int) (*redisMonitor, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte("*1\r\n$7\r\nMONITOR\r\n")); err != nil {
		conn.Close()
		return nil, err
	}
	m := &redisMonitor{conn: conn, done: make(chan struct{})}
	mine := fmt.Sprintf("[%d ", db)
	go func() {
		defer close(m.done)
		sc := bufio.NewScanner(conn)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, mine); i >= 0 && !strings.HasPrefix(line[i+len(mine):], "lua]") {
				m.n.Add(1)
			}
		}
	}()
	return m, nil
}

// stop ends the monitor and returns the commands it counted.
func (m *redisMonitor) stop() int64 {
	time.Sleep(50 * time.Millisecond) // the last commands' lines are on their way
	m.conn.Close()
	<-m.done
	return m.n.Load()
}
