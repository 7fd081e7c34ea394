package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/rueidis"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/mysql"
	"github.com/podo-tickets/podo/app/podotest"
)

// testRedisDB is the Redis database these tests own and flush; the service's
// pub/sub channel is named after it too, so other runs on the machine stay apart.
// PODO_TEST_REDIS_DB moves it, so that two checkouts can run their tests at once.
var testRedisDB = orDefault(os.Getenv("PODO_TEST_REDIS_DB"), "9")

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// keepRedis in startServer's env keeps what Redis holds from earlier servers.
const keepRedis = "test:keep-redis"

const testSecret = "test-signing-key-of-at-least-32-bytes!!"

// testServer is a real podo service started through run, on a fresh MySQL
// database and a flushed Redis database, with a direct handle on MySQL for
// checking what was stored.
type testServer struct {
	t    testing.TB
	URL  string
	DB   *mysql.DB
	env  map[string]string
	stop context.CancelFunc
	done chan error
	out  *bytes.Buffer
}

func flushRedis(t testing.TB, addr, db string) {
	t.Helper()
	n := 0
	fmt.Sscan(db, &n)
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, SelectDB: n, DisableCache: true})
	if err != nil {
		t.Fatalf("redis at %s: %v", addr, err)
	}
	defer c.Close()
	if err := c.Do(context.Background(), c.B().Flushdb().Build()).Error(); err != nil {
		t.Fatal(err)
	}
}

// startServer starts the service with the test defaults overridden by env.
func startServer(t testing.TB, env map[string]string) *testServer {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	dbName := "podo_t_" + hex.EncodeToString(b)
	addr := podotest.MustFreeAddr(t)
	e := map[string]string{
		contract.EnvHTTPAddr:    addr,
		contract.EnvMySQLDSN:    "root@tcp(127.0.0.1:3306)/" + dbName,
		contract.EnvRedisAddr:   "127.0.0.1:6379",
		contract.EnvRedisDB:     testRedisDB,
		contract.EnvJWTSecret:   testSecret,
		contract.EnvDevLogin:    "true",
		contract.EnvRateLimit:   "off",
		contract.EnvLogLevel:    "warn",
		contract.EnvAdminEmails: "admin@dev.podo.local",
	}
	e[contract.EnvPublicURL] = "http://" + addr
	for k, v := range env {
		e[k] = v
	}
	if e[contract.EnvRedisAddr] == "127.0.0.1:6379" && e[keepRedis] == "" {
		flushRedis(t, e[contract.EnvRedisAddr], e[contract.EnvRedisDB])
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{t: t, URL: "http://" + addr, env: e, stop: cancel, done: make(chan error, 1), out: &bytes.Buffer{}}
	go func() {
		s.done <- run(ctx, []string{"serve"}, func(k string) string { return e[k] }, &lockedWriter{w: s.out})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.URL + contract.ReadinessPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("service exited: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("service not ready in 20s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	db, err := mysql.Open(context.Background(), e[contract.EnvMySQLDSN], 8)
	if err != nil {
		t.Fatal(err)
	}
	s.DB = db
	t.Cleanup(func() {
		s.Stop()
		db.Drop(context.Background())
		db.Close()
		if t.Failed() && os.Getenv("PODO_TEST_LOGS") != "" {
			t.Log(s.out.String())
		}
	})
	return s
}

// Stop shuts the service down gracefully and waits for run to return.
func (s *testServer) Stop() {
	s.stop()
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("run: %v", err)
		}
		s.done <- nil
	case <-time.After(15 * time.Second):
		s.t.Error("service did not stop in 15s")
	}
}

// lockedWriter lets the service's log go to one buffer from many goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// user creates a user in MySQL and returns a Bearer token for them, as the
// load tool does, so a test can have hundreds of users without signing in.
func (s *testServer) user(name string) (podo.User, string) {
	s.t.Helper()
	u, err := s.DB.UpsertUser(context.Background(), podo.Identity{Provider: "dev", Subject: name, Name: name, Email: name + "@dev.podo.local"}, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return u, s.tokenFor(u)
}

// tokenFor returns a Bearer token for an existing user.
func (s *testServer) tokenFor(u podo.User) string {
	tok, _, err := auth.NewTokens([]byte(testSecret)).Issue(u, "test")
	if err != nil {
		s.t.Fatal(err)
	}
	return tok
}

// show creates a show with the default 140-seat hall.
func (s *testServer) show() podo.Show {
	s.t.Helper()
	sh, err := s.DB.CreateShow(context.Background(), podo.ShowInput{Title: "Test show", Date: time.Now().AddDate(0, 0, 7).Format(time.DateOnly), StartTime: "19:00", EndTime: "21:00", Venue: "Hall", Price: 50000})
	if err != nil {
		s.t.Fatal(err)
	}
	return sh
}

// response is what a test reads back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) code() string {
	var e struct {
		Error struct {
			Code  string   `json:"code"`
			Seats []string `json:"seats"`
		} `json:"error"`
	}
	json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 600, MaxConnsPerHost: 0}}

// do sends a request with an optional Bearer token and JSON body.
func (s *testServer) do(method, path, token string, body any, headers ...string) response {
	s.t.Helper()
	return doWith(s.t, client, method, s.URL+path, token, body, headers...)
}

func doWith(t testing.TB, c *http.Client, method, url, token string, body any, headers ...string) response {
	req, err := podotest.NewRequest(context.Background(), method, url, token, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return response{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	checkAgainstOpenAPI(t, req, resp.StatusCode, resp.Header, b)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// browser returns a client with a cookie jar, as a browser session.
func browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// checkCounters asserts that a show's counter equals the seat rows and the reservations' seat counts.
func (s *testServer) checkCounters(showID int64) int {
	s.t.Helper()
	var counter, rows, sum, distinct int
	err := s.DB.QueryRow(`SELECT (SELECT COALESCE(SUM(reserved), 0) FROM show_counters WHERE show_id = s.id),
		(SELECT COUNT(*) FROM reservation_seats WHERE show_id = s.id),
		(SELECT COUNT(DISTINCT seat_name) FROM reservation_seats WHERE show_id = s.id),
		(SELECT COALESCE(SUM(seat_count), 0) FROM reservations WHERE show_id = s.id AND active = 1)
		FROM shows s WHERE s.id = ?`, showID).Scan(&counter, &rows, &distinct, &sum)
	if err != nil {
		s.t.Fatal(err)
	}
	if counter != rows || rows != sum || rows != distinct {
		s.t.Fatalf("show %d: counter %d, seat rows %d (distinct %d), reserved seat_count %d: they must agree", showID, counter, rows, distinct, sum)
	}
	return counter
}
