package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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
