package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// runCeiling measures, in one run, how fast this machine can serve the bytes
// of one seat map: from Podo's cached endpoint, from a bare Go net/http
// handler in its own process and, when nginx is installed, from nginx. The
// gap between Podo and the others is what Podo's own work costs.
func runCeiling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "ceiling")
	workers := fs.Int("workers", 64, "concurrent connections of each attack (scale)")
	duration := fs.Duration("duration", 30*time.Second, "time spent attacking each server, over all rounds")
	rounds := fs.Int("rounds", 6, "attacks on each server, taken in turn: a drift of the shared machine's speed falls on every server alike, and the share is the median round's")
	profile := fs.Bool("profile", false, "take a CPU profile of the tool's own service in each of its rounds, and its allocation profile at the end (into --out)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rounds < 1 {
		return fmt.Errorf("--rounds must be at least 1")
	}
	rep := newReport("ceiling", map[string]any{"workers": *workers, "duration": duration.String(), "rounds": *rounds, "target": o.target})
	env := map[string]string{contract.EnvCache: "on"}
	const debugAddr = "127.0.0.1:18091"
	var prof *profiler
	if *profile && o.target == "" {
		env[contract.EnvDebugAddr] = debugAddr
		prof = newProfiler(debugAddr, o.out, stderr)
	}
	st, err := o.up(ctx, "ceiling", "ceiling", env, *workers, true)
	if err != nil {
		return err
	}
	defer st.close()
	c := st.client
	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return err
	}
	sh, err := c.createShow(ctx, admin, "Ceiling show")
	if err != nil {
		return err
	}
	seatsPath := fmt.Sprintf("/api/shows/%d/seats", sh.ID)
	r, err := c.do(ctx, http.MethodGet, seatsPath, "", nil, nil)
	if err != nil || r.status != http.StatusOK {
		return fmt.Errorf("seat map: %d %v", r.status, err)
	}
	body := r.body
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "podo-ceiling-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// nginx's workers run as an unprivileged user and must read the file.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	file := filepath.Join(dir, "www", "seats.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return err
	}

	type target struct {
		name, url string
		proc      *helperProcess // a bare server the tool started, whose CPU it can read
	}
	targets := []target{}
	goAddr, err := podotest.FreeAddr()
	if err != nil {
		return err
	}
	goSrv, err := startHelper(ctx, goAddr, filepath.Join(dir, "go.log"), selfExe(), "serve-file", "--file", file, "--addr", goAddr)
	if err != nil {
		return fmt.Errorf("bare net/http server: %w", err)
	}
	defer goSrv.stop()
	targets = append(targets, target{"net/http", "http://" + goAddr + "/seats.json", goSrv})
	if nginxBin, err := exec.LookPath("nginx"); err == nil {
		ngAddr, err := podotest.FreeAddr()
		if err != nil {
			return err
		}
		conf := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(conf, []byte(nginxConf(dir, ngAddr)), 0o644); err != nil {
			return err
		}
		ng, err := startHelper(ctx, ngAddr, filepath.Join(dir, "nginx.log"), nginxBin, "-p", dir, "-c", conf, "-g", "daemon off;")
		if err != nil {
			return fmt.Errorf("nginx: %w", err)
		}
		defer ng.stop()
		targets = append(targets, target{"nginx", "http://" + ngAddr + "/seats.json", nil}) // its workers are other processes
	} else {
		rep.Figures["nginx"] = "not installed; only net/http measured beside Podo"
	}
	targets = append(targets, target{"podo", c.base + seatsPath, nil})

	// Each round attacks every server in turn for its share of --duration; a
	// round's share is Podo's req/s over the fastest bare server's in that
	// round, and the median round's share is the figure.
	each := *duration / time.Duration(*rounds)
	// What each server did over all rounds.
	type total struct {
		requests int
		seconds  float64 // attacked
		p50, p99 []float64
		cpu      float64     // a bare server's own CPU seconds (proc set)
		sizes    map[int]int // bodies of other sizes than the map's, by size
	}
	totals := map[string]*total{}
	for _, t := range targets {
		totals[t.name] = &total{sizes: map[int]int{}}
	}
	var shares []float64
	var podoCPU cpuSpent
	for round := 1; round <= *rounds; round++ {
		best, podo := 0.0, 0.0
		// Every other round in the reverse order, so that a machine slowing
		// down (or speeding up) within a round favours no server.
		order := slices.Clone(targets)
		if round%2 == 0 {
			slices.Reverse(order)
		}
		for _, t := range order {
			tot := totals[t.name]
			name := "ceiling " + t.name
			if *rounds > 1 {
				name = fmt.Sprintf("ceiling %s round %d", t.name, round)
			}
			fmt.Fprintf(stderr, "%s: %s with %d connections\n", name, each, *workers)
			// The same bytes from each: Podo would gzip its map for a client that takes it.
			tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: t.url, Header: http.Header{"Accept-Encoding": {"identity"}}})
			endProfile := func() {}
			if t.name == "podo" {
				endProfile = prof.phase(ctx, fmt.Sprintf("ceiling-podo-round-%d", round))
			}
			cpu := startCPU(ctx, c)
			var bareBefore float64
			if t.proc != nil {
				bareBefore = t.proc.cpuSeconds()
			}
			rec := attack(ctx, name, "seat map bytes", tr, vegeta.Rate{}, *workers, each,
				func(res *vegeta.Result) bool { return res.Code == http.StatusOK && res.Error == "" },
				func(res *vegeta.Result) {
					if res.Code == http.StatusOK && !bytes.Equal(res.Body, body) {
						tot.sizes[len(res.Body)]++
					}
				}, stderr, o.progress)
			spent, spentOK := cpu.spent(ctx)
			if t.proc != nil {
				tot.cpu += t.proc.cpuSeconds() - bareBefore
			}
			endProfile() // after the CPU is read: writing the profile is not the attack's
			phase := rec.Result()
			rep.Phases = append(rep.Phases, phase)
			tot.requests += phase.Total.Requests
			tot.seconds += float64(phase.Total.Requests) / max(phase.Total.RPS, 1)
			tot.p50, tot.p99 = append(tot.p50, phase.Total.P50Ms), append(tot.p99, phase.Total.P99Ms)
			if t.name == "podo" {
				podo = phase.Total.RPS
				if spentOK {
					podoCPU = podoCPU.add(spent)
				}
			} else {
				best = max(best, phase.Total.RPS)
			}
		}
		shares = append(shares, pct(podo, best))
	}
	prof.allocs(ctx)
	podoCPU.figures(rep, "podo: ", totals["podo"].requests)
	// Over all rounds: the requests per second of the time attacked, and the median round's latencies.
	for _, t := range targets {
		tot := totals[t.name]
		rep.Figures[t.name+": req/s, p50, p99 ms"] = fmt.Sprintf("%.0f, %.2f, %.2f", float64(tot.requests)/max(tot.seconds, 1e-9), median(tot.p50), median(tot.p99))
		if t.proc != nil && tot.requests > 0 {
			rep.Figures[t.name+": server CPU per request (ms)"] = round(1000*tot.cpu/float64(tot.requests), 3)
		}
		if len(tot.sizes) > 0 && t.name != "podo" {
			rep.Checks = append(rep.Checks, Check{Name: t.name + " served the same bytes", OK: false, Detail: fmt.Sprint(tot.sizes)})
		}
	}
	rep.Figures["seat map bytes"] = len(body)
	perRound := make([]string, len(shares))
	for i, sh := range shares {
		perRound[i] = fmt.Sprintf("%.0f%%", sh)
	}
	rep.Figures["podo as a share of the fastest bare server, each round"] = strings.Join(perRound, " / ")
	share := median(shares)
	// One decimal, so that the figure beside the target is the one judged (89.5 is not 90).
	rep.Figures["podo as a share of the fastest bare server"] = fmt.Sprintf("%.1f%%", share)
	rep.Figures["target: seat map from memory ≥ 90% of bare net/http (median round)"] = verdict(fmt.Sprintf("%.1f%%", share), share >= 90)
	return rep.write(o.out, stdout)
}

// median is the middle of xs (the mean of the two middle ones when even); 0 when empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func nginxConf(dir, addr string) string {
	return fmt.Sprintf(`worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp-body;
  proxy_temp_path %[1]s/tmp-proxy;
  fastcgi_temp_path %[1]s/tmp-fastcgi;
  uwsgi_temp_path %[1]s/tmp-uwsgi;
  scgi_temp_path %[1]s/tmp-scgi;
  keepalive_requests 1000000;
  server {
    listen %[2]s;
    location / { root %[1]s/www; default_type application/json; }
  }
}
`, dir, addr)
}

// runServeFile is the bare net/http server of the ceiling scenario: one
// handler writing one byte slice, nothing else.
func runServeFile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve-file", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "", "file whose bytes to serve")
	addr := fs.String("addr", "127.0.0.1:0", "listen address (loopback)")
	refusePosts := fs.Bool("refuse-posts", false, "answer every POST 409 with a fixed refusal (the burst floor of flash-sale --floor)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A stock server collects garbage at Go's default pace, as Podo does, not
	// at the tool's own (main).
	debug.SetGCPercent(100)
	body, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	// Gzipped once, for clients that take it, as Podo does its seat map.
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(body)
	zw.Close()
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if *refusePosts && r.Method == http.MethodPost {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Length", strconv.Itoa(len(refusedBody)))
			w.WriteHeader(http.StatusConflict)
			io.WriteString(w, refusedBody)
			return
		}
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Length", strconv.Itoa(gz.Len()))
			w.Write(gz.Bytes())
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})}
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}

// helperProcess is a server the ceiling scenario started.
type helperProcess struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startHelper(ctx context.Context, addr, logPath, bin string, args ...string) (*helperProcess, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &helperProcess{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(h.done) }()
	err = waitFor(ctx, 10*time.Second, h.done, func() error {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
		}
		return err
	})
	if err != nil {
		h.stop()
		b, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("%w\n%s", err, b)
	}
	return h, nil
}

func (h *helperProcess) stop() { stopProcess(h.cmd, h.done, 10*time.Second) }

// cpuSeconds is the CPU time the helper has used so far (user and system, from
// /proc at the kernel's clock-tick resolution, 10 ms); 0 when unreadable.
func (h *helperProcess) cpuSeconds() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", h.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux Go runs on.
const clockTicks = 100

func selfExe() string {
	p, err := os.Executable()
	if err != nil {
		return os.Args[0]
	}
	return p
}
