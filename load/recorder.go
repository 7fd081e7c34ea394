package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Recorder collects every request of one phase of a run: its latency, whether
// it failed and which endpoint it hit, bucketed by the second it started in,
// so a run yields both totals and a time series for the charts.
type Recorder struct {
	Name  string
	start time.Time

	users atomic.Int64 // virtual users running now, for progress and charts

	mu        sync.Mutex
	buckets   []*bucket
	endpoints map[string]*latencies
	all       latencies
	statuses  map[int]int

	// keepTrace keeps every request in order, for scenarios that need
	// sub-second timing (chaos measures recovery from it).
	keepTrace bool
	trace     []traceEntry
}

// traceEntry is one request: when it started and ended, relative to the
// phase start, and whether it failed.
type traceEntry struct {
	endpoint   string
	start, end time.Duration
	status     int
	failed     bool
}

type bucket struct {
	lat    latencies
	failed int
	users  int64
}

// latencies keeps every observation; a full browse run is a few million
// durations, well within memory, and exact percentiles beat estimates here.
type latencies struct {
	d      []time.Duration
	failed int
}

// NewRecorder starts the clock of a phase.
func NewRecorder(name string) *Recorder {
	return &Recorder{Name: name, start: time.Now(), endpoints: map[string]*latencies{}, statuses: map[int]int{}}
}

// SetUsers records how many users are active now.
func (r *Recorder) SetUsers(n int64) { r.users.Store(n) }

// AddUsers changes the number of active users by delta.
func (r *Recorder) AddUsers(delta int64) { r.users.Add(delta) }

// Elapsed is the time since the phase began.
func (r *Recorder) Elapsed() time.Duration { return time.Since(r.start) }

// Record adds one request. status is 0 when no response came back.
func (r *Recorder) Record(endpoint string, began time.Time, latency time.Duration, status int, failed bool) {
	sec := int(began.Sub(r.start) / time.Second)
	if sec < 0 {
		sec = 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.buckets) <= sec {
		r.buckets = append(r.buckets, &bucket{})
	}
	b := r.buckets[sec]
	b.lat.d = append(b.lat.d, latency)
	if u := r.users.Load(); u > b.users {
		b.users = u
	}
	ep := r.endpoints[endpoint]
	if ep == nil {
		ep = &latencies{}
		r.endpoints[endpoint] = ep
	}
	ep.d = append(ep.d, latency)
	r.all.d = append(r.all.d, latency)
	r.statuses[status]++
	if r.keepTrace {
		at := began.Sub(r.start)
		r.trace = append(r.trace, traceEntry{endpoint: endpoint, start: at, end: at + latency, status: status, failed: failed})
	}
	if failed {
		b.failed++
		ep.failed++
		r.all.failed++
	}
}

// Totals returns how many requests and failures were recorded so far.
func (r *Recorder) Totals() (requests, failed int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.all.d), r.all.failed
}

// Stats summarises a set of latencies.
type Stats struct {
	Requests  int     `json:"requests"`
	Failed    int     `json:"failed"`
	ErrorRate float64 `json:"errorRate"`
	RPS       float64 `json:"requestsPerSecond"`
	MeanMs    float64 `json:"meanMs"`
	P50Ms     float64 `json:"p50Ms"`
	P90Ms     float64 `json:"p90Ms"`
	P95Ms     float64 `json:"p95Ms"`
	P99Ms     float64 `json:"p99Ms"`
	MaxMs     float64 `json:"maxMs"`
}

// Point is one second of a phase.
type Point struct {
	Second int     `json:"second"`
	RPS    int     `json:"requests"`
	Failed int     `json:"failed"`
	Users  int64   `json:"users"`
	P50Ms  float64 `json:"p50Ms"`
	P90Ms  float64 `json:"p90Ms"`
	P99Ms  float64 `json:"p99Ms"`
}

// PhaseResult is what a phase writes to results.json.
type PhaseResult struct {
	Name      string           `json:"name"`
	Seconds   float64          `json:"seconds"`
	Total     Stats            `json:"total"`
	Endpoints map[string]Stats `json:"endpoints"`
	Statuses  map[string]int   `json:"statuses"`
	Series    []Point          `json:"series"`
}

// Result freezes the phase; call it once the phase has ended.
func (r *Recorder) Result() PhaseResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	wall := time.Since(r.start).Seconds()
	res := PhaseResult{Name: r.Name, Seconds: round(wall, 2), Endpoints: map[string]Stats{}, Statuses: map[string]int{}}
	res.Total = r.all.stats(wall)
	for name, ep := range r.endpoints {
		res.Endpoints[name] = ep.stats(wall)
	}
	for code, n := range r.statuses {
		key := fmt.Sprint(code)
		if code == 0 {
			key = "no response"
		}
		res.Statuses[key] = n
	}
	for i, b := range r.buckets {
		b.lat.sort()
		res.Series = append(res.Series, Point{
			Second: i, RPS: len(b.lat.d), Failed: b.failed, Users: b.users,
			P50Ms: ms(b.lat.pct(50)), P90Ms: ms(b.lat.pct(90)), P99Ms: ms(b.lat.pct(99)),
		})
	}
	return res
}

func (l *latencies) sort() { slices.Sort(l.d) }

// pct expects sorted latencies.
func (l *latencies) pct(p float64) time.Duration {
	if len(l.d) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(l.d)))) - 1
	if i < 0 {
		i = 0
	}
	return l.d[i]
}

func (l *latencies) stats(wall float64) Stats {
	l.sort()
	s := Stats{Requests: len(l.d), Failed: l.failed}
	if len(l.d) == 0 {
		return s
	}
	var sum time.Duration
	for _, d := range l.d {
		sum += d
	}
	s.ErrorRate = round(float64(l.failed)/float64(len(l.d)), 4)
	if wall > 0 {
		s.RPS = round(float64(len(l.d))/wall, 1)
	}
	s.MeanMs = ms(sum / time.Duration(len(l.d)))
	s.P50Ms, s.P90Ms, s.P95Ms, s.P99Ms = ms(l.pct(50)), ms(l.pct(90)), ms(l.pct(95)), ms(l.pct(99))
	s.MaxMs = ms(l.d[len(l.d)-1])
	return s
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// progress prints one line a second while a phase runs: what a person watching
// a load test wants to see before the final table.
func progress(w io.Writer, r *Recorder, every time.Duration, done <-chan struct{}) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	lastReq, lastAt := 0, time.Now()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			req, failed := r.Totals()
			rate := float64(req-lastReq) / now.Sub(lastAt).Seconds()
			lastReq, lastAt = req, now
			fmt.Fprintf(w, "%-18s elapsed %6.1fs  users %6d  req/s %8.0f  requests %8d  errors %6d\n",
				r.Name, r.Elapsed().Seconds(), r.users.Load(), rate, req, failed)
		}
	}
}

// watch runs progress in the background and returns the function that stops it.
func watch(w io.Writer, r *Recorder, every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); progress(w, r, every, done) }()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// sortedKeys returns a map's keys in order, for stable tables.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// window summarises the traced requests that started between from and to
// (the recorder must keep a trace).
func (r *Recorder) window(from, to time.Duration) Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	var l latencies
	for _, e := range r.trace {
		if e.start >= from && e.start < to {
			l.d = append(l.d, e.end-e.start)
			if e.failed {
				l.failed++
			}
		}
	}
	return l.stats((to - from).Seconds())
}
