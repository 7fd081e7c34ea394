package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

func TestBadInputGetsAClearError(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, tok := s.user("input")
	reserve := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	cases := []struct {
		name, method, path, token string
		body                      any
		status                    int
		code                      string
	}{
		{"unknown show", "POST", "/api/shows/9999/reservations", tok, `{"seats":["A1"]}`, 404, podo.ENotFound},
		{"seat outside the naming scheme", "POST", reserve, tok, `{"seats":["Z99"]}`, 400, podo.EInvalid},
		{"seat outside this hall", "POST", reserve, tok, `{"seats":["K1"]}`, 400, podo.EInvalid},
		{"lowercase seat", "POST", reserve, tok, `{"seats":["a1"]}`, 400, podo.EInvalid},
		{"empty list", "POST", reserve, tok, `{"seats":[]}`, 400, podo.EInvalid},
		{"too many seats", "POST", reserve, tok, `{"seats":["A1","A2","A3","A4","A5"]}`, 400, podo.EInvalid},
		{"same seat twice", "POST", reserve, tok, `{"seats":["A1","A1"]}`, 400, podo.EInvalid},
		{"malformed JSON", "POST", reserve, tok, `{"seats":["A1"`, 400, podo.EInvalid},
		{"empty body", "POST", reserve, tok, ``, 400, podo.EInvalid},
		{"two JSON values", "POST", reserve, tok, `{"seats":["A1"]}{}`, 400, podo.EInvalid},
		{"unknown field", "POST", reserve, tok, `{"seats":["A1"],"seat":"A1"}`, 400, podo.EInvalid},
		{"wrong type", "POST", reserve, tok, `{"seats":"A1"}`, 400, podo.EInvalid},
		{"oversized body", "POST", reserve, tok, `{"seats":["` + strings.Repeat("A", 20000) + `"]}`, 413, podo.EPayloadTooLarge},
		{"missing auth", "POST", reserve, "", `{"seats":["A1"]}`, 401, podo.EUnauthorized},
		{"my reservations without auth", "GET", "/api/me/reservations", "", nil, 401, podo.EUnauthorized},
		{"hold without auth", "PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), "", `{"seats":["A1"]}`, 401, podo.EUnauthorized},
		{"hold without seats", "PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), tok, `{}`, 400, podo.EInvalid},
		{"bad sort", "GET", "/api/shows?sort=random", "", nil, 400, podo.EInvalid},
		{"bad page", "GET", "/api/shows?page=0", "", nil, 400, podo.EInvalid},
		{"huge page size", "GET", "/api/shows?pageSize=1000", "", nil, 400, podo.EInvalid},
		{"mine without auth", "GET", "/api/shows?mine=true", "", nil, 401, podo.EUnauthorized},
		{"unknown show details", "GET", "/api/shows/9999", "", nil, 404, podo.ENotFound},
		{"unknown seat map", "GET", "/api/shows/9999/seats", "", nil, 404, podo.ENotFound},
		{"unknown API path", "GET", "/api/nothing", "", nil, 404, podo.ENotFound},
		{"cancel of nothing", "DELETE", "/api/reservations/9999", tok, nil, 404, podo.ENotFound},
		{"admin route as a user", "POST", "/api/admin/shows", tok, `{"title":"x"}`, 403, podo.EForbidden},
		{"too long idempotency key", "POST", reserve, tok, `{"seats":["A1"]}`, 400, podo.EInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var headers []string
			if c.name == "too long idempotency key" {
				headers = []string{"Idempotency-Key", strings.Repeat("k", 200)}
			}
			r := s.do(c.method, c.path, c.token, c.body, headers...)
			if r.Status != c.status || r.code() != c.code {
				t.Fatalf("%d %s, want %d %s", r.Status, r.Body, c.status, c.code)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Fatalf("Content-Type %q", ct)
			}
		})
	}
	if n := s.checkCounters(show.ID); n != 0 {
		t.Fatalf("bad input booked %d seats", n)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvRateLimit: "on"})
	limited := 0
	for i := 0; i < 15; i++ {
		r := s.do("POST", "/api/auth/dev/login", "", map[string]string{"name": fmt.Sprintf("r%d", i)})
		if r.Status == http.StatusTooManyRequests {
			limited++
			if r.code() != podo.ERateLimited || r.Header.Get("Retry-After") == "" {
				t.Fatalf("429 without code or Retry-After: %s %v", r.Body, r.Header)
			}
		} else if r.Status != 200 {
			t.Fatalf("login %d: %d %s", i, r.Status, r.Body)
		}
	}
	if limited != 5 {
		t.Fatalf("%d of 15 quick logins from one address were limited, want 5 (burst 10)", limited)
	}
	if metric(t, s, contract.MetricRateLimited) != 5 {
		t.Fatalf("rate-limited metric = %v", metric(t, s, contract.MetricRateLimited))
	}
}

func TestHealthAndMetrics(t *testing.T) {
	s := startServer(t, nil)
	if r := s.do("GET", contract.LivenessPath, "", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}
	var h struct{ Status, MySQL, Redis string }
	s.do("GET", contract.ReadinessPath, "", nil).decode(t, &h)
	if h.Status != "ok" || h.MySQL != "up" || h.Redis != "up" {
		t.Fatalf("readiness = %+v", h)
	}
	show := s.show()
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil)
	body := string(s.do("GET", contract.MetricsPath, "", nil).Body)
	for _, want := range []string{
		contract.MetricHTTPRequestDuration + `_count{method="GET",route="/api/shows/{showId}/seats",status="200"}`,
		contract.MetricRedisUp + " 1",
		contract.MetricDBOpenConnections + `{db_name="podo"}`,
		contract.MetricReservations + `{outcome="reserved"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if r := s.do("GET", contract.OpenAPIPath, "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "openapi: 3") {
		t.Fatalf("openapi: %d", r.Status)
	}
}

// A method a path does not take answers 405 with the methods it does take.
func TestAWrongMethodAnswers405WithTheTrueAllow(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	for _, c := range []struct{ method, path, allow string }{
		{"POST", fmt.Sprintf("/api/shows/%d", show.ID), "GET"},
		{"DELETE", fmt.Sprintf("/api/shows/%d/reservations", show.ID), "POST"},
		{"POST", fmt.Sprintf("/api/shows/%d/hold", show.ID), "GET, PUT, DELETE"},
	} {
		req, _ := http.NewRequest(c.method, s.URL+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code string } `json:"error"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != c.allow || body.Error.Code != podo.EMethodNotAllowed {
			t.Errorf("%s %s: %d, Allow %q, code %q; want 405, Allow %q, %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body.Error.Code, c.allow, podo.EMethodNotAllowed)
		}
	}
}
