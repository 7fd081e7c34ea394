package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
)

// Request ids: every request gets one (or keeps a well-formed one it brought), and the load
// balancer's trace id, so that logs, error bodies and alerts point at the same requests.

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
