package main

import (
	"context"
	"io"
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
