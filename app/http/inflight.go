package http

import (
	"net/http"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// maxQueueWait is how long a request waits for a slot before it is answered
// 503 with Retry-After: a replica that far behind is better off telling its
// callers than queueing them further.
const maxQueueWait = 5 * time.Second

var errBusy = podo.Errorf(podo.EBusy, "So many people are booking right now that we could not take your request. Please try again in a moment.")

// unbounded are the routes (by routeName) that never wait for a slot: probes
// and metrics must answer while a sale saturates the replica, and a live
// stream holds its connection for minutes, doing almost nothing.
var unbounded = map[string]bool{contract.LivenessPath: true, contract.ReadinessPath: true, contract.MetricsPath: true, contract.RouteSeatEvents: true}

// bounded lets at most MaxInFlight requests do their work at once; the rest
// wait their turn, first come first served. At an on-sale thousands of
// requests arrive within milliseconds. Let all of them run, and the answer to
// every Redis and MySQL call waits behind all the others for the cores (the
// goroutines that read Redis's answers too), so the few bookings that hold
// seat locks take as long as the whole burst. With a bound, a booking's next
// step waits behind at most MaxInFlight others (docs/benchmarks.md).
//
// Every route's handler is wrapped once (routes), and all share the server's slots.
func (s *Server) bounded(route string, next http.Handler) http.Handler {
	slots := s.slots
	if slots == nil || unbounded[route] {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		default:
			t := time.NewTimer(s.queueWait)
			select {
			case slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				s.Error(w, r, errBusy)
				return
			case <-r.Context().Done():
				t.Stop()
				return // the client has gone (recorded as 499)
			}
		}
		defer func() { <-slots }()
		if tc := turnConnOf(r); tc != nil {
			tc.admitted() // a request at work holds no turn (see Turns)
		}
		next.ServeHTTP(w, r)
	})
}
