// Package http serves the booking API, the live seat events and the SPA over
// HTTP. Handlers decode, call the domain and encode; routes.go lists them all.
package http

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/metrics"
)

//go:embed openapi.yaml
var openAPIDocument []byte

// Health tells the state of the service's dependencies.
type Health struct {
	Status string `json:"status"` // ok, degraded (Redis down) or unavailable (MySQL down)
	MySQL  string `json:"mysql"`
	Redis  string `json:"redis"`
}

// Server holds what the handlers need.
type Server struct {
	Shows    podo.ShowService
	Booking  podo.BookingService
	Line     podo.LineService
	Sessions *auth.Sessions
	Tokens   *auth.Tokens
	Google   *auth.Google // nil when Google sign-in is not configured
	Health   func(ctx context.Context) Health
	// Classify may turn an adapter's error into an application error (main
	// sets it to recognise a database that cannot be reached).
	Classify func(error) error

	DevLogin       bool
	SecureCookies  bool
	AllowedOrigins []string
	StaticDir      string
	RateLimit      bool

	log     *slog.Logger
	metrics *metrics.Metrics
	router  *mux.Router
	hub     *Hub
	limits  *limiter
}

// NewServer returns a server; set its fields, then call Handler.
func NewServer(log *slog.Logger, m *metrics.Metrics) *Server {
	return &Server{log: log, metrics: m, hub: NewHub(m), limits: newLimiter()}
}

// Hub is where seat events are fanned out to live seat maps.
func (s *Server) Hub() *Hub { return s.hub }

// Handler returns the whole HTTP surface with its middleware.
func (s *Server) Handler() http.Handler {
	s.router = mux.NewRouter()
	s.routes()
	return s.recoverPanics(s.requestIDs(s.cors(s.router)))
}

// Shutdown ends the live event streams so that graceful shutdown need not wait for them.
func (s *Server) Shutdown() { s.hub.Close() }
