package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// runChaos runs flash sales back to back, each on a fresh 140-seat show, while
// it stops and restarts the service's Redis and restarts its MariaDB. The tool
// owns all three processes (and the service) so no shared instance is touched.
func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", filepath.Join("out", "load", "chaos"), "folder for results.json, charts and logs")
	users := fs.Int("users", 1000, "users racing in each sale (scale)")
	duration := fs.Duration("duration", 60*time.Second, "how long sales keep starting; faults are placed at fractions of it")
	progressEvery := fs.Duration("progress", time.Second, "interval of the live progress line (0 turns it off)")
	podoBin := fs.String("podo", defaultPodoBin(), "the podo binary to start")
	listen := fs.String("listen", "127.0.0.1:18091", "address of the tool's own service")
	redisPort := fs.Int("redis-port", 16379, "port of the tool's own redis-server")
	mysqlPort := fs.Int("mysql-port", 13306, "port of the tool's own mariadbd")
	workDir := fs.String("workdir", "", "where the owned MariaDB datadir and Redis dir go (default: a temporary folder, removed after)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := chaosRun{users: *users, duration: *duration, progress: *progressEvery, podoBin: *podoBin, listen: *listen,
		redisPort: *redisPort, mysqlPort: *mysqlPort, workDir: *workDir, out: *out}
	rep, err := c.run(ctx, stderr)
	if rep != nil {
		if werr := rep.write(*out, stdout); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return err
	}
	if n := rep.failedChecks(); n > 0 {
		return fmt.Errorf("%w: %d checks failed", errInvariant, n)
	}
	return nil
}

type chaosRun struct {
	users                int
	duration, progress   time.Duration
	podoBin, listen      string
	redisPort, mysqlPort int
	workDir, out         string
}

// fault is one thing the tool did to a dependency and what the service did about it.
type fault struct {
	Name            string  `json:"name"`
	DownAtSeconds   float64 `json:"downAtSeconds"`
	UpAtSeconds     float64 `json:"upAtSeconds"`
	OutageSeconds   float64 `json:"outageSeconds"`
	FailedRequests  int     `json:"failedRequests"`  // reservation requests overlapping the outage that failed
	Requests        int     `json:"requests"`        // reservation requests in flight or started from the fault until recovery
	SlowestSeconds  float64 `json:"slowestSeconds"`  // the longest of them: a request that hung rather than failed
	BookedDuring    int     `json:"bookedDuring"`    // reservations answered 201 while the dependency was away
	RecoverySeconds float64 `json:"recoverySeconds"` // from the dependency being back to the first good booking answer
	ReadySeconds    float64 `json:"readySeconds"`    // from the dependency being back to /readyz reporting it up
}

func (c chaosRun) run(ctx context.Context, stderr io.Writer) (*Report, error) {
	rep := newReport("chaos", map[string]any{"users": c.users, "duration": c.duration.String(),
		"redisPort": c.redisPort, "mysqlPort": c.mysqlPort})
	dir := c.workDir
	if dir == "" {
		d, err := os.MkdirTemp("", "podo-chaos-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	redis := podotest.NewRedis(c.redisPort, filepath.Join(dir, "redis"))
	maria := &ownedMariaDB{port: c.mysqlPort, dir: filepath.Join(dir, "mariadb")}
	fmt.Fprintf(stderr, "chaos: installing a private MariaDB on :%d and Redis on :%d in %s\n", c.mysqlPort, c.redisPort, dir)
	if err := maria.install(ctx); err != nil {
		return nil, err
	}
	if err := maria.start(ctx); err != nil {
		return nil, err
	}
	defer maria.stop()
	if err := redis.Start(ctx); err != nil {
		return nil, err
	}
	defer redis.Stop()

	dsn := maria.serverDSN() + "podo_chaos"
	podoEnv := map[string]string{
		contract.EnvMySQLDSN: dsn, contract.EnvRedisAddr: redis.Addr(), contract.EnvCache: "on",
		// One signing key for the service and the one started after it is killed, so sessions outlive it.
		contract.EnvJWTSecret: "chaos-run-signing-key-not-a-secret-0123456789",
	}
	p, err := startPodo(ctx, c.podoBin, c.listen, false, podoEnv, filepath.Join(c.out, "chaos-podo.log"))
	if err != nil {
		return nil, err
	}
	defer func() { p.stop() }() // the process running at the end
	restarts := 0
	killPodo := func() { p.kill() }
	startPodoAgain := func(ctx context.Context) error {
		restarts++
		np, err := startPodo(ctx, c.podoBin, c.listen, false, podoEnv, filepath.Join(c.out, fmt.Sprintf("chaos-podo-%d.log", restarts+1)))
		if err == nil {
			p = np
		}
		return err
	}
	cl, err := newClient("http://"+c.listen, 64)
	if err != nil {
		return nil, err
	}
	admin, err := cl.login(ctx, adminName)
	if err != nil {
		return nil, err
	}
	sessions, err := cl.loginMany(ctx, "chaos-user", c.users)
	if err != nil {
		return nil, err
	}
	clients := cl.perUser(c.users, false)

	rec := NewRecorder("chaos")
	rec.keepTrace = true
	stop := watch(stderr, rec, c.progress)
	defer stop()
	probe := startProbe(ctx, "http://"+c.listen+contract.ReadinessPath, rec.start)

	// The faults, placed at fractions of the run so a short run has them too:
	// Redis is stopped for a fifth of the run, MariaDB is restarted at once,
	// and later killed outright (SIGKILL: no shutdown, crash recovery at start),
	// and at the end the service itself is killed and started again.
	schedule := []struct {
		name, what string
		down, up   float64
		stop       func()
		start      func(context.Context) error
	}{
		{"redis stopped", "Redis", 0.15, 0.35, redis.Stop, redis.Start},
		{"mariadb restarted", "MariaDB", 0.55, 0.55, maria.stop, maria.start},
		{"mariadb killed", "MariaDB (SIGKILL)", 0.75, 0.75, maria.kill, maria.start},
		{"podo killed", "podo serve (SIGKILL)", 0.88, 0.88, killPodo, startPodoAgain},
	}
	var faults []*fault // read only after injectorDone
	injectorDone := make(chan error, 1)
	go func() {
		since := func() float64 { return rec.Elapsed().Seconds() }
		at := func(frac float64) time.Time { return rec.start.Add(time.Duration(frac * float64(c.duration))) }
		for _, s := range schedule {
			waitUntil(ctx, at(s.down))
			f := &fault{Name: s.name, DownAtSeconds: since()}
			fmt.Fprintf(stderr, "chaos: %.1fs stopping %s\n", since(), s.what)
			s.stop()
			waitUntil(ctx, at(s.up))
			if err := s.start(ctx); err != nil {
				injectorDone <- fmt.Errorf("start %s again: %w", s.what, err)
				return
			}
			f.UpAtSeconds = since()
			fmt.Fprintf(stderr, "chaos: %.1fs %s is back\n", since(), s.what)
			faults = append(faults, f)
		}
		injectorDone <- nil
	}()

	// Sales back to back until the run's time is up.
	var outcomes []saleOutcome
	saleNo := 0
	for rec.Elapsed() < c.duration && ctx.Err() == nil {
		saleNo++
		// Setting up the next sale is timed too: an admin who cannot add a
		// show, or a seat map that cannot load, is an outage as well.
		began := time.Now()
		sh, err := cl.createShow(ctx, admin, fmt.Sprintf("Chaos sale %d", saleNo))
		for tries := 0; err != nil && tries < 60 && ctx.Err() == nil; tries++ {
			sleep(ctx, 500*time.Millisecond) // the service may be restarting
			sh, err = cl.createShow(ctx, admin, fmt.Sprintf("Chaos sale %d", saleNo))
		}
		if err != nil {
			return rep, fmt.Errorf("sale %d: %w", saleNo, err)
		}
		rec.Record("create show", began, time.Since(began), http.StatusCreated, false)
		var initial seatMap
		for ctx.Err() == nil {
			r, err := cl.do(ctx, http.MethodGet, fmt.Sprintf("/api/shows/%d/seats", sh.ID), "", nil, nil)
			rec.Record("seat map", r.began, r.latency, r.status, err != nil || r.status != http.StatusOK)
			if err == nil && r.status == http.StatusOK && json.Unmarshal(r.body, &initial) == nil {
				break
			}
			sleep(ctx, 200*time.Millisecond)
		}
		s := &sale{clients: clients, rec: rec, show: sh, users: sessions, maxSeats: 4,
			deadline: 30 * time.Second, runID: fmt.Sprintf("chaos%d-%d", time.Now().UnixNano(), saleNo)}
		o := s.run(ctx, initial)
		fmt.Fprintf(stderr, "chaos: sale %d on show %d: %d reservations, %d of %d seats, %d transport errors\n",
			saleNo, sh.ID, o.Reservations, o.SeatsBooked, o.Capacity, o.TransportErrors)
		outcomes = append(outcomes, o)
	}
	if err := <-injectorDone; err != nil {
		return rep, err
	}
	stop()
	probe.stop()
	phase := rec.Result()
	rep.Phases = append(rep.Phases, phase)

	select {
	case <-p.done:
		rep.Checks = append(rep.Checks, Check{Name: "service survived", OK: false, Detail: "podo serve exited during the run; see chaos-podo*.log"})
	default:
		rep.Checks = append(rep.Checks, Check{Name: "service survived", OK: true,
			Detail: fmt.Sprintf("podo serve ran throughout but for the %d time(s) the tool killed it and started it again", restarts)})
	}
	if err := waitReady(ctx, "http://"+c.listen+contract.ReadinessPath, p.done, 30*time.Second); err != nil {
		rep.Checks = append(rep.Checks, Check{Name: "service ready after the faults", OK: false, Detail: err.Error()})
	}

	for _, f := range faults {
		f.DownAtSeconds, f.UpAtSeconds = round(f.DownAtSeconds, 3), round(f.UpAtSeconds, 3)
		f.OutageSeconds = round(f.UpAtSeconds-f.DownAtSeconds, 2)
		measureRecovery(f, rec, probe)
		rep.Figures["fault: "+f.Name] = fmt.Sprintf("at %.1fs for %.2fs; %d of %d reservation requests failed, slowest %.2fs; "+
			"%d booked while it was away; first good booking %.2fs and /readyz up %.2fs after it was back",
			f.DownAtSeconds, f.OutageSeconds, f.FailedRequests, f.Requests, f.SlowestSeconds, f.BookedDuring, f.RecoverySeconds, f.ReadySeconds)
	}
	rep.Figures["sales"] = len(outcomes)
	totalRes, totalSeats := 0, 0
	for _, o := range outcomes {
		totalRes += o.Reservations
		totalSeats += o.SeatsBooked
		checks, err := checkSale(ctx, dsn, o, o.SeatsDemanded > o.Capacity && o.GaveUp == 0)
		if err != nil {
			return rep, fmt.Errorf("invariant checks: %w", err)
		}
		rep.Checks = append(rep.Checks, checks...)
	}
	rep.Figures["reservations (201)"] = totalRes
	rep.Figures["seats sold"] = totalSeats
	rep.Figures["requests failed (5xx or no answer)"] = phase.Total.Failed
	rep.Details = map[string]any{"faults": faults, "sales": outcomes}
	return rep, nil
}

// measureRecovery fills in how many reservation requests failed from the
// moment the dependency went away until the service answered well again, and
// how long that took after the dependency was back.
func measureRecovery(f *fault, rec *Recorder, p *probe) {
	if at := p.firstReadyAfter(f.UpAtSeconds, f.Name == "redis stopped"); at > 0 {
		f.ReadySeconds = round(at-f.UpAtSeconds, 2)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	up := time.Duration(f.UpAtSeconds * float64(time.Second))
	down := time.Duration(f.DownAtSeconds * float64(time.Second))
	recovered := time.Duration(-1)
	for _, e := range rec.trace {
		if e.endpoint == "reserve" && e.start >= up && !e.failed && (recovered < 0 || e.end < recovered) {
			recovered = e.end
		}
	}
	if recovered >= 0 {
		f.RecoverySeconds = round((recovered - up).Seconds(), 3)
	} else {
		recovered = rec.Elapsed()
	}
	// A request counts when it overlapped the outage: in flight when the
	// dependency went away, or started before the service answered well again.
	for _, e := range rec.trace {
		if e.endpoint == "reserve" && e.status == http.StatusCreated && e.end >= down && e.end <= up {
			f.BookedDuring++
		}
		if e.endpoint == "reserve" && e.end >= down && e.start <= recovered {
			f.Requests++
			f.SlowestSeconds = max(f.SlowestSeconds, round((e.end-e.start).Seconds(), 3))
			if e.failed {
				f.FailedRequests++
			}
		}
	}
}

// probe samples /readyz and a booking canary during a chaos run.
type probe struct {
	start   time.Time
	mu      sync.Mutex
	samples []probeSample
	cancel  context.CancelFunc
	done    chan struct{}
}

type probeSample struct {
	at      float64 // seconds after start
	status  int
	redisUp bool
}

func startProbe(ctx context.Context, readyURL string, start time.Time) *probe {
	ctx, cancel := context.WithCancel(ctx)
	p := &probe{start: start, cancel: cancel, done: make(chan struct{})}
	hc := &http.Client{Timeout: 2 * time.Second}
	go func() {
		defer close(p.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			s := probeSample{at: time.Since(start).Seconds()}
			if res, err := hc.Get(readyURL); err == nil {
				var h struct {
					Redis string `json:"redis"`
				}
				json.NewDecoder(res.Body).Decode(&h)
				res.Body.Close()
				s.status, s.redisUp = res.StatusCode, h.Redis == "up"
			}
			p.mu.Lock()
			p.samples = append(p.samples, s)
			p.mu.Unlock()
		}
	}()
	return p
}

func (p *probe) stop() { p.cancel(); <-p.done }

// firstReadyAfter is when /readyz first answered 200 (with Redis up, if asked) after t.
func (p *probe) firstReadyAfter(t float64, needRedis bool) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.samples {
		if s.at >= t && s.status == http.StatusOK && (!needRedis || s.redisUp) {
			return s.at
		}
	}
	return 0
}

func waitUntil(ctx context.Context, t time.Time) {
	sleep(ctx, time.Until(t))
}
