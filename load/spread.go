package main

import (
	"cmp"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/podo-tickets/podo/app/contract"
)

// runSpread books seats spread over many shows, so seat locks never collide
// and the figure is how many reservations per second the service commits.
// Beside it the tool measures MariaDB's own ceiling: durable single-row
// inserts per second from the same number of clients.
func runSpread(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spread", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "spread")
	shows := fs.Int("shows", 400, "shows to spread bookings over; capacity is 140 bookings each")
	workers := fs.Int("workers", 50, "concurrent booking clients (scale)")
	rate := fs.Int("rate", 0, "bookings per second to offer (open model); 0 books as fast as the workers can")
	duration := fs.Duration("duration", 10*time.Second, "length of the booking attack (it also ends when every seat is sold)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rep := newReport("spread", map[string]any{"shows": *shows, "workers": *workers, "rate": *rate, "duration": duration.String(), "target": o.target})
	st, err := o.up(ctx, "spread", "spread", map[string]string{contract.EnvCache: "on"}, *workers, true)
	if err != nil {
		return err
	}
	defer st.close()
	c := st.client
	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "spread: creating %d shows and signing in 140 users\n", *shows)
	created, err := c.createShows(ctx, admin, "Spread show", *shows)
	if err != nil {
		return err
	}
	// User j books seat j of every show, so no user books a show twice.
	users, err := c.loginMany(ctx, "spread-user", 140)
	if err != nil {
		return err
	}
	before, err := c.scrape(ctx)
	if err != nil {
		return err
	}

	var next atomic.Int64
	capacity := int64(len(created) * 140)
	tr := func(t *vegeta.Target) error {
		k := next.Add(1) - 1
		if k >= capacity {
			return vegeta.ErrNoTargets
		}
		sh, idx := created[k%int64(len(created))], int(k/int64(len(created)))
		body := seatsJSON([]string{fmt.Sprintf("%c%d", 'A'+idx/14, 1+idx%14)})
		*t = vegeta.Target{Method: http.MethodPost, URL: fmt.Sprintf("%s/api/shows/%d/reservations", c.base, sh.ID), Body: body,
			Header: http.Header{"Authorization": {"Bearer " + users[idx].Token}, "Content-Type": {"application/json"}}}
		return nil
	}
	pacer := vegeta.Rate{Freq: *rate, Per: time.Second}
	var committed atomic.Int64
	codes := map[int]int{}
	var mu sync.Mutex
	cpu := startCPU(ctx, c)
	rec := attack(ctx, "spread", "reserve", tr, pacer, *workers, *duration,
		func(res *vegeta.Result) bool { return res.Code == http.StatusCreated },
		func(res *vegeta.Result) {
			mu.Lock()
			codes[int(res.Code)]++
			mu.Unlock()
			if res.Code == http.StatusCreated {
				committed.Add(1)
			}
		}, stderr, o.progress)
	phase := rec.Result()
	rep.Phases = append(rep.Phases, phase)
	cpu.figures(ctx, rep, "", phase.Total.Requests)
	after, err := c.scrape(ctx)
	if err != nil {
		return err
	}
	rep.Figures["reservations committed"] = committed.Load()
	rep.Figures["committed reservations/s"] = round(float64(committed.Load())/phase.Seconds, 0)
	rep.Figures["answers by status"] = codes
	rep.Figures["MySQL booking transactions committed"] = delta(before, after, contract.MetricBookingTransactions, `result="committed"`)

	ids := make([]int64, len(created))
	for i, s := range created {
		ids[i] = s.ID
	}
	checks, err := checkTotals(ctx, st.dsn, ids, int(committed.Load()))
	if err != nil {
		return err
	}
	rep.Checks = append(rep.Checks, checks...)

	if o.target == "" {
		perSec, err := insertCeiling(ctx, o.mysql+"podo_load_spread", *workers, 5*time.Second)
		if err != nil {
			return fmt.Errorf("MariaDB insert ceiling: %w", err)
		}
		rep.Figures[fmt.Sprintf("MariaDB durable single-row inserts/s from %d clients", *workers)] = round(perSec, 0)
	}
	if err := rep.write(o.out, stdout); err != nil {
		return err
	}
	if rep.failedChecks() > 0 {
		return fmt.Errorf("%w: %d checks failed", errInvariant, rep.failedChecks())
	}
	return nil
}

// checkTotals verifies the books of many shows at once with aggregate queries.
func checkTotals(ctx context.Context, dsn string, showIDs []int64, created int) ([]Check, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if len(showIDs) == 0 {
		return nil, nil
	}
	lo, hi := showIDs[0], showIDs[0]
	for _, id := range showIDs {
		lo, hi = min(lo, id), max(hi, id)
	}
	var dupes, drift, active int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT show_id, seat_name FROM reservation_seats
		WHERE show_id BETWEEN ? AND ? GROUP BY show_id, seat_name HAVING COUNT(*) > 1) d`, lo, hi).Scan(&dupes); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM shows s WHERE s.id BETWEEN ? AND ? AND
		(SELECT COALESCE(SUM(c.reserved), 0) FROM show_counters c WHERE c.show_id = s.id) <>
		(SELECT COUNT(*) FROM reservation_seats rs WHERE rs.show_id = s.id)`, lo, hi).Scan(&drift); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reservations WHERE active = 1 AND show_id BETWEEN ? AND ?`, lo, hi).Scan(&active); err != nil {
		return nil, err
	}
	return []Check{
		{Name: "no seat sold twice (all shows)", OK: dupes == 0, Detail: fmt.Sprintf("%d seats in more than one active reservation", dupes)},
		{Name: "counters equal seat rows (all shows)", OK: drift == 0, Detail: fmt.Sprintf("%d of %d shows whose reserved count differs from their seat rows", drift, len(showIDs))},
		{Name: "every 201 is a reservation in MySQL (all shows)", OK: active == created, Detail: fmt.Sprintf("%d active reservations in MySQL, %d created answers", active, created)},
	}, nil
}

// insertCeiling measures how many durable single-row inserts per second the
// database commits from clients connections: the bound a booking, which
// commits one transaction, is compared with.
func insertCeiling(ctx context.Context, dsn string, clients int, d time.Duration) (float64, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(clients)
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS podo_load_insert_ceiling (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB`); err != nil {
		return 0, err
	}
	defer db.ExecContext(context.Background(), `DROP TABLE IF EXISTS podo_load_insert_ceiling`)
	var n atomic.Int64
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	var errMu sync.Mutex
	var firstErr error
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) && ctx.Err() == nil {
				if _, err := db.ExecContext(ctx, `INSERT INTO podo_load_insert_ceiling (v) VALUES (?)`, i); err != nil {
					errMu.Lock()
					firstErr = cmp.Or(firstErr, err)
					errMu.Unlock()
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(n.Load()) / d.Seconds(), nil
}
