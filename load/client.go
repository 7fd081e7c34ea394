package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app/podotest"
	"golang.org/x/sync/errgroup"
)

// client speaks the Podo API as the SPA does, with a Bearer token from the
// development login instead of cookies.
type client struct {
	base string
	http *http.Client
	// forwardedFor, when set, is sent as X-Forwarded-For: the address a load
	// balancer in front of the service would report for this user.
	forwardedFor string
	// fast, when set, carries the requests instead of http (see fastConn).
	fast *fastConn
}

// newClient refuses any target that is not this machine: the tool must never
// load someone else's service.
func newClient(target string, conns int) (*client, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	if err := loopbackOnly(u.Hostname()); err != nil {
		return nil, err
	}
	return &client{base: strings.TrimRight(target, "/"), http: &http.Client{Transport: loadTransport(conns), Timeout: 30 * time.Second}}, nil
}

func loopbackOnly(host string) error {
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("target host %q: %w", host, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("target host %q is not a loopback address; podo-load only sends traffic to 127.0.0.1", host)
		}
	}
	return nil
}

// loadTransport keeps one idle connection per simulated user so users do not
// pay a TCP handshake per request, as browsers with keep-alive do not.
func loadTransport(conns int) *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// perUser gives each of n users a client with its own connection, as each
// browser in a real sale has, so users do not queue behind each other for a
// connection from one shared pool. With ownAddresses each user also appears
// to come from its own address (10.x.y.z), as users behind the production
// load balancer do, so per-IP rate limits see 5,000 people and not one host.
func (c *client) perUser(n int, ownAddresses bool) []*client {
	out := make([]*client, n)
	for i := range out {
		out[i] = &client{base: c.base, http: &http.Client{Transport: loadTransport(2), Timeout: c.http.Timeout}}
		if ownAddresses {
			out[i].forwardedFor = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		}
	}
	return out
}

// perUserFast is perUser with each user's requests carried by fasthttp.
func (c *client) perUserFast(n int, ownAddresses bool) ([]*client, error) {
	out := c.perUser(n, ownAddresses)
	for _, u := range out {
		f, err := newFastConn(c.base, c.http.Timeout)
		if err != nil {
			return nil, err
		}
		u.fast = f
	}
	return out, nil
}

// response is what a call returned: status, body and how long it took.
type response struct {
	status  int
	body    []byte
	header  http.Header
	began   time.Time
	latency time.Duration
	arrived time.Time // when the answer's first bytes reached the tool's socket (fast client only); zero if unknown
}

// code is the error code of a non-2xx response, or "" when there is none.
func (r response) code() string {
	if r.status < 300 {
		return ""
	}
	// Every Podo error is {"error":{"code":…,"message":…}}. Only the code is
	// kept (a sale reads thousands of refusals at once, on the service's cores).
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(r.body, &e) == nil {
		return e.Error.Code
	}
	return ""
}

func (c *client) do(ctx context.Context, method, path, token string, body any, header map[string]string) (response, error) {
	if c.fast != nil {
		return c.fast.do(ctx, method, c.base+path, token, c.forwardedFor, body, header)
	}
	req, err := podotest.NewRequest(ctx, method, c.base+path, token, body)
	if err != nil {
		return response{}, err
	}
	if c.forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", c.forwardedFor)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	r := response{began: time.Now()}
	res, err := c.http.Do(req)
	if err != nil {
		r.latency = time.Since(r.began)
		return r, err
	}
	defer res.Body.Close()
	r.body, err = io.ReadAll(res.Body)
	r.latency = time.Since(r.began)
	r.status, r.header = res.StatusCode, res.Header
	return r, err
}

// getJSON fetches path and decodes a 200 answer into v.
func (c *client) getJSON(ctx context.Context, path, token string, v any) error {
	r, err := c.do(ctx, http.MethodGet, path, token, nil, nil)
	if err != nil {
		return err
	}
	if r.status != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, r.status, bytes.TrimSpace(r.body))
	}
	return json.Unmarshal(r.body, v)
}

// seatsBody is the body of a hold or a reservation: a struct, which
// encoding/json writes in a third of the time a map takes (the map was a
// tenth of the tool's CPU in a sale, on the cores it shares with the service).
type seatsBody struct {
	Seats []string `json:"seats"`
}

// seatsJSON is the body of a reservation of seats, encoded: a sale encodes
// each user's first one before the release, so the burst's own cost on the
// tool's side is the request and not its encoding.
func seatsJSON(seats []string) []byte {
	b, _ := json.Marshal(seatsBody{Seats: seats}) // a struct of strings always encodes
	return b
}

// session is a signed-in user.
type session struct {
	Name   string
	UserID int64
	Token  string
}

// login signs in through the development login, retrying while the service
// answers 429 or 5xx so that a rate-limited or recovering service still lets
// a run start.
func (c *client) login(ctx context.Context, name string) (session, error) {
	var last error
	for attempt := 0; attempt < 20; attempt++ {
		r, err := c.do(ctx, http.MethodPost, "/api/auth/dev/login", "", map[string]string{"name": name}, nil)
		switch {
		case err != nil:
			last = err
		case r.status == http.StatusOK:
			var s struct {
				User struct {
					ID int64 `json:"id"`
				} `json:"user"`
				AccessToken string `json:"accessToken"`
			}
			if err := json.Unmarshal(r.body, &s); err != nil {
				return session{}, err
			}
			if s.AccessToken == "" {
				return session{}, errors.New("dev login returned no accessToken")
			}
			return session{Name: name, UserID: s.User.ID, Token: s.AccessToken}, nil
		case r.status == http.StatusTooManyRequests || r.status >= 500:
			last = fmt.Errorf("dev login: %d %s", r.status, bytes.TrimSpace(r.body))
		default:
			return session{}, fmt.Errorf("dev login as %q: %d %s", name, r.status, bytes.TrimSpace(r.body))
		}
		select {
		case <-ctx.Done():
			return session{}, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 100 * time.Millisecond):
		}
	}
	return session{}, last
}

// loginMany signs in n users named prefix-0 … prefix-(n-1), 32 at a time.
func (c *client) loginMany(ctx context.Context, prefix string, n int) ([]session, error) {
	return parallel(ctx, n, 32, func(ctx context.Context, i int) (session, error) {
		return c.login(ctx, fmt.Sprintf("%s-%d", prefix, i))
	})
}

// parallel runs do for 0 … n-1, limit at a time, and stops at the first error.
func parallel[T any](ctx context.Context, n, limit int, do func(context.Context, int) (T, error)) ([]T, error) {
	out := make([]T, n)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i := range n {
		g.Go(func() error {
			v, err := do(ctx, i)
			out[i] = v
			return err
		})
	}
	return out, g.Wait()
}

// show is the part of a Podo show the tool needs.
type show struct {
	ID         int64 `json:"id"`
	TotalSeats int   `json:"totalSeats"`
	Reserved   int   `json:"reservedSeats"`
}

// showInput is the body of POST /api/admin/shows.
type showInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Date        string `json:"date"`
	StartTime   string `json:"startTime"`
	EndTime     string `json:"endTime"`
	Venue       string `json:"venue"`
	Price       int64  `json:"price"`
}

// createShow adds a show with the default 140-seat hall, retrying through outages.
func (c *client) createShow(ctx context.Context, admin session, title string) (show, error) {
	// A future date: a show that has started can no longer be booked.
	in := showInput{Title: title, Description: "created by podo-load", Date: time.Now().AddDate(0, 0, 30).Format(time.DateOnly),
		StartTime: "19:00", EndTime: "21:30", Venue: "Load Test Hall", Price: 90000}
	var last error
	for attempt := 0; attempt < 50; attempt++ {
		r, err := c.do(ctx, http.MethodPost, "/api/admin/shows", admin.Token, in, nil)
		switch {
		case err != nil:
			last = err
		case r.status == http.StatusCreated:
			var s show
			return s, json.Unmarshal(r.body, &s)
		case r.status >= 500 || r.status == http.StatusTooManyRequests:
			last = fmt.Errorf("create show: %d %s", r.status, bytes.TrimSpace(r.body))
		default:
			return show{}, fmt.Errorf("create show: %d %s", r.status, bytes.TrimSpace(r.body))
		}
		select {
		case <-ctx.Done():
			return show{}, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return show{}, last
}

// createShows adds n shows, 8 at a time.
func (c *client) createShows(ctx context.Context, admin session, prefix string, n int) ([]show, error) {
	return parallel(ctx, n, 8, func(ctx context.Context, i int) (show, error) {
		return c.createShow(ctx, admin, fmt.Sprintf("%s %d", prefix, i+1))
	})
}

// seat is one seat of a seat map.
type seat struct {
	Name   string `json:"name"`
	Row    string `json:"row"`
	Status string `json:"status"`
}

// seatMap is GET /api/shows/{id}/seats.
type seatMap struct {
	ShowID int64    `json:"showId"`
	Rows   []string `json:"rows"`
	Seats  []seat   `json:"seats"`
}

// available lists free seats by row, in seat order.
func (m seatMap) available() map[string][]string {
	out := map[string][]string{}
	for _, s := range m.Seats {
		if s.Status == "available" {
			out[s.Row] = append(out[s.Row], s.Name)
		}
	}
	return out
}
