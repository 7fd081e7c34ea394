package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestTheSeatMapGoesOutGzippedToClientsThatTakeItAndFollowsEveryChange(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, token := s.user("gzip-buyer")
	get := func(acceptEncoding string) (http.Header, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/shows/%d/seats", s.URL, show.ID), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", acceptEncoding) // set by hand, so Go's client leaves the body as sent
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET seats: %d %v", res.StatusCode, err)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Vary %q: caches must keep the two encodings apart", res.Header.Get("Vary"))
		}
		return res.Header, b
	}
	gunzip := func(b []byte) []byte {
		t.Helper()
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for round, seat := range []string{"", "A1"} {
		if seat != "" {
			if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), token, map[string][]string{"seats": {seat}}); r.Status != http.StatusCreated {
				t.Fatalf("booking %s: %d %s", seat, r.Status, r.Body)
			}
		}
		h, plain := get("identity")
		if h.Get("Content-Encoding") != "" {
			t.Fatalf("round %d: Content-Encoding %q for a client that asked for none", round, h.Get("Content-Encoding"))
		}
		h, gz := get("gzip, deflate, br")
		if h.Get("Content-Encoding") != "gzip" || h.Get("Content-Length") != fmt.Sprint(len(gz)) {
			t.Fatalf("round %d: Content-Encoding %q, Content-Length %q for %d bytes; want gzip and its length", round, h.Get("Content-Encoding"), h.Get("Content-Length"), len(gz))
		}
		if got := gunzip(gz); !bytes.Equal(got, plain) {
			t.Fatalf("round %d: the gzipped map says %.80s…, the plain one %.80s…", round, got, plain)
		}
		if len(gz)*4 > len(plain) {
			t.Fatalf("round %d: gzip %d bytes of %d", round, len(gz), len(plain))
		}
		if seat != "" && !bytes.Contains(plain, []byte(`"name":"`+seat+`"`)) {
			t.Fatalf("the map has no seat %s", seat)
		}
	}
	if _, gz := get("gzip;q=0, identity"); bytes.HasPrefix(gz, []byte{0x1f, 0x8b}) {
		t.Fatal("gzip sent to a client that refused it (q=0)")
	}
}
