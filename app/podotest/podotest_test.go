package podotest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAPrivateRedisStopsAndStartsOnItsPort(t *testing.T) {
	r := StartRedis(t)
	if got, err := r.Command("PING"); err != nil || got != "+PONG" {
		t.Fatalf("PING: %q %v", got, err)
	}
	r.Stop()
	if _, err := r.Command("PING"); err == nil {
		t.Fatal("a stopped Redis answered")
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Command("PING"); err != nil {
		t.Fatalf("after a restart: %v", err)
	}
}

func TestARequestCarriesItsTokenBodyAndHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Idempotency-Key") != "k" {
			w.WriteHeader(400)
			return
		}
		w.WriteHeader(409)
		w.Write([]byte(`{"error":{"code":"seat_taken"}}`))
	}))
	defer srv.Close()
	r, err := Do(context.Background(), srv.Client(), "POST", srv.URL, "tok", map[string]any{"seats": []string{"A1"}}, "Idempotency-Key", "k")
	if err != nil || r.Status != 409 || r.Code() != "seat_taken" {
		t.Fatalf("%d %q %v", r.Status, r.Code(), err)
	}
}
