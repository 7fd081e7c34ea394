package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/podo-tickets/podo/app/podotest"
)

// refusedBody is what the bare server of the floor answers every POST with:
// a refusal of Podo's size.
const refusedBody = `{"error":{"code":"seat_taken","message":"Sorry, A1 is already reserved.","seats":["A1"],"requestId":"0123456789abcdef"}}`

// burstFloor runs the one-seat sale's shape against a bare net/http server
// that does no work at all (serve-file: every POST a fixed 409, every GET the
// seat map's bytes, gzipped once for clients that take it), with the same clients, the same keep-alive connections
// and the same cores: users warmed up, released at once, each sending one
// reservation and then reading the seat map. Nothing Podo does can answer the
// burst sooner than that; its figures are the machine's, printed beside Podo's.
func burstFloor(ctx context.Context, users int, seatMap []byte, dir string, rep *Report) error {
	file := filepath.Join(dir, "floor-seats.json")
	if err := os.WriteFile(file, seatMap, 0o644); err != nil {
		return err
	}
	defer os.Remove(file)
	addr, err := podotest.FreeAddr()
	if err != nil {
		return err
	}
	srv, err := startHelper(ctx, addr, filepath.Join(dir, "floor-server.log"), selfExe(), "serve-file", "--file", file, "--addr", addr, "--refuse-posts")
	if err != nil {
		return fmt.Errorf("bare net/http server: %w", err)
	}
	defer srv.stop()
	conns := make([]*fastConn, users)
	for i := range conns {
		if conns[i], err = newFastConn("http://"+addr, 30*time.Second); err != nil {
			return err
		}
	}
	base := "http://" + addr + "/api/shows/1/"
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLW9mLWEtdG9rZW4tb2YtcG9kb3M" // a JWT's size
	_, err = parallel(ctx, users, 64, func(ctx context.Context, i int) (struct{}, error) {
		_, err := conns[i].do(ctx, http.MethodGet, base+"seats", token, "", nil, nil)
		return struct{}{}, err
	})
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var reserve latencies
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := c.do(ctx, http.MethodPost, base+"reservations", token, "", seatsBody{Seats: []string{"A1"}}, nil)
			mu.Lock()
			if err != nil || r.status != http.StatusConflict {
				reserve.failed++
			} else {
				reserve.d = append(reserve.d, r.latency)
			}
			mu.Unlock()
			c.do(ctx, http.MethodGet, base+"seats", token, "", nil, acceptGzip)
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	secs := time.Since(began).Seconds()
	st := reserve.stats(secs)
	rep.Figures["floor: bare net/http, same burst: reserve p50 / p99 ms"] = fmt.Sprintf("%.0f / %.0f", st.P50Ms, st.P99Ms)
	rep.Figures["floor: bare net/http, same burst: all answered after (s)"] = round(secs, 3)
	if reserve.failed > 0 {
		rep.Figures["floor: bare net/http, same burst: failed"] = reserve.failed
	}
	return nil
}
