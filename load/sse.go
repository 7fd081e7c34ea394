package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// runSSE connects many live seat-map subscribers to one show, then books
// seats one at a time and measures how long each change takes to reach every
// subscriber, and how much memory the service holds meanwhile.
func runSSE(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "sse")
	subscribers := fs.Int("subscribers", 10000, "live seat-map subscribers (scale)")
	events := fs.Int("events", 10, "reservations to make, one at a time, while everyone listens")
	wait := fs.Duration("duration", 5*time.Second, "how long to wait for each change to reach everyone")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rep := newReport("sse", map[string]any{"subscribers": *subscribers, "events": *events, "wait": wait.String(), "target": o.target})
	st, err := o.up(ctx, "sse", "sse", map[string]string{contract.EnvCache: "on"}, 64, true)
	if err != nil {
		return err
	}
	defer st.close()
	c := st.client
	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return err
	}
	sh, err := c.createShow(ctx, admin, "Live seat map show")
	if err != nil {
		return err
	}
	bookers, err := c.loginMany(ctx, "sse-booker", *events)
	if err != nil {
		return err
	}
	before, err := c.scrape(ctx)
	if err != nil {
		return err
	}

	// Each subscriber reports the seats of every `event: seats` it reads.
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	type seen struct {
		seats []string
		at    time.Time
	}
	deliveries := make(chan seen, *subscribers)
	var connected, failed atomic.Int64
	rec := NewRecorder("sse delivery")
	rec.SetUsers(0)
	stopProgress := watch(stderr, rec, o.progress)
	sseClient := &http.Client{Transport: loadTransport(2)}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 200)
	url := fmt.Sprintf("%s/api/shows/%d/events", c.base, sh.ID)
	for range *subscribers {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(subCtx, http.MethodGet, url, nil)
			req.Header.Set("Accept", "text/event-stream")
			res, err := sseClient.Do(req)
			<-sem
			if err != nil || res.StatusCode != http.StatusOK {
				failed.Add(1)
				if err == nil {
					res.Body.Close()
				}
				return
			}
			defer res.Body.Close()
			rec.SetUsers(connected.Add(1))
			sc := bufio.NewScanner(res.Body)
			event := ""
			for sc.Scan() {
				line := sc.Text()
				switch {
				case strings.HasPrefix(line, "event:"):
					event = strings.TrimSpace(line[len("event:"):])
				case strings.HasPrefix(line, "data:") && event == "seats":
					var e struct {
						Seats []string `json:"seats"`
					}
					if json.Unmarshal([]byte(strings.TrimSpace(line[len("data:"):])), &e) == nil {
						select {
						case deliveries <- seen{e.Seats, time.Now()}:
						case <-subCtx.Done():
							return
						}
					}
				case line == "":
					event = ""
				}
			}
		}()
	}
	// Wait until the service counts every subscriber.
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		m, err := c.scrape(ctx)
		if err == nil && int(m.sum(contract.MetricSSEClients)) >= *subscribers-int(failed.Load()) && int(connected.Load()+failed.Load()) == *subscribers {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Fprintf(stderr, "sse: %d subscribers connected, %d refused\n", connected.Load(), failed.Load())
	withSubs, err := c.scrape(ctx)
	if err != nil {
		return err
	}

	// Book seats one at a time; each subscriber should see each seat once.
	reached := make([]int, *events)
	var worst time.Duration
	var peakRSS float64
	for k := range *events {
		seatName := fmt.Sprintf("%c%d", 'A'+k/14%10, 1+k%14)
		t0 := time.Now()
		r, err := c.do(ctx, http.MethodPost, fmt.Sprintf("/api/shows/%d/reservations", sh.ID), bookers[k].Token,
			seatsBody{Seats: []string{seatName}}, nil)
		if err != nil || r.status != http.StatusCreated {
			return fmt.Errorf("reserve %s: %d %v %s", seatName, r.status, err, r.body)
		}
		timeout := time.After(*wait)
	collect:
		for reached[k] < int(connected.Load()) {
			select {
			case d := <-deliveries:
				if slices.Contains(d.seats, seatName) {
					reached[k]++
					lat := d.at.Sub(t0)
					worst = max(worst, lat)
					rec.Record("delivery", t0, lat, 200, false)
				}
			case <-timeout:
				break collect
			}
		}
		if m, err := c.scrape(ctx); err == nil {
			peakRSS = max(peakRSS, m.sum(contract.MetricProcessResident))
		}
	}
	stopProgress()
	cancel()
	wg.Wait()

	phase := rec.Result()
	rep.Phases = append(rep.Phases, phase)
	all := 0
	for _, n := range reached {
		if n == int(connected.Load()) {
			all++
		}
	}
	mb := func(b float64) string { return fmt.Sprintf("%.0f MB", b/1e6) }
	rep.Figures["subscribers connected"] = connected.Load()
	rep.Figures["subscribers refused"] = failed.Load()
	rep.Figures["changes that reached every subscriber"] = fmt.Sprintf("%d of %d", all, *events)
	rep.Figures["delivery p50 / p99 / max ms"] = fmt.Sprintf("%.1f / %.1f / %.1f", phase.Total.P50Ms, phase.Total.P99Ms, ms(worst))
	rep.Figures["service RSS before / with subscribers / peak"] = fmt.Sprintf("%s / %s / %s",
		mb(before.sum(contract.MetricProcessResident)), mb(withSubs.sum(contract.MetricProcessResident)), mb(peakRSS))
	rep.Figures["service goroutines with subscribers"] = withSubs.sum(contract.MetricGoGoroutines)
	return rep.write(o.out, stdout)
}
