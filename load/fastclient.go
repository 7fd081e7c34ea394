package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// fastConn is one simulated browser's keep-alive connection for the hot
// loop of a sale. net/http's client hands every request to two goroutines of
// its connection and back, which on this machine's two shared cores took as
// much CPU as the service it measures; fasthttp writes and reads in the
// caller's goroutine, so the tool takes less of the cores it shares.
type fastConn struct {
	hc *fasthttp.HostClient

	mu    sync.Mutex
	conns []*stampConn // the connections open, to read when answers arrived
}

func newFastConn(base string, timeout time.Duration) (*fastConn, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	f := &fastConn{}
	f.hc = &fasthttp.HostClient{
		Addr: u.Host,
		Dial: func(addr string) (net.Conn, error) {
			c, err := dialStamped(addr)
			if err == nil {
				f.mu.Lock()
				f.conns = append(slices.DeleteFunc(f.conns, func(c *stampConn) bool { return c.closed.Load() }), c.(*stampConn))
				f.mu.Unlock()
			}
			return c, err
		},
		MaxConns:                 2,
		MaxIdleConnDuration:      90 * time.Second,
		ReadTimeout:              timeout,
		WriteTimeout:             timeout,
		NoDefaultUserAgentHeader: true,
	}
	return f, nil
}

// do sends one request as client.do does: JSON body (a []byte is sent as it
// is), Bearer token, extra headers.
func (f *fastConn) do(ctx context.Context, method, uri, token, forwardedFor string, body any, header map[string]string) (response, error) {
	req, res := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(res)
	req.Header.SetMethod(method)
	req.SetRequestURI(uri)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		b, ok := body.([]byte) // already JSON (see seatsJSON)
		if !ok {
			var err error
			if b, err = json.Marshal(body); err != nil {
				return response{}, err
			}
		}
		req.Header.SetContentType("application/json")
		req.SetBodyRaw(b)
	}
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	deadline := time.Now().Add(f.hc.ReadTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	f.mu.Lock()
	for _, c := range f.conns {
		c.arm()
	}
	f.mu.Unlock()
	r := response{began: time.Now()}
	err := f.hc.DoDeadline(req, res, deadline)
	r.latency = time.Since(r.began)
	f.mu.Lock()
	for _, c := range f.conns {
		if at := c.arrived(); !at.IsZero() && (r.arrived.IsZero() || at.Before(r.arrived)) {
			r.arrived = at
		}
	}
	f.mu.Unlock()
	if err != nil {
		return r, err
	}
	r.status = res.StatusCode()
	r.body = append([]byte(nil), res.Body()...)
	if ra := res.Header.Peek("Retry-After"); len(ra) > 0 {
		r.header = http.Header{"Retry-After": {string(ra)}}
	}
	return r, nil
}
