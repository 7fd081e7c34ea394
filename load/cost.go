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
//   - refused: bookings of seats that are sold (the show sold out), from users
//     without a reservation, 16 at a time: Redis alone answers them;
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
			map[string][]string{"seats": {taken}}, nil)
	}
	end := prof.phase(ctx, "refused")
	err := costPhase(ctx, c, "refused (seat sold)", n, 16, refused, http.StatusConflict, redisAddr, redisDB, costTarget{cpuMs: 0.1}, rep)
	end()
	if err != nil {
		return err
	}

	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return err
	}
	per := soldOut.TotalSeats
	shows, err := c.createShows(ctx, admin, fmt.Sprintf("Cost %d", time.Now().UnixNano()), (n+per-1)/per)
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
			map[string][]string{"seats": {names[i%len(names)]}}, nil)
	}
	end = prof.phase(ctx, "committed")
	defer end()
	return costPhase(ctx, c, "committed (uncontended)", min(n, len(users), len(shows)*per), 1, committed, http.StatusCreated, redisAddr, redisDB, costTarget{cpuMs: 1, p50Ms: 1.5}, rep)
}

// costTarget is what a phase's requests should cost on this machine at most.
type costTarget struct{ cpuMs, p50Ms float64 }

// costPhase sends n requests, conc at a time, and reports service CPU and
// Redis commands per request, and the latency of those answered with want.
func costPhase(ctx context.Context, c *client, name string, n, conc int, send func(context.Context, int) (response, error), want int, redisAddr string, redisDB int, target costTarget, rep *Report) error {
	before, err := c.scrape(ctx)
	if err != nil {
		return err
	}
	var mon *redisMonitor
	if redisAddr != "" {
		mon, _ = monitorRedis(redisAddr, redisDB)
	}
	cpu := startCPU(ctx, c)
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
	began := time.Now()
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
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
	if mon != nil {
		// Everything the service sends in the phase, its background work too.
		rep.Figures[prefix+"Redis commands sent per request (MONITOR; not those inside Lua)"] = round(float64(mon.stop())/float64(n), 2)
	}
	rep.Figures[prefix+"MySQL booking transactions per request"] = round(delta(before, after, "podo_booking_transactions_total")/float64(n), 2)
	return nil
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
