package http

import (
	"sync/atomic"

	"golang.org/x/time/rate"
)

// lineBudget bounds the lines written about single requests (a 5xx, a slow
// request, a client that hung up) to what a person reads: in a surge
// thousands of requests are slow at once, and writing a line for each took
// the CPU the requests themselves were waiting for. The metrics count every
// request; a line written after some were left out says how many.
type lineBudget struct {
	lim     *rate.Limiter
	dropped atomic.Int64
}

// Lines a replica writes about requests: 20 a second, and 100 at once.
func newLineBudget() *lineBudget {
	return &lineBudget{lim: rate.NewLimiter(20, 100)}
}

// take tells whether a line may be written now and, if so, how many were left
// out since the last one written.
func (b *lineBudget) take() (ok bool, leftOut int64) {
	if !b.lim.Allow() {
		b.dropped.Add(1)
		return false, 0
	}
	return true, b.dropped.Swap(0)
}
