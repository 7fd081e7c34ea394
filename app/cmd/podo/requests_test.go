package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// A user who gives up on a slow reservation (closes the tab, loses the
// network) is not a server failure: the request is recorded as 499, logged
// at info, and never as a 500 or an ERROR "request failed" line, which would
// page on-call for people's patience.
func TestAClientThatHangsUpIsRecordedAs499NotAsAServerError(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvLogLevel: "info"})
	show := s.show()
	_, token := s.user("impatient")

	// MySQL is slow: the table every booking writes is locked by someone else.
	ctx := context.Background()
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LOCK TABLES show_counters WRITE"); err != nil {
		t.Fatal(err)
	}
	unlocked := false
	unlock := func() {
		if !unlocked {
			unlocked = true
			if _, err := conn.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
				t.Error(err)
			}
		}
	}
	defer unlock()

	reqCtx, hangUp := context.WithCancel(ctx)
	defer hangUp()
	req, _ := http.NewRequestWithContext(reqCtx, "POST", fmt.Sprintf("%s/api/shows/%d/reservations", s.URL, show.ID),
		strings.NewReader(`{"seats":["A1"]}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	sent := make(chan error, 1)
	go func() {
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		sent <- err
	}()

	// Hang up once the reservation waits on MySQL.
	waitFor(t, "the reservation to wait on the locked table", func() bool {
		var n int
		err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.PROCESSLIST
			WHERE DB = DATABASE() AND STATE LIKE 'Waiting for table%'`).Scan(&n)
		return err == nil && n > 0
	})
	hangUp()
	if err := <-sent; err == nil {
		t.Fatal("the request finished before the client hung up")
	}
	unlock()

	route := `route="/api/shows/{showId}/reservations"`
	canceled := contract.MetricHTTPRequestDuration + `_count{method="POST",` + route + `,status="499"}`
	waitFor(t, "the request to be recorded", func() bool {
		return strings.Contains(string(s.do("GET", contract.MetricsPath, "", nil).Body), canceled)
	})
	metrics := string(s.do("GET", contract.MetricsPath, "", nil).Body)
	if strings.Contains(metrics, `status="500"`) {
		t.Errorf("a request was recorded as 500:\n%s", grepLines(metrics, `status="500"`))
	}

	s.Stop() // no more log lines are written: the log can be read
	var sawCancel bool
	for _, line := range strings.Split(s.out.String(), "\n") {
		var l struct {
			Level  string
			Msg    string
			Status int
		}
		if json.Unmarshal([]byte(line), &l) != nil {
			continue
		}
		if l.Level == "ERROR" || l.Level == "WARN" {
			t.Errorf("a client hanging up was logged at %s: %s", l.Level, line)
		}
		if l.Status == 499 && l.Level == "INFO" {
			sawCancel = true
		}
	}
	if !sawCancel {
		t.Errorf("no INFO line with status 499 in the log:\n%s", s.out.String())
	}
}

// Every error response names its request (header and body alike), and the
// service's log line for it carries that id and the load balancer's trace id.
func TestErrorResponsesCarryTheRequestIDTheLogsCarry(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvLogLevel: "debug"})
	trace := "Root=1-67891233-abcdef012345678912345678"

	r := s.do("GET", "/api/shows/999999999", "", nil, "X-Amzn-Trace-Id", trace)
	var body struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	r.decode(t, &body)
	id := r.Header.Get("X-Request-Id")
	if r.Status != 404 || body.Error.Code != "not_found" || body.Error.Message == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if id == "" || body.Error.RequestID != id {
		t.Errorf("header X-Request-Id %q, body requestId %q: want the same id in both", id, body.Error.RequestID)
	}

	mine := s.do("GET", "/api/nothing-here", "", nil, "X-Request-Id", "support-ticket-42")
	if got := mine.Header.Get("X-Request-Id"); got != "support-ticket-42" || !strings.Contains(string(mine.Body), `"requestId":"support-ticket-42"`) {
		t.Errorf("the caller's request id: header %q, body %s", got, mine.Body)
	}

	s.Stop()
	log := s.out.String()
	line := grepLines(log, `"request_id":"`+id+`"`)
	if !strings.Contains(line, `"trace_id":"`+trace+`"`) || !strings.Contains(line, `"status":404`) {
		t.Errorf("the request's log line lacks its trace id or status: %q", line)
	}
}

// Cross-origin, the SPA can read the request id only if CORS exposes it.
func TestTheSPAOnAnotherOriginCanReadTheRequestID(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvAllowedOrigins: "https://podo.example"})
	r := s.do("GET", "/api/shows/999999999", "", nil, "Origin", "https://podo.example")
	exposed := r.Header.Get("Access-Control-Expose-Headers")
	if !strings.Contains(exposed, "X-Request-Id") {
		t.Errorf("Access-Control-Expose-Headers = %q", exposed)
	}
}

// waitFor polls until ok, failing the test after 20 seconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	podotest.WaitFor(t, what, 20*time.Second, func() (bool, string) { return ok(), "not yet" })
}

func grepLines(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
