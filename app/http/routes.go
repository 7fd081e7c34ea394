package http

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app/contract"
)

// routes lists the whole API. Every route here is in openapi.yaml and a test keeps it so.
func (s *Server) routes() {
	r := s.router
	r.NotFoundHandler = s.observe(routeUnmatched, http.HandlerFunc(s.handleNotFound))
	r.MethodNotAllowedHandler = s.observe(routeUnmatched, http.HandlerFunc(s.handleMethodNotAllowed))

	// gorilla/mux tries the routes in order, each a regular expression: the
	// ones an on-sale is made of come first.
	r.HandleFunc("/api/shows/{showId:[0-9]+}/seats", s.handleSeatMap).Methods("GET")
	r.Handle("/api/shows/{showId:[0-9]+}/reservations", s.limit(scopeReserve, s.signedIn(s.handleReserve))).Methods("POST")
	r.HandleFunc("/api/shows/{showId:[0-9]+}/line", s.handleLine).Methods("GET")

	r.HandleFunc(contract.LivenessPath, s.handleLiveness).Methods("GET")
	r.HandleFunc(contract.ReadinessPath, s.handleReadiness).Methods("GET")
	r.Handle(contract.MetricsPath, s.handleMetrics()).Methods("GET")
	r.HandleFunc(contract.OpenAPIPath, s.handleOpenAPI).Methods("GET")

	r.HandleFunc("/api/shows", s.handleListShows).Methods("GET")
	r.HandleFunc("/api/shows/popular", s.handlePopular).Methods("GET")
	r.HandleFunc("/api/shows/newest", s.handleNewest).Methods("GET")
	r.HandleFunc("/api/shows/{showId:[0-9]+}", s.handleShow).Methods("GET")
	r.HandleFunc("/api/shows/{showId:[0-9]+}/poster.svg", s.handlePoster).Methods("GET")
	r.HandleFunc("/api/shows/{showId:[0-9]+}/events", s.handleEvents).Methods("GET")
	r.HandleFunc("/api/shows/{showId:[0-9]+}/hold", s.signedIn(s.handleMyHold)).Methods("GET")
	r.Handle("/api/shows/{showId:[0-9]+}/hold", s.limit(scopeHold, s.signedIn(s.handleSetHold))).Methods("PUT")
	r.Handle("/api/shows/{showId:[0-9]+}/hold", s.limit(scopeHold, s.signedIn(s.handleReleaseHold))).Methods("DELETE")
	r.Handle("/api/shows/{showId:[0-9]+}/hold/best", s.limit(scopeHold, s.signedIn(s.handleBestSeats))).Methods("POST")
	r.Handle("/api/shows/{showId:[0-9]+}/line", s.limit(scopeHold, s.signedIn(s.handleJoinLine))).Methods("POST")
	r.HandleFunc("/api/me/reservations", s.signedIn(s.handleMyReservations)).Methods("GET")
	r.HandleFunc("/api/reservations/{reservationId:[0-9]+}", s.signedIn(s.handleCancel)).Methods("DELETE")

	r.HandleFunc("/api/auth/config", s.handleAuthConfig).Methods("GET")
	r.Handle("/api/auth/google/login", s.limit(scopeLogin, http.HandlerFunc(s.handleGoogleLogin))).Methods("GET")
	r.HandleFunc("/api/auth/google/callback", s.handleGoogleCallback).Methods("GET")
	r.Handle("/api/auth/dev/login", s.limit(scopeLogin, http.HandlerFunc(s.handleDevLogin))).Methods("POST")
	r.HandleFunc("/api/auth/refresh", s.handleRefresh).Methods("POST")
	r.HandleFunc("/api/auth/logout", s.handleLogout).Methods("POST")
	r.HandleFunc("/api/auth/me", s.signedIn(s.handleMe)).Methods("GET")

	r.HandleFunc("/api/admin/shows", s.admin(s.handleCreateShow)).Methods("POST")
	r.HandleFunc("/api/admin/shows/{showId:[0-9]+}", s.admin(s.handleUpdateShow)).Methods("PUT")
	r.HandleFunc("/api/admin/shows/{showId:[0-9]+}/layout", s.admin(s.handleUpdateLayout)).Methods("PUT")
	r.HandleFunc("/api/admin/shows/{showId:[0-9]+}/sale", s.admin(s.handleSetSale)).Methods("PUT")

	r.PathPrefix("/").Handler(s.spa()).Methods("GET", "HEAD")

	// Every route's handler is wrapped in the middleware once, here, knowing
	// its route: mux's own Use would build the same chain again for every
	// request it routes (eight allocations a request), and each piece would
	// look its route up again. As with Use, a request no route matches gets
	// only observe, through the two handlers above.
	_ = r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		route.Handler(s.middleware(routeNameOf(route), route.GetHandler()))
		return nil
	})
}

// middleware is what every routed request passes through before its handler:
// measured and logged, its token read, its CSRF proof checked, and its turn
// waited for.
func (s *Server) middleware(route string, h http.Handler) http.Handler {
	return s.observe(route, s.authenticate(s.csrf(s.bounded(route, h))))
}
