package http

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/metrics"
)

// The CSRF token guards session cookies: a browser gets one where it signs in
// or once it has a session, and an anonymous read of a public page, the seat
// map thousands fetch at an on-sale, sets no cookie at all.
func TestCSRFTokenIsHandedOutWhereItCanBeNeededAndNowhereElse(t *testing.T) {
	tokens := auth.NewTokens(bytes.Repeat([]byte("k"), 32))
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"), nil, seatMapOnly{body: []byte(`{"seats":[]}`)}, nil, nil, tokens, nil, Options{MaxInFlight: 8})
	h := s.Handler()
	for _, c := range []struct {
		name, method, path, cookie string
		wantToken                  bool
	}{
		{"an anonymous seat map read", "GET", "/api/shows/1/seats", "", false},
		{"an anonymous read of the SPA", "GET", "/shows/1", "", false},
		{"the sign-in configuration, where the SPA asks for a token", "GET", "/api/auth/config", "", true},
		{"a sign-in post", "POST", "/api/auth/dev/login", "", true},
		{"a seat map read by a browser with a session", "GET", "/api/shows/1/seats", cookieAccess + "=expired-or-not", true},
		{"a read by a browser with only its refresh cookie", "GET", "/api/shows/1/seats", cookieRefresh + "=r", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(`{"name":"x"}`))
			if c.cookie != "" {
				req.Header.Set("Cookie", c.cookie)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			var minted *http.Cookie
			for _, ck := range w.Result().Cookies() {
				if ck.Name == cookieCSRF {
					minted = ck
				}
			}
			header := w.Header().Get(headerCSRF)
			if got := minted != nil; got != c.wantToken {
				t.Fatalf("%s %s (cookie %q): CSRF cookie set %v, want %v (status %d, headers %v)", c.method, c.path, c.cookie, got, c.wantToken, w.Code, w.Header())
			}
			if c.wantToken && (len(minted.Value) < 32 || header != minted.Value) {
				t.Fatalf("token %q, header %q: want the same token, 32 hex digits, in both", minted.Value, header)
			}
			if !c.wantToken && header != "" {
				t.Fatalf("no cookie, yet the %s header says %q", headerCSRF, header)
			}
		})
	}
}

// A browser that has its token gets it repeated in the header on every
// answer, signed in or not (an SPA on another origin reads it there).
func TestCSRFTokenTheBrowserHasIsRepeatedAndNotReplaced(t *testing.T) {
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"), nil, seatMapOnly{body: []byte(`{}`)}, nil, nil, nil, nil, Options{MaxInFlight: 8})
	req := httptest.NewRequest("GET", "/api/shows/1/seats", nil)
	tok := strings.Repeat("ab", 16)
	req.Header.Set("Cookie", cookieCSRF+"="+tok)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	if w.Header().Get(headerCSRF) != tok || len(w.Result().Cookies()) != 0 {
		t.Fatalf("header %q, cookies %v: want the browser's own token repeated and no new cookie", w.Header().Get(headerCSRF), w.Result().Cookies())
	}
}
