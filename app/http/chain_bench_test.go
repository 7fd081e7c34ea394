package http

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/metrics"
)

// What Podo's middleware and router cost a request, without the network:
// the seat map from memory through the whole handler against a bare handler
// writing the same bytes. Figures only; nothing here asserts a timing.
//
//	go test ./http -run '^$' -bench Chain -benchmem

type seatMapOnly struct {
	podo.BookingService
	body []byte
}

func (b seatMapOnly) SeatMap(context.Context, int64) ([]byte, error) { return b.body, nil }

// discard is a ResponseWriter that keeps nothing but a fresh header per request.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func BenchmarkChainSeatMap(b *testing.B) {
	body := bytes.Repeat([]byte(`{"name":"A1","status":"available"},`), 330)
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("bench"), nil, seatMapOnly{body: body}, nil, nil, nil, nil, Options{MaxInFlight: 256})
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"podo", s.Handler()}, {"bare", bare}} {
		b.Run(c.name, func(b *testing.B) {
			req, _ := http.NewRequest("GET", "/api/shows/1/seats", nil)
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(&discard{h: http.Header{}}, req)
			}
		})
	}
}

type refuseAll struct {
	podo.BookingService
}

func (refuseAll) Reserve(context.Context, podo.ReserveRequest) (podo.Reservation, error) {
	return podo.Reservation{}, podo.TakenByOthers(podo.SeatError(podo.ESeatTaken, "Sorry, A1 is already reserved.", []string{"A1"}))
}

type openLine struct{ podo.LineService }

func (openLine) Admit(context.Context, int64, int64, string) error { return nil }

// BenchmarkChainRefusal is a booking refused from memory (the seat is sold),
// signed in with a Bearer token, through the whole handler chain.
func BenchmarkChainRefusal(b *testing.B) {
	tokens := auth.NewTokens(bytes.Repeat([]byte("k"), 32))
	tok, _, err := tokens.Issue(podo.User{ID: 7, Name: "u", Role: podo.RoleUser}, "s1")
	if err != nil {
		b.Fatal(err)
	}
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("bench"), nil, refuseAll{}, openLine{}, nil, tokens, nil, Options{MaxInFlight: 256})
	h := s.Handler()
	body := []byte(`{"seats":["A1"]}`)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("POST", "/api/shows/1/reservations", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		w := &discard{h: http.Header{}}
		h.ServeHTTP(w, req)
	}
}
