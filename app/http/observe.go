package http

import (
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app/contract"
)

// recorder remembers the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *recorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routePattern matches a path variable's regular expression, which metric labels leave out.
var routePattern = regexp.MustCompile(`\{([a-zA-Z]+):[^}]*\}`)

// routeUnmatched is the route name of a request no route matched.
const routeUnmatched = "unmatched"

// routeNameOf is a route's pattern, such as /api/shows/{showId}/seats ("spa"
// for the SPA's catch-all), the name metrics and logs know it by.
func routeNameOf(route *mux.Route) string {
	t, err := route.GetPathTemplate()
	if err != nil {
		return routeUnmatched
	}
	if t == "/" {
		return "spa"
	}
	return routePattern.ReplaceAllString(t, "{$1}")
}

// routeName is the name of the route that serves r (set by observe), or
// "unmatched".
func routeName(r *http.Request) string {
	if i := infoOf(r.Context()); i != nil && i.route != "" {
		return i.route
	}
	if route := mux.CurrentRoute(r); route != nil {
		return routeNameOf(route)
	}
	return routeUnmatched
}

// observe measures and logs every request of one route by its pattern, never its raw path.
func (s *Server) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		if i := infoOf(r.Context()); i != nil {
			i.route = route
		}
		s.metrics.HTTPInFlight.Inc()
		defer s.metrics.HTTPInFlight.Dec()
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		// A client that hung up before its answer is a 499 whatever the
		// handler went on to write: a booking runs to its end without its
		// client, and the answer it wrote reached nobody. (A live stream always
		// ends that way; it is not a give-up.)
		if r.Context().Err() != nil && route != contract.RouteSeatEvents {
			rec.status = StatusClientClosedRequest
		}
		d := time.Since(start)
		s.metrics.HTTPDuration.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Observe(d.Seconds())
		if route == contract.MetricsPath || route == contract.LivenessPath || route == contract.ReadinessPath {
			return
		}
		slow := d.Seconds() > contract.LatencySLOSeconds && route != contract.RouteSeatEvents
		notable := rec.status >= 500 || slow || rec.status == StatusClientClosedRequest
		if !notable && !s.log.Enabled(r.Context(), slog.LevelDebug) {
			return // the common case logs nothing, so it builds nothing to log
		}
		var leftOut int64
		if notable {
			var ok bool
			if ok, leftOut = s.lines.take(); !ok {
				return // counted in the metrics; the next line written says how many were left out
			}
		}
		attrs := append(requestAttrs(r), "status", rec.status, "duration_ms", d.Milliseconds())
		if p, ok := principal(r); ok {
			attrs = append(attrs, "user_id", p.UserID)
		}
		if leftOut > 0 {
			attrs = append(attrs, "lines_left_out", leftOut) // since the last line written (lineBudget)
		}
		switch {
		case rec.status >= 500:
			s.log.Warn("request", attrs...)
		case slow:
			// Slower than the latency SLO: the lines behind a latency alert.
			s.log.Info("slow request", append(attrs, "slo_ms", int64(contract.LatencySLOSeconds*1000))...)
		case rec.status == StatusClientClosedRequest:
			s.log.Info("request canceled by its client", attrs...)
		default:
			s.log.Debug("request", attrs...)
		}
	})
}
