package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/contract"
)

type ctxKey int

const (
	ctxRequestID ctxKey = iota
	ctxTraceID
	ctxPrincipal
	ctxAuthErr
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxRequestID).(string)
	return id
}

// traceID is the load balancer's X-Amzn-Trace-Id of the request ("" when it
// came another way): it joins the ALB's view of a request to the service's logs.
func traceID(ctx context.Context) string {
	id, _ := ctx.Value(ctxTraceID).(string)
	return id
}

// requestAttrs are the log attributes that find a request: its route, its
// request id and its load balancer trace id.
func requestAttrs(r *http.Request) []any {
	attrs := []any{"method", r.Method, "route", routeName(r), "request_id", requestID(r.Context())}
	if id := traceID(r.Context()); id != "" {
		attrs = append(attrs, "trace_id", id)
	}
	return attrs
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// headerRequestID is the request id header: the caller's when sane, else
// minted, and echoed in every response (error bodies repeat it as requestId).
const headerRequestID = "X-Request-Id"

// headerTraceID is the trace header the AWS load balancer adds to each request.
const headerTraceID = "X-Amzn-Trace-Id"

// printable is a header value safe to log and echo: 1 to max visible ASCII characters.
func printable(v string, max int) bool {
	return len(v) > 0 && len(v) <= max && !strings.ContainsFunc(v, func(c rune) bool { return c < '!' || c > '~' })
}

// requestIDs gives every request an id, echoed in the response, and keeps the
// load balancer's trace id beside it for the logs.
func (s *Server) requestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(headerRequestID)
		if !printable(id, 64) {
			id = randomHex(8)
		}
		w.Header().Set(headerRequestID, id)
		ctx := context.WithValue(r.Context(), ctxRequestID, id)
		if trace := r.Header.Get(headerTraceID); printable(trace, 128) {
			ctx = context.WithValue(ctx, ctxTraceID, trace)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// recoverPanics turns a panic into a logged 500, with the stack the runbook
// asks for, instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				s.log.Error("panic", append(requestAttrs(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))...)
				s.Error(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// recorder remembers the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *recorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routePattern matches a path variable's regular expression, which metric labels leave out.
var routePattern = regexp.MustCompile(`\{([a-zA-Z]+):[^}]*\}`)

// routeNames caches routePattern's work: it runs for every request.
var routeNames sync.Map

// routeName is the route's pattern, such as /api/shows/{showId}/seats.
func routeName(r *http.Request) string {
	if route := mux.CurrentRoute(r); route != nil {
		if t, err := route.GetPathTemplate(); err == nil {
			if t == "/" {
				return "spa"
			}
			if name, ok := routeNames.Load(t); ok {
				return name.(string)
			}
			name := routePattern.ReplaceAllString(t, "{$1}")
			routeNames.Store(t, name)
			return name
		}
	}
	return "unmatched"
}

// observe measures and logs every request by its route pattern, never its raw path.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		s.metrics.HTTPInFlight.Inc()
		defer s.metrics.HTTPInFlight.Dec()
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		route := routeName(r)
		d := time.Since(start)
		s.metrics.HTTPDuration.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Observe(d.Seconds())
		if route == contract.MetricsPath || route == contract.LivenessPath || route == contract.ReadinessPath {
			return
		}
		attrs := append(requestAttrs(r), "status", rec.status, "duration_ms", d.Milliseconds())
		if p, ok := principal(r); ok {
			attrs = append(attrs, "user_id", p.UserID)
		}
		slow := d.Seconds() > contract.LatencySLOSeconds && route != contract.RouteSeatEvents
		switch {
		case rec.status >= 500:
			s.log.Warn("request", attrs...)
		case slow:
			// Slower than the latency SLO: the lines behind a latency alert.
			s.log.Info("slow request", append(attrs, "slo_ms", int64(contract.LatencySLOSeconds*1000))...)
		case rec.status == StatusClientClosedRequest:
			s.log.Info("request canceled by its client", attrs...)
		default:
			s.log.Debug("request", attrs...)
		}
	})
}

// Cookie names.
const (
	cookieAccess  = "podo_access"
	cookieRefresh = "podo_refresh"
	cookieCSRF    = "podo_csrf"
	cookieFlow    = "podo_oidc"
	headerCSRF    = "X-CSRF-Token"
)

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// authenticate finds the signed-in user from the Bearer header or the access
// cookie. It never refuses a request itself: handlers that need a user ask
// for one, and get the reason the token failed.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			if c, err := r.Cookie(cookieAccess); err == nil {
				token, ok = c.Value, true
			}
		}
		if ok {
			p, err := s.Tokens.Verify(token)
			ctx := r.Context()
			if err != nil {
				ctx = context.WithValue(ctx, ctxAuthErr, err)
			} else {
				ctx = context.WithValue(ctx, ctxPrincipal, p)
			}
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

func principal(r *http.Request) (auth.Principal, bool) {
	p, ok := r.Context().Value(ctxPrincipal).(auth.Principal)
	return p, ok
}

// user returns the signed-in user or the error to answer with.
func user(r *http.Request) (auth.Principal, error) {
	if p, ok := principal(r); ok {
		return p, nil
	}
	if err, ok := r.Context().Value(ctxAuthErr).(error); ok {
		return auth.Principal{}, err
	}
	return auth.Principal{}, podo.Errorf(podo.EUnauthorized, "Please sign in first.")
}

// signedIn hands h the signed-in user, or answers 401 with why there is none.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := user(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		h(w, r, p)
	}
}

// admin lets only admins through.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		if p.Role != podo.RoleAdmin {
			s.Error(w, r, podo.Errorf(podo.EForbidden, "Only admins can do this."))
			return
		}
		h(w, r)
	})
}

// csrf makes sure a state-changing request that carries session cookies comes
// from our own pages: it must repeat the podo_csrf cookie in the X-CSRF-Token
// header, which another site can neither read nor set. Requests without
// session cookies (a Bearer token, or nobody signed in) carry no ambient
// credentials and need no such proof. Every response sets the cookie when the
// browser lacks it.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(cookieCSRF)
		if _, ok := bearer(r); ok && !hasSessionCookie(r) {
			next.ServeHTTP(w, r) // an API client: no cookies to protect, none to hand out
			return
		}
		if err != nil || len(c.Value) < 16 {
			c = &http.Cookie{Name: cookieCSRF, Value: randomHex(16), Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies}
			http.SetCookie(w, c)
			w.Header().Set(headerCSRF, c.Value)
			c.Value = "" // a cookie minted now cannot have been echoed yet
		} else {
			// Also in a header, for an SPA served from another origin of the same
			// site, which cannot read this origin's cookies but may read headers it is allowed.
			w.Header().Set(headerCSRF, c.Value)
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if hasSessionCookie(r) {
				h := r.Header.Get(headerCSRF)
				if c.Value == "" || subtle.ConstantTimeCompare([]byte(h), []byte(c.Value)) != 1 {
					s.Error(w, r, podo.Errorf(podo.ECSRF, "This request lacks a valid %s header. Reload the page and try again.", headerCSRF))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func hasSessionCookie(r *http.Request) bool {
	for _, name := range []string{cookieAccess, cookieRefresh} {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return false
}

// cors lets the configured origins (the SPA on its own domain) call the API with credentials.
func (s *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && slices.Contains(s.AllowedOrigins, origin) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", headerCSRF+", "+headerRequestID)
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
				h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, Idempotency-Key, "+headerPass+", "+headerCSRF)
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, podo.Errorf(podo.ENotFound, "There is nothing at %s %s.", r.Method, r.URL.Path))
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET")
	s.Error(w, r, podo.Errorf(podo.ENotFound, "There is nothing at %s %s.", r.Method, r.URL.Path))
}
