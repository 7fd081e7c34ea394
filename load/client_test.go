package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestAResponseCodeIsTheErrorsCode(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{http.StatusConflict, `{"error":{"code":"seat_taken","message":"이미 예약된 좌석입니다.","seats":["A1"],"requestId":"x"}}`, "seat_taken"},
		{http.StatusCreated, `{"error":{"code":"seat_taken"}}`, ""},
		{http.StatusBadGateway, `<html>bad gateway</html>`, ""},
	} {
		if got := (response{status: tc.status, body: []byte(tc.body)}).code(); got != tc.want {
			t.Errorf("%d %s: code %q, want %q", tc.status, tc.body, got, tc.want)
		}
	}
}

func TestTheFastClientSendsAnEncodedBodyAsItIsAndEncodesAnyOther(t *testing.T) {
	type got struct{ body, contentType string }
	seen := make(chan got, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen <- got{string(b), r.Header.Get("Content-Type")}
	}))
	defer srv.Close()
	f, err := newFastConn(srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, body := range []any{seatsJSON([]string{"B-12"}), seatsBody{Seats: []string{"B-12"}}} {
		if _, err := f.do(ctx, http.MethodPost, srv.URL+"/api/shows/1/reservations", "t", "", body, nil); err != nil {
			t.Fatal(err)
		}
		if g := <-seen; g.body != `{"seats":["B-12"]}` || g.contentType != "application/json" {
			t.Errorf("%T sent as %q (%s)", body, g.body, g.contentType)
		}
	}
}

func TestAnAnswerIsStampedWhenItArrivedNotWhenItWasRead(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	wrote := make(chan time.Time, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		wrote <- time.Now()
		io.WriteString(c, "answer")
		io.Copy(io.Discard, c)
	}()
	nc, err := dialStamped(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c := nc.(*stampConn)
	c.arm()
	sent := <-wrote
	time.Sleep(200 * time.Millisecond) // the answer waits in the socket, as it does behind a busy run queue
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	read := time.Now()
	if err != nil || string(buf[:n]) != "answer" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
	at := c.arrived()
	if at.IsZero() {
		t.Fatal("no arrival stamp")
	}
	// The clocks are the same machine's: the stamp is after the write began
	// and long before the read, which came 200 ms later.
	if at.Before(sent.Add(-time.Millisecond)) || read.Sub(at) < 100*time.Millisecond {
		t.Fatalf("stamped %v after the write and %v before the read", at.Sub(sent), read.Sub(at))
	}
}

func TestTheFastClientTellsWhenEachAnswerArrived(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	f, err := newFastConn(srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r, err := f.do(context.Background(), http.MethodGet, srv.URL+"/", "", "", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if end := r.began.Add(r.latency); r.arrived.Before(r.began) || r.arrived.After(end) {
			t.Fatalf("arrived %v, not between the request (%v) and its read (%v)", r.arrived, r.began, end)
		}
	}
}
