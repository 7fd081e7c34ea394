package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// TestFlashSaleAndChaos runs a very short flash sale against the shared
// MariaDB and Redis, then a short chaos run on the tool's own instances, and
// fails only when a booking invariant breaks or a run cannot complete. The
// figures are printed, never asserted: timings depend on the machine.
//
// It needs MariaDB on 127.0.0.1:3306 and Redis on 127.0.0.1:6379 (make
// services) and takes about a minute, so it runs from `make test-load`,
// which sets PODO_LOAD_TEST=1, and not in the app's package tests.
func TestFlashSaleAndChaos(t *testing.T) {
	if os.Getenv("PODO_LOAD_TEST") == "" {
		t.Skip("set PODO_LOAD_TEST=1 (make test-load) to run the load scenarios")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := t.TempDir()
	podoBin := os.Getenv("PODO_BIN") // make test-load passes the bin/podo it built
	if podoBin == "" {
		podoBin = filepath.Join(dir, "podo")
		build := exec.CommandContext(ctx, "go", "build", "-o", podoBin, "github.com/podo-tickets/podo/app/cmd/podo")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build podo: %v\n%s", err, out)
		}
	}

	t.Run("flash sale", func(t *testing.T) {
		listen := podotest.MustFreeAddr(t)
		// Its own database and Redis database, so a `make bench` running beside it is not disturbed.
		o := &options{podoBin: podoBin, mysql: "root@tcp(127.0.0.1:3306)/", redis: "127.0.0.1:6379", redisDB: 8,
			listen: listen, out: filepath.Join(dir, "flash-sale"), progress: time.Second}
		st, err := o.up(ctx, "test-flash-sale", "flash-sale", map[string]string{contract.EnvCache: "on"}, 400, true)
		if err != nil {
			t.Fatal(err)
		}
		defer st.close()
		t.Cleanup(func() { dropDatabase(t, "podo_load_test_flash_sale") })
		rep := newReport("flash-sale", nil)

		out, err := flashSale(ctx, st, flashOptions{users: 400, maxSeats: 4, deadline: 30 * time.Second, cost: 100}, o, os.Stderr, rep)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.write(o.out, os.Stdout); err != nil {
			t.Fatal(err)
		}

		for _, c := range rep.Checks {
			if !c.OK {
				t.Errorf("invariant %s: %s", c.Name, c.Detail)
			}
		}
		if out.SeatsDemanded > out.Capacity && out.SeatsBooked != out.Capacity {
			t.Errorf("%d seats wanted of %d, but the tool was told of %d sold", out.SeatsDemanded, out.Capacity, out.SeatsBooked)
		}
		// The cost phases ran on the sold-out show and on fresh ones.
		for name, n := range map[string]int{"refused (seat sold)": 500, "committed (uncontended)": 100} {
			if got, want := fmt.Sprint(rep.Figures["cost "+name+": answered as expected, p50 / p99 ms"]), fmt.Sprintf("%d of %d,", n, n); !strings.HasPrefix(got, want) {
				t.Errorf("cost phase %s: %s answered as expected, want %s", name, got, want)
			}
			if k := "cost " + name + ": Redis commands sent per request (MONITOR; not those inside Lua)"; rep.Figures[k] == nil {
				t.Errorf("cost phase %s: no count of Redis commands", name)
			}
		}

		// The checks must see a broken book, or they prove nothing: lose one
		// sold seat's row, as a booking without a transaction could.
		db, err := sql.Open("mysql", st.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, `DELETE FROM reservation_seats WHERE show_id = ? LIMIT 1`, out.ShowID); err != nil {
			t.Fatal(err)
		}
		checks, err := checkSale(ctx, st.dsn, out, true)
		if err != nil {
			t.Fatal(err)
		}
		failed := map[string]bool{}
		for _, c := range checks {
			if !c.OK {
				failed[strings.TrimPrefix(c.Name, showPrefix(out.ShowID))] = true
			}
		}
		for _, want := range []string{"counter equals seat rows", "every 201 is a reservation in MySQL", "sold out when demand exceeds capacity"} {
			if !failed[want] {
				t.Errorf("check %q passed on a corrupted book", want)
			}
		}
	})

	t.Run("one seat each", func(t *testing.T) {
		o := &options{podoBin: podoBin, mysql: "root@tcp(127.0.0.1:3306)/", redis: "127.0.0.1:6379", redisDB: 8,
			listen: podotest.MustFreeAddr(t), out: filepath.Join(dir, "one-seat"), progress: time.Second}
		st, err := o.up(ctx, "test-one-seat", "flash-sale", map[string]string{contract.EnvCache: "on"}, 300, true)
		if err != nil {
			t.Fatal(err)
		}
		defer st.close()
		t.Cleanup(func() { dropDatabase(t, "podo_load_test_one_seat") })
		rep := newReport("flash-sale", nil)
		out, err := flashSale(ctx, st, flashOptions{users: 300, maxSeats: 4, deadline: 30 * time.Second, oneSeat: true, attempts: 4, rounds: 2}, o, os.Stderr, rep)
		if err != nil {
			t.Fatal(err)
		}
		shows := map[string]bool{}
		for _, c := range rep.Checks {
			if !c.OK {
				t.Errorf("invariant %s: %s", c.Name, c.Detail)
			}
			shows[strings.SplitN(c.Name, ":", 2)[0]] = true
		}
		// Two rounds: two shows sold to the same users, each checked in MySQL.
		if len(shows) != 2 || len(rep.Phases) != 2 {
			t.Errorf("two rounds checked shows %v in phases %d, want two of each", shows, len(rep.Phases))
		}
		for _, k := range []string{"round 1 of 2: reserve p99 ms; sold out after s; 5xx", "round 2 of 2: reserve p99 ms; sold out after s; 5xx"} {
			if rep.Figures[k] == nil {
				t.Errorf("no figure %q", k)
			}
		}
		if got := fmt.Sprint(rep.Figures["target: reserve p99 ≤ 300 ms"]); !strings.Contains(got, "median of 2 rounds") {
			t.Errorf("p99 target %q, want it judged on the median of 2 rounds", got)
		}
		if out.Attempts > 4*out.Users {
			t.Errorf("%d attempts by %d users, want at most 4 each", out.Attempts, out.Users)
		}
		for _, b := range out.created {
			if len(b.Seats) != 1 {
				t.Errorf("reservation %d has seats %v, want one", b.ID, b.Seats)
			}
		}
	})

	t.Run("chaos", func(t *testing.T) {
		out := filepath.Join(dir, "chaos")
		err := run(ctx, []string{"chaos", "--users", "300", "--duration", "20s", "--podo", podoBin, "--out", out,
			"--listen", podotest.MustFreeAddr(t), "--redis-port", podotest.FreePort(t), "--mysql-port", podotest.FreePort(t), "--workdir", filepath.Join(dir, "chaos-instances")},
			os.Stdout, os.Stderr)
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Details struct {
				Faults []fault       `json:"faults"`
				Sales  []saleOutcome `json:"sales"`
			} `json:"details"`
		}
		b, err := os.ReadFile(filepath.Join(out, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Details.Faults) != 4 {
			t.Errorf("want the Redis stop, the MariaDB restart, the MariaDB SIGKILL and the service's SIGKILL recorded, got %+v", rep.Details.Faults)
		}
		if len(rep.Details.Sales) == 0 {
			t.Error("no sale ran")
		}
	})
}

func showPrefix(id int64) string { return "show " + strconv.FormatInt(id, 10) + ": " }

func dropDatabase(t *testing.T, name string) {
	db, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/")
	if err != nil {
		t.Error(err)
		return
	}
	defer db.Close()
	if _, err := db.Exec("DROP DATABASE IF EXISTS `" + name + "`"); err != nil {
		t.Error(err)
	}
}
