package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// originalStages is the original system's k6 read ramp.
var originalStages = []stage{
	{30 * time.Second, 50}, {50 * time.Second, 150}, {50 * time.Second, 300},
	{20 * time.Second, 600}, {30 * time.Second, 600}, {20 * time.Second, 0},
}

// The original's k6 thresholds, measured on a 2-vCPU t3.medium.
const (
	originalP90Ms     = 3000
	originalP95Ms     = 5000
	originalErrorRate = 0.20
	browseShows       = 200 // the original seeder's data volume (140 seats each)
)

func runBrowse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("browse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "browse")
	vus := fs.Int("vus", 600, "peak virtual users (scale); the other stages keep their share of it")
	timeScale := fs.Float64("time-scale", 1, "multiplies every stage's length (0.1 runs the 200 s ramp in 20 s)")
	duration := fs.Duration("duration", 0, "total length of the ramp; overrides --time-scale when set")
	think := fs.Duration("think", 100*time.Millisecond, "pause of each virtual user after every request")
	caches := fs.String("cache", "on,off", "without --target: the service's cache settings to run one after the other (PODO_CACHE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *duration > 0 {
		*timeScale = duration.Seconds() / 200
	}
	stages := scaleStages(originalStages, *vus, *timeScale)
	modes := strings.Split(*caches, ",")
	if o.target != "" {
		modes = []string{"target"}
	}
	var ramp []string
	for _, s := range stages {
		ramp = append(ramp, fmt.Sprintf("%s→%d", s.Duration, s.Target))
	}
	rep := newReport("browse", map[string]any{"peakVUs": *vus, "timeScale": *timeScale, "think": think.String(),
		"stages": ramp, "shows": browseShows, "target": o.target})

	for i, mode := range modes {
		name := "browse"
		env := map[string]string{}
		if mode != "target" {
			name = "browse cache " + mode
			env[contract.EnvCache] = mode
		}
		st, err := o.up(ctx, "browse", slug(name), env, *vus, i == 0)
		if err != nil {
			return err
		}
		phase, peak, err := browse(ctx, st, name, stages, *think, o, stderr, rep)
		st.close()
		if err != nil {
			return err
		}
		rep.Phases = append(rep.Phases, phase)
		prefix := name + ": "
		rep.Figures[prefix+"p90 / p95 ms (original allowed 3000 / 5000)"] = fmt.Sprintf("%.1f / %.1f", phase.Total.P90Ms, phase.Total.P95Ms)
		rep.Figures[prefix+"error rate (original allowed 20%)"] = fmt.Sprintf("%.2f%%", 100*phase.Total.ErrorRate)
		rep.Figures[prefix+"original thresholds met"] = phase.Total.P90Ms < originalP90Ms && phase.Total.P95Ms < originalP95Ms && phase.Total.ErrorRate < originalErrorRate
		rep.Figures[prefix+fmt.Sprintf("at peak (%d VUs): req/s, p99 ms, errors", *vus)] = fmt.Sprintf("%.0f, %.1f, %d", peak.RPS, peak.P99Ms, peak.Failed)
	}
	return rep.write(o.out, stdout)
}

// scaleStages keeps the original ramp's shape at another peak and speed.
func scaleStages(orig []stage, peak int, timeScale float64) []stage {
	out := make([]stage, len(orig))
	for i, s := range orig {
		out[i] = stage{
			Duration: time.Duration(float64(s.Duration) * timeScale),
			Target:   (s.Target*peak + 300) / 600,
		}
	}
	return out
}

// browse makes sure the service has the original's 200 shows, then runs the
// ramp. Each virtual user reads a page of the show list, the top five and a
// random show's seat map, pausing after every request.
func browse(ctx context.Context, st *stack, name string, stages []stage, think time.Duration, o *options, stderr io.Writer, rep *Report) (PhaseResult, Stats, error) {
	c := st.client
	var page struct {
		Total int `json:"total"`
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := c.getJSON(ctx, "/api/shows?pageSize=1", "", &page); err != nil {
		return PhaseResult{}, Stats{}, err
	}
	if page.Total < browseShows {
		admin, err := c.login(ctx, st.admin)
		if err != nil {
			return PhaseResult{}, Stats{}, err
		}
		fmt.Fprintf(stderr, "browse: creating %d shows\n", browseShows-page.Total)
		if _, err := c.createShows(ctx, admin, "Browse show", browseShows-page.Total); err != nil {
			return PhaseResult{}, Stats{}, err
		}
	}
	var ids []int64
	for p := 1; ; p++ {
		if err := c.getJSON(ctx, fmt.Sprintf("/api/shows?sort=latest&pageSize=100&page=%d", p), "", &page); err != nil {
			return PhaseResult{}, Stats{}, err
		}
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if len(page.Items) == 0 || len(ids) >= page.Total {
			break
		}
	}
	pages := (len(ids) + 19) / 20
	sorts := []string{"latest", "popular", "date"}

	rec := NewRecorder(name)
	rec.keepTrace = true
	get := func(ctx context.Context, endpoint, path string) {
		r, err := c.do(ctx, http.MethodGet, path, "", nil, nil)
		if ctx.Err() != nil {
			return // the virtual user was stopped mid-request by the ramp-down
		}
		rec.Record(endpoint, r.began, r.latency, r.status, err != nil || r.status != http.StatusOK)
		sleep(ctx, think)
	}
	runner := &vuRunner{stages: stages, rec: rec, iterate: func(ctx context.Context, vu int) {
		get(ctx, "show list", fmt.Sprintf("/api/shows?sort=%s&page=%d&pageSize=20", sorts[rand.IntN(3)], 1+rand.IntN(pages)))
		get(ctx, "top five", "/api/shows/popular")
		get(ctx, "seat map", fmt.Sprintf("/api/shows/%d/seats", ids[rand.IntN(len(ids))]))
	}}
	stop := watch(stderr, rec, o.progress)
	cpu := startCPU(ctx, c)
	runner.run(ctx)
	stop()
	// The hold at the peak is the fifth stage.
	var from time.Duration
	for _, s := range stages[:4] {
		from += s.Duration
	}
	peak := rec.window(from, from+stages[4].Duration)
	res := rec.Result()
	cpu.figures(ctx, rep, name+": ", res.Total.Requests)
	return res, peak, ctx.Err()
}
