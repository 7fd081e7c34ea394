// Package http serves the booking API, the live seat events and the SPA over
// HTTP. Handlers decode, call the domain and encode; routes.go lists them all.
package http

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/metrics"
)

//go:embed openapi.yaml
var openAPIDocument []byte

// Options are the settings of the HTTP surface and its optional parts.
type Options struct {
	Google *auth.Google // nil when Google sign-in is not configured
	// Classify may turn an adapter's error into an application error (main
	// sets it to recognise a database that cannot be reached).
	Classify func(error) error

	DevLogin       bool
	SecureCookies  bool
	AllowedOrigins []string
	StaticDir      string
	RateLimit      bool
	// Rates keeps the rate limits' buckets for all replicas (nil: each replica its own).
	Rates RateStore
	// TrustedProxyHops is how many proxies append to X-Forwarded-For (see clientIP).
	TrustedProxyHops int
	// SSEPerAddress and SSEPerReplica cap the live event streams.
	SSEPerAddress, SSEPerReplica int
	// MaxInFlight is how many requests do their work at once (0: no bound; see bounded).
	MaxInFlight int
}

// Server holds what the handlers need.
type Server struct {
	Options
	Shows    podo.ShowService
	Booking  podo.BookingService
	Line     podo.LineService
	Sessions *auth.Sessions
	Tokens   *auth.Tokens
	Health   func(ctx context.Context) Health

	log        *slog.Logger
	metrics    *metrics.Metrics
	router     *mux.Router
	hub        *Hub
	limits     *limiter
	slots      chan struct{} // one per request at work (see bounded)
	queueWait  time.Duration // how long a request waits for a slot
	lines      *lineBudget   // how many lines about single requests may be written
	seatMapsGz gzipped       // the seat maps, gzipped once per version
}

// NewServer returns a server over the services the handlers call. Each is an
// argument, so one left out does not compile; opt holds the rest.
func NewServer(log *slog.Logger, m *metrics.Metrics, shows podo.ShowService, booking podo.BookingService, line podo.LineService,
	sessions *auth.Sessions, tokens *auth.Tokens, health func(context.Context) Health, opt Options) *Server {
	if opt.Classify == nil {
		opt.Classify = func(err error) error { return err }
	}
	s := &Server{Options: opt, Shows: shows, Booking: booking, Line: line, Sessions: sessions, Tokens: tokens, Health: health,
		log: log, metrics: m, hub: NewHub(m), limits: newLimiter(), queueWait: maxQueueWait, lines: newLineBudget()}
	if opt.MaxInFlight > 0 {
		s.slots = make(chan struct{}, opt.MaxInFlight)
	}
	return s
}

// Hub is where seat events are fanned out to live seat maps.
func (s *Server) Hub() *Hub { return s.hub }

// Handler returns the whole HTTP surface with its middleware.
func (s *Server) Handler() http.Handler {
	s.router = mux.NewRouter()
	s.routes()
	return handling(s.recoverPanics(s.requestIDs(s.cors(s.router))))
}

// Shutdown ends the live event streams so that graceful shutdown need not wait for them.
func (s *Server) Shutdown() { s.hub.Close() }
