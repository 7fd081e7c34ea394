package http

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/podo-tickets/podo/app/auth"
)

// Request ids: every request gets one (or keeps a well-formed one it brought), and the load
// balancer's trace id, so that logs, error bodies and alerts point at the same requests.

type ctxKey int

const ctxRequest ctxKey = iota

// requestInfo is what the middleware learns of a request, kept in its context
// once (each context value costs a copy of the request): its ids, set by
// requestIDs, and who sent it, set by authenticate before any handler runs.
type requestInfo struct {
	id, trace string // the request id; the load balancer's trace id, or ""
	route     string // the route's name, set by observe once the request is routed
	principal auth.Principal
	signedIn  bool  // principal is set
	authErr   error // why the token the request carried was refused
}

// infoOf is the request's requestInfo, or nil outside the middleware.
func infoOf(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(ctxRequest).(*requestInfo)
	return i
}

func requestID(ctx context.Context) string {
	if i := infoOf(ctx); i != nil {
		return i.id
	}
	return ""
}

// traceID is the load balancer's X-Amzn-Trace-Id of the request ("" when it
// came another way): it joins the ALB's view of a request to the service's logs.
func traceID(ctx context.Context) string {
	if i := infoOf(ctx); i != nil {
		return i.trace
	}
	return ""
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
	_, _ = cryptorand.Read(b)
	return hex.EncodeToString(b)
}

// newRequestID is 16 hex digits from the runtime's per-thread ChaCha8
// generator: an id need only be unlikely to repeat, not unguessable, and
// crypto/rand's system call costs every request more.
func newRequestID() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], rand.Uint64())
	return hex.EncodeToString(b[:])
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
			id = newRequestID()
		}
		w.Header()[headerRequestID] = []string{id} // a canonical key, assigned (writeBody)
		info := &requestInfo{id: id}
		if trace := r.Header.Get(headerTraceID); printable(trace, 128) {
			info.trace = trace
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxRequest, info)))
	})
}
