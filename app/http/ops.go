package http

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func (s *Server) handleLiveness(w http.ResponseWriter, r *http.Request) {
	s.JSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReadiness is ready while MySQL answers. Redis being down is reported
// as degraded but still ready: bookings stay correct without it.
func (s *Server) handleReadiness(w http.ResponseWriter, r *http.Request) {
	h := s.Health(r.Context())
	status := http.StatusOK
	if h.MySQL != "up" {
		status = http.StatusServiceUnavailable
	}
	s.JSON(w, r, status, h)
}

func (s *Server) handleMetrics() http.Handler {
	return promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{})
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeBody(w, http.StatusOK, "application/yaml", openAPIDocument)
}
