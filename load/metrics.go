package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// metrics is one scrape of the service's Prometheus endpoint: each sample's
// name with its label text, e.g. `podo_booking_transactions_total{result="committed"}`.
type metrics map[string]float64

func (c *client) scrape(ctx context.Context) (metrics, error) {
	r, err := c.do(ctx, http.MethodGet, contract.MetricsPath, "", nil, nil)
	if err != nil {
		return nil, err
	}
	if r.status != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", contract.MetricsPath, r.status)
	}
	m := metrics{}
	for _, line := range strings.Split(string(r.body), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		m[line[:i]] = v
	}
	return m, nil
}

// sum adds every sample of name whose labels contain all of the given
// `key="value"` pairs.
func (m metrics) sum(name string, labels ...string) float64 {
	total := 0.0
	for k, v := range m {
		base, rest, _ := strings.Cut(k, "{")
		if base != name {
			continue
		}
		ok := true
		for _, l := range labels {
			if !strings.Contains(rest, l) {
				ok = false
				break
			}
		}
		if ok {
			total += v
		}
	}
	return total
}

// delta is after minus before for one metric.
func delta(before, after metrics, name string, labels ...string) float64 {
	return after.sum(name, labels...) - before.sum(name, labels...)
}

// cpuMeter measures, over a phase, how many cores the service and the load
// tool each kept busy: on a small machine the tool's own share is part of
// the story.
type cpuMeter struct {
	c       *client
	service float64
	tool    time.Duration
	at      time.Time
}

func startCPU(ctx context.Context, c *client) *cpuMeter {
	m := &cpuMeter{c: c, tool: toolCPU(), at: time.Now()}
	if s, err := c.scrape(ctx); err == nil {
		m.service = s.sum(contract.MetricProcessCPU)
	}
	return m
}

// figures adds "<prefix>cores busy" for the service and the tool, and the
// service's CPU milliseconds per request when requests is not zero.
func (m *cpuMeter) figures(ctx context.Context, rep *Report, prefix string, requests int) {
	if s, ok := m.spent(ctx); ok {
		s.figures(rep, prefix, requests)
	}
}

// cpuSpent is what a cpuMeter measured: seconds of wall time, and of CPU
// time of the service and of the tool.
type cpuSpent struct{ wall, service, tool float64 }

// spent is the time since startCPU; false when the service's metrics could not be read.
func (m *cpuMeter) spent(ctx context.Context) (cpuSpent, bool) {
	wall := time.Since(m.at).Seconds()
	tool := (toolCPU() - m.tool).Seconds()
	s, err := m.c.scrape(ctx)
	if err != nil || wall == 0 {
		return cpuSpent{}, false
	}
	return cpuSpent{wall: wall, service: s.sum(contract.MetricProcessCPU) - m.service, tool: tool}, true
}

func (s cpuSpent) add(o cpuSpent) cpuSpent {
	return cpuSpent{wall: s.wall + o.wall, service: s.service + o.service, tool: s.tool + o.tool}
}

func (s cpuSpent) figures(rep *Report, prefix string, requests int) {
	if s.wall == 0 {
		return
	}
	rep.Figures[prefix+"cores busy: service / load tool"] = fmt.Sprintf("%.2f / %.2f", s.service/s.wall, s.tool/s.wall)
	if requests > 0 {
		rep.Figures[prefix+"service CPU per request (ms)"] = round(1000*s.service/float64(requests), 3)
	}
}

func toolCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
