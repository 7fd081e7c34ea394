package http

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/podo-tickets/podo/app/metrics"
)

// An answer that depends on the caller's Origin says so in Vary, beside what
// else it varies by: a cache must not hand the seat map allowed for one
// origin to another, nor the gzipped one to a client that takes none.
func TestTheSeatMapVariesByOriginAndEncoding(t *testing.T) {
	site := "https://podo.example"
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"), nil, seatMapOnly{body: []byte(`{"seats":[]}`)}, nil, nil, nil, nil,
		Options{MaxInFlight: 8, AllowedOrigins: []string{site}})
	req := httptest.NewRequest("GET", "/api/shows/1/seats", nil)
	req.Header.Set("Origin", site)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	vary := w.Header().Values("Vary")
	if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != site || !slices.Contains(vary, "Origin") || !slices.Contains(vary, "Accept-Encoding") {
		t.Fatalf("status %d, Vary %q, headers %v: want Vary to name Origin and Accept-Encoding", w.Code, vary, w.Header())
	}
}
