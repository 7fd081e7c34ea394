package main

import (
	"encoding/csv"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// burstShape tells when a sale's reservation requests went out and when their
// answers came back, measured from the release. On a machine whose cores the
// tool shares with the service, the tool sends for as long as the service
// keeps its cores busy, and reads no answer before its users have all sent:
// the first answer read says how much of every latency is the burst's own
// start, whatever the service does.
type burstShape struct {
	release time.Time // when the users were released (set before they are)

	lastSent    atomic.Int64 // nanoseconds after the release, of the latest first attempt
	firstAnswer atomic.Int64 // nanoseconds after the release, of the earliest answer read; 0 none yet

	mu   sync.Mutex
	rows [][]string // with --timeline: every request of the sale
	keep bool
}

// sent records a user's first reservation request, started at began.
func (b *burstShape) sent(began time.Time) {
	at := int64(began.Sub(b.release))
	for {
		cur := b.lastSent.Load()
		if at <= cur || b.lastSent.CompareAndSwap(cur, at) {
			return
		}
	}
}

// answered records an answer to a reservation request read at end.
func (b *burstShape) answered(end time.Time) {
	at := max(int64(end.Sub(b.release)), 1)
	for {
		cur := b.firstAnswer.Load()
		if (cur != 0 && at >= cur) || b.firstAnswer.CompareAndSwap(cur, at) {
			return
		}
	}
}

// record keeps one request for the timeline (with --timeline only; without
// it nothing is done, not even reading the answer's error code).
func (b *burstShape) record(endpoint string, r response) {
	if !b.keep {
		return
	}
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 3, 64) }
	arrived := ""
	if !r.arrived.IsZero() {
		arrived = ms(r.arrived.Sub(r.began))
	}
	row := []string{endpoint, ms(r.began.Sub(b.release)), ms(r.latency), arrived, strconv.Itoa(r.status), r.code()}
	b.mu.Lock()
	b.rows = append(b.rows, row)
	b.mu.Unlock()
}

// writeTimeline writes the kept requests as CSV: endpoint, start from the
// release, latency, and when the answer's first bytes arrived in the tool's
// socket (the kernel's stamp, from the start; the rest of latency is the
// tool's own wait to read it), all in milliseconds, then status and error code.
func (b *burstShape) writeTimeline(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"endpoint", "start_ms", "latency_ms", "arrived_ms", "status", "code"})
	b.mu.Lock()
	_ = w.WriteAll(b.rows)
	b.mu.Unlock()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
