package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// Benchmarks of the hot paths through the real service over loopback HTTP,
// with allocations. They print figures; nothing here asserts a timing.
//
//	go test ./cmd/podo -run '^$' -bench . -benchmem

// readLoop hits url from parallel clients and reports requests per second.
func readLoop(b *testing.B, url string) {
	// No gzip: both servers send the same bytes (Podo gzips its seat map for clients that take it).
	tr := &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}
	c := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := c.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkSeatMap compares Podo's cached seat map with a bare net/http
// handler writing the same bytes, on the same machine in the same run.
func BenchmarkSeatMap(b *testing.B) {
	s := startServer(b, map[string]string{contract.EnvLogLevel: "error"})
	show := s.show()
	_, tok := s.user("bench")
	s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tok, map[string]any{"seats": []string{"E5", "E6"}})
	url := fmt.Sprintf("%s/api/shows/%d/seats", s.URL, show.ID)
	body := s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).Body

	b.Run("podo", func(b *testing.B) { readLoop(b, url) })
	b.Run("bare-net-http", func(b *testing.B) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
		})}
		go srv.Serve(ln)
		defer srv.Close()
		readLoop(b, "http://"+ln.Addr().String()+"/")
	})
	b.Logf("seat map: %d bytes", len(body))
}

// BenchmarkHold re-selects seats: each call replaces the user's hold.
func BenchmarkHold(b *testing.B) {
	s := startServer(b, map[string]string{contract.EnvLogLevel: "error"})
	show := s.show()
	_, tok := s.user("holder")
	path := fmt.Sprintf("/api/shows/%d/hold", show.ID)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seat := fmt.Sprintf("%c%d", 'A'+i%10, 1+i%14)
		if r := s.do("PUT", path, tok, map[string]any{"seats": []string{seat}}); r.Status != 200 {
			b.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "holds/s")
}

// BenchmarkReserve books one seat per request from 64 concurrent clients, each
// on a hall of its own (a fresh one every 140 bookings), as bookings spread
// over many shows. Per booking it costs a Redis check, a seat lock, one MySQL
// transaction, and an event; the disk's commit latency bounds a single client.
func BenchmarkReserve(b *testing.B) {
	s := startServer(b, map[string]string{contract.EnvLogLevel: "error"})
	tokens := make([]string, 140)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("r%d", i))
	}
	b.ReportAllocs()
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var show podo.Show
		for i := 0; pb.Next(); i++ {
			if i%140 == 0 {
				show = s.show()
			}
			seat := fmt.Sprintf("%c%d", 'A'+(i%140)/14, 1+i%14)
			r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), tokens[i%140], map[string]any{"seats": []string{seat}})
			if r.Status != 201 {
				b.Errorf("%d %s", r.Status, r.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}
