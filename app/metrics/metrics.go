// Package metrics defines the service's Prometheus collectors, registered on a
// registry of their own so that several servers can live in one test process.
// Names come from package contract, where dashboards and alert rules find them.
package metrics

import (
	"database/sql"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/podo-tickets/podo/app/contract"
)

// Metrics holds every collector the service updates.
type Metrics struct {
	Registry *prometheus.Registry

	HTTPDuration     *prometheus.HistogramVec
	HTTPInFlight     prometheus.Gauge
	HTTPAwaitingTurn prometheus.Gauge
	Reservations     *prometheus.CounterVec
	RefusedWithoutDB prometheus.Counter
	BookingTx        *prometheus.CounterVec
	SeatLockBusy     prometheus.Counter
	CacheRequests    *prometheus.CounterVec
	SSEClients       prometheus.Gauge
	SSEEvents        prometheus.Counter
	RedisUp          prometheus.Gauge
	RedisErrors      *prometheus.CounterVec
	Holds            *prometheus.CounterVec
	RateLimited      *prometheus.CounterVec
	LineWaiting      *prometheus.GaugeVec
	LineAdmissions   *prometheus.CounterVec
	LineWait         prometheus.Histogram
	LinePasses       *prometheus.GaugeVec
	LineIdlePasses   *prometheus.GaugeVec
	LineSeatsLeft    *prometheus.GaugeVec
	buildInfo        *prometheus.GaugeVec
}

// New creates and registers the collectors, with the Go runtime and process collectors.
func New(version string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    contract.MetricHTTPRequestDuration,
			Help:    "Time to serve HTTP requests, by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "status"}),
		HTTPInFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: contract.MetricHTTPRequestsInFlight, Help: "HTTP requests being served."}),
		HTTPAwaitingTurn: prometheus.NewGauge(prometheus.GaugeOpts{Name: contract.MetricHTTPRequestsAwaitingTurn,
			Help: "HTTP requests that have arrived and wait for their turn to be read."}),
		Reservations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricReservations,
			Help: "Reservation attempts by outcome."}, []string{"outcome"}),
		RefusedWithoutDB: prometheus.NewCounter(prometheus.CounterOpts{Name: contract.MetricReservationRefusedWithoutDB,
			Help: "Reservation refusals answered from Redis without a MySQL round-trip."}),
		BookingTx: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricBookingTransactions,
			Help: "Booking transactions sent to MySQL, by result."}, []string{"result"}),
		SeatLockBusy: prometheus.NewCounter(prometheus.CounterOpts{Name: contract.MetricSeatLockBusy,
			Help: "Bookings refused at once because another booking held a seat's lock."}),
		CacheRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricCacheRequests,
			Help: "Cache look-ups by cache and result."}, []string{"cache", "result"}),
		SSEClients: prometheus.NewGauge(prometheus.GaugeOpts{Name: contract.MetricSSEClients, Help: "Connected live seat-map subscribers."}),
		SSEEvents:  prometheus.NewCounter(prometheus.CounterOpts{Name: contract.MetricSSEEvents, Help: "Seat events delivered to subscribers."}),
		RedisUp:    prometheus.NewGauge(prometheus.GaugeOpts{Name: contract.MetricRedisUp, Help: "1 while Redis answers, 0 while the service runs degraded."}),
		RedisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricRedisErrors,
			Help: "Redis operations that failed and fell back, by operation."}, []string{"op"}),
		Holds: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricHolds,
			Help: "Seat hold requests by outcome."}, []string{"outcome"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricRateLimited,
			Help: "Requests refused with 429, by scope."}, []string{"scope"}),
		LineWaiting: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: contract.MetricLineWaiting,
			Help: "Users in a show's waiting line not let through yet."}, []string{"show"}),
		LineAdmissions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: contract.MetricLineAdmissions,
			Help: "Users let through a show's waiting line by this replica."}, []string{"show"}),
		LineWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: contract.MetricLineWait,
			Help:    "Seconds from joining a waiting line to fetching the pass.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600}}),
		LinePasses: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: contract.MetricLinePasses,
			Help: "Live waiting-room passes of a show."}, []string{"show"}),
		LineIdlePasses: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: contract.MetricLineIdlePasses,
			Help: "Waiting-room passes given but not fetched yet by their users."}, []string{"show"}),
		LineSeatsLeft: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: contract.MetricLineSeatsLeft,
			Help: "Seats left in a show with its waiting room on."}, []string{"show"}),
		buildInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: contract.MetricBuildInfo, Help: "Always 1, labelled with the version."}, []string{"version"}),
	}
	reg.MustRegister(m.HTTPDuration, m.HTTPInFlight, m.HTTPAwaitingTurn, m.Reservations, m.RefusedWithoutDB, m.BookingTx, m.SeatLockBusy,
		m.CacheRequests, m.SSEClients, m.SSEEvents, m.RedisUp, m.RedisErrors, m.Holds, m.RateLimited,
		m.LineWaiting, m.LineAdmissions, m.LineWait, m.LinePasses, m.LineIdlePasses, m.LineSeatsLeft,
		m.buildInfo, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.buildInfo.WithLabelValues(version).Set(1)
	// Series that dashboards and alerts divide by exist from the start, at zero.
	for _, o := range []string{contract.OutcomeReserved, contract.OutcomeSeatTaken, contract.OutcomeSeatHeld,
		contract.OutcomeAlreadyReserved, contract.OutcomeSeatLocked, contract.OutcomeInvalid, contract.OutcomeError,
		contract.OutcomeCanceled} {
		m.Reservations.WithLabelValues(o)
	}
	for _, r := range []string{"committed", "conflict", "error"} {
		m.BookingTx.WithLabelValues(r)
	}
	for _, sc := range []string{"login", "reserve"} {
		m.RateLimited.WithLabelValues(sc)
	}
	for _, op := range RedisOps {
		m.RedisErrors.WithLabelValues(op)
	}
	return m
}

// RedisOps are the operation labels of the Redis error counter.
var RedisOps = []string{"conflicts", "taken_generation", "load_taken", "mark_reserved", "mark_cancelled", "seat_state",
	"hold", "sweep", "lock", "cache_get", "cache_set", "cache_delete", "publish", "refresh_create", "refresh_rotate", "refresh_revoke",
	"line_join", "line_tick", "line_status", "line_pass", "line_end_pass", "revocations_load"}

// WatchDB exports the pool statistics of db and of bookings (the pool of the
// booking transactions) and how many transactions were tried again after a
// deadlock or a lock wait timeout (lockRetries).
func (m *Metrics) WatchDB(db, bookings *sql.DB, lockRetries func() int64) {
	m.Registry.MustRegister(collectors.NewDBStatsCollector(db, contract.DBName),
		collectors.NewDBStatsCollector(bookings, contract.DBNameBookings),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: contract.MetricDBLockRetries,
			Help: "Transactions tried again because MySQL chose them as a deadlock victim or their lock wait timed out."},
			func() float64 { return float64(lockRetries()) }))
}

// CacheResult counts one cache look-up.
func (m *Metrics) CacheResult(cache string, hit bool) {
	if hit {
		m.CacheRequests.WithLabelValues(cache, "hit").Inc()
	} else {
		m.CacheRequests.WithLabelValues(cache, "miss").Inc()
	}
}
