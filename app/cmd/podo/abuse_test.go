package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// Prices are bounded, so no total can overflow, and show data links only to web pages.
func TestPricesAreBoundedAndPosterURLsAreWebURLs(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	show := func(price int64, poster string, layout any) map[string]any {
		m := map[string]any{"title": "Bounds", "date": "2027-01-05", "startTime": "19:00", "endTime": "21:00", "venue": "Hall",
			"price": price, "posterUrl": poster}
		if layout != nil {
			m["layout"] = layout
		}
		return m
	}
	row := func(price int64) any {
		return map[string]any{"rows": []map[string]any{{"label": "A", "seats": 4, "price": price}}}
	}
	for name, in := range map[string]map[string]any{
		"show price 2^62":    show(1<<62, "", nil),
		"row price 2^62":     show(1000, "", row(1<<62)),
		"javascript: poster": show(1000, "javascript:alert(1)", nil),
		"data: poster":       show(1000, "data:image/svg+xml,<svg/>", nil),
		"protocol-relative":  show(1000, "//evil.example/x.png", nil),
	} {
		if r := s.do("POST", "/api/admin/shows", admin, in); r.Status != 400 {
			t.Errorf("%s: %d %s, want 400", name, r.Status, r.Body)
		}
	}
	for _, poster := range []string{"", "https://cdn.example/p.png", "/posters/1.png"} {
		if r := s.do("POST", "/api/admin/shows", admin, show(podo.MaxPrice, poster, row(podo.MaxPrice))); r.Status != 201 {
			t.Errorf("poster %q at the top price: %d %s, want 201", poster, r.Status, r.Body)
		}
	}
}

func idempotencyRows(t *testing.T, s *testServer, userID int64) int {
	t.Helper()
	var n int
	if err := s.DB.QueryRow("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?", userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The idempotency fingerprint is taken after validation: a refused malformed
// request is not stored, echoes little of its input, and cannot stand for a
// different, valid request under the same key.
func TestIdempotencyRecordsHoldOnlyWhatAReplayNeeds(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	u, tok := s.user("idem")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)

	r := s.do("POST", path, tok, map[string]any{"seats": []string{"F1,F2"}}, "Idempotency-Key", "k1")
	if r.Status != 400 {
		t.Fatalf(`["F1,F2"]: %d %s, want 400`, r.Status, r.Body)
	}
	if r := s.do("POST", path, tok, map[string]any{"seats": []string{"F1", "F2"}}, "Idempotency-Key", "k1"); r.Status != 201 {
		t.Fatalf(`["F1","F2"] under the key of a refused ["F1,F2"]: %d %s, want 201`, r.Status, r.Body)
	}

	long := strings.Repeat("X", 3000)
	r = s.do("POST", path, tok, map[string]any{"seats": []string{long, long + "1", long + "2", long + "3"}}, "Idempotency-Key", "k2")
	if r.Status != 400 || len(r.Body) > 600 {
		t.Fatalf("four 3 kB seat names: %d, %d bytes of answer, want 400 and a short one", r.Status, len(r.Body))
	}
	if n := idempotencyRows(t, s, u.ID); n != 1 {
		t.Fatalf("%d idempotency records, want only the booking's", n)
	}
}

// An idempotency record expires: an old key may be used again for a new request.
func TestIdempotencyRecordsExpire(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	u, tok := s.user("expiry")
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	var first podo.Reservation
	s.do("POST", path, tok, map[string]any{"seats": []string{"G1"}}, "Idempotency-Key", "old").decode(t, &first)
	if r := s.do("DELETE", fmt.Sprintf("/api/reservations/%d", first.ID), tok, nil); r.Status != 200 {
		t.Fatalf("cancel: %d", r.Status)
	}
	if _, err := s.DB.Exec("UPDATE idempotency_keys SET created_at = created_at - INTERVAL 25 HOUR WHERE user_id = ?", u.ID); err != nil {
		t.Fatal(err)
	}
	if r := s.do("POST", path, tok, map[string]any{"seats": []string{"G2"}}, "Idempotency-Key", "old"); r.Status != 201 || r.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("a new request under a day-old key: %d %s, want a fresh 201", r.Status, r.Body)
	}
}

// A client cannot pick its own address for the rate limits: X-Forwarded-For
// counts only as far as the trusted proxies in front of the service wrote it.
func TestRateLimitsCannotBeDodgedByForgingXForwardedFor(t *testing.T) {
	login := func(s *testServer, i int, xff string) int {
		return s.do("POST", "/api/auth/dev/login", "", map[string]string{"name": fmt.Sprintf("x%d", i)}, "X-Forwarded-For", xff).Status
	}
	direct := startServer(t, map[string]string{contract.EnvRateLimit: "on"})
	limited := 0
	for i := range 15 {
		if login(direct, i, fmt.Sprintf("198.51.100.%d", i)) == 429 {
			limited++
		}
	}
	if limited != 5 {
		t.Fatalf("no trusted proxy: %d of 15 logins with a fresh X-Forwarded-For each were limited, want 5", limited)
	}

	behind := startServer(t, map[string]string{contract.EnvRateLimit: "on", contract.EnvTrustedProxyHops: "1"})
	limited = 0
	for i := range 15 {
		// The client forges the first entry; the proxy appends what it saw.
		if login(behind, i, fmt.Sprintf("198.51.100.%d, 203.0.113.7", i)) == 429 {
			limited++
		}
	}
	if limited != 5 {
		t.Fatalf("behind one proxy: %d of 15 logins from one address with forged entries were limited, want 5", limited)
	}
	if st := login(behind, 99, "203.0.113.8"); st != 200 {
		t.Fatalf("another address behind the proxy: %d, want 200", st)
	}
}

// openStream opens a show's event stream from an address (behind one trusted proxy).
func openStream(t *testing.T, s *testServer, showID int64, addr string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/shows/%d/events", s.URL, showID), nil)
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// Live streams are capped per address and per replica, with a clear refusal.
func TestLiveStreamsAreCappedPerAddressAndPerReplica(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvTrustedProxyHops: "1", contract.EnvSSEPerAddress: "2", contract.EnvSSEPerReplica: "3"})
	show := s.show()
	for range 2 {
		if r := openStream(t, s, show.ID, "203.0.113.1"); r.StatusCode != 200 {
			t.Fatalf("stream within the cap: %d", r.StatusCode)
		}
	}
	r := openStream(t, s, show.ID, "203.0.113.1")
	if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("third stream from one address: %d (Retry-After %q), want 429 with Retry-After", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r := openStream(t, s, show.ID, "203.0.113.2"); r.StatusCode != 200 {
		t.Fatalf("another address: %d", r.StatusCode)
	}
	if r := openStream(t, s, show.ID, "203.0.113.3"); r.StatusCode != 503 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("a stream beyond the replica's cap: %d, want 503 with Retry-After", r.StatusCode)
	}
}
