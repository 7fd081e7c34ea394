package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

func runFlashSale(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flash-sale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "flash-sale")
	users := fs.Int("users", 5000, "users racing for the show (scale)")
	maxSeats := fs.Int("max-seats", 4, "each user wants 1 to this many seats")
	duration := fs.Duration("duration", 60*time.Second, "a user who has no seats after this long gives up")
	oneSeat := fs.Bool("one-seat", false, "the neutral scenario: each user books ONE seat picked at random among those it last saw free, with no Idempotency-Key, and on a conflict re-reads the map and tries again, at most 3 more times")
	floor := fs.Bool("floor", false, "with --one-seat, also run the same burst against a bare net/http server that does no work, and print its figures beside Podo's (the machine's floor)")
	attempts := fs.Int("attempts", 0, "reservation attempts per user before giving up (0: 4 with --one-seat, else no limit)")
	rounds := fs.Int("rounds", 1, "sales run one after another by the same users, each on a show of its own: the figures are the median round's (by reservation p99) and the targets are judged on the rounds' medians, as the machine's speed drifts from one minute to the next (5 is a good count)")
	cost := fs.Int("cost", 1000, "after the sale, requests in each cost phase (service CPU and Redis commands per refused and per committed booking); 0 skips them")
	profile := fs.Bool("profile", false, "take CPU and allocation profiles of the tool's own service during the sale (into --out)")
	timeline := fs.Bool("timeline", false, "write every request of the sale (endpoint, start from the release, latency, when its answer arrived in the socket, status, code) to flash-sale-timeline.csv in --out (flash-sale-round-N-timeline.csv with --rounds)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rounds < 1 {
		return fmt.Errorf("--rounds must be at least 1")
	}
	if *attempts == 0 && *oneSeat {
		*attempts = 4
	}
	cfg := map[string]any{"users": *users, "maxSeats": *maxSeats, "duration": duration.String(), "target": o.target, "rateLimit": o.rateLimit,
		"oneSeat": *oneSeat, "attempts": *attempts, "rounds": *rounds}
	rep := newReport("flash-sale", cfg)

	env := map[string]string{contract.EnvCache: "on"}
	const debugAddr = "127.0.0.1:18091"
	if *profile && o.target == "" {
		env[contract.EnvDebugAddr] = debugAddr
	}
	st, err := o.up(ctx, "flash-sale", "flash-sale", env, *users, true)
	if err != nil {
		return err
	}
	defer st.close()
	fo := flashOptions{users: *users, maxSeats: *maxSeats, deadline: *duration, oneSeat: *oneSeat, attempts: *attempts, rounds: *rounds, cost: *cost}
	if *timeline {
		fo.timeline = o.out
	}
	if *profile && o.target == "" {
		fo.profileAddr = debugAddr
	}
	out, err := flashSale(ctx, st, fo, o, stderr, rep)
	if err != nil {
		return err
	}
	if *floor && *oneSeat {
		r, err := st.client.do(ctx, http.MethodGet, fmt.Sprintf("/api/shows/%d/seats", out.ShowID), "", nil, nil)
		if err != nil {
			return err
		}
		st.close() // the floor has the cores to itself, as Podo had
		if err := burstFloor(ctx, *users, r.body, o.out, rep); err != nil {
			return fmt.Errorf("floor: %w", err)
		}
	}
	if err := rep.write(o.out, stdout); err != nil {
		return err
	}
	if n := rep.failedChecks(); n > 0 || out.SeatsBooked == 0 {
		return fmt.Errorf("%w: %d checks failed, %d seats booked", errInvariant, n, out.SeatsBooked)
	}
	return nil
}

// flashOptions shape one sale.
type flashOptions struct {
	users, maxSeats int
	deadline        time.Duration
	oneSeat         bool
	attempts        int
	rounds          int    // sales run one after another by the same users, each on a show of its own; 0: one
	cost            int    // requests per cost phase after the sale; 0: none
	profileAddr     string // the service's profiler; empty: no profiles
	timeline        string // the folder to write every request of each sale to; empty: nowhere
}

// roundPause lets MySQL, Redis and the service's collector finish with one
// sale before the next begins.
const roundPause = 3 * time.Second

// flashSale signs the users in, runs the sale (each round on a show of its
// own), reads the service's metrics around each and checks MySQL after each;
// figures and checks go into rep. With several rounds the figures are the
// median round's, and the targets are judged on the medians.
func flashSale(ctx context.Context, st *stack, fo flashOptions, o *options, stderr io.Writer, rep *Report) (saleOutcome, error) {
	c := st.client
	admin, err := c.login(ctx, st.admin)
	if err != nil {
		return saleOutcome{}, err
	}
	fmt.Fprintf(stderr, "flash-sale: signing in %d users\n", fo.users)
	// Each user signs in over their own connection (and, with the service's
	// rate limits on, from their own address).
	clients, err := c.perUserFast(fo.users, o.rateLimit)
	if err != nil {
		return saleOutcome{}, err
	}
	sessions, err := parallel(ctx, fo.users, 32, func(ctx context.Context, i int) (session, error) {
		return clients[i].login(ctx, fmt.Sprintf("fs-user-%d", i))
	})
	if err != nil {
		return saleOutcome{}, err
	}
	prof := newProfiler(fo.profileAddr, o.out, stderr)
	n := max(fo.rounds, 1)
	rounds := make([]saleRound, 0, n)
	for i := 1; i <= n; i++ {
		name := "flash-sale"
		if n > 1 {
			name = fmt.Sprintf("flash-sale round %d", i)
		}
		if i > 1 {
			time.Sleep(roundPause)
		}
		r, err := runRound(ctx, st, o, admin, clients, sessions, fo, name, prof, stderr)
		if err != nil {
			return r.out, err
		}
		rep.Phases = append(rep.Phases, r.phase)
		rep.Checks = append(rep.Checks, r.checks...)
		if n > 1 {
			rep.Figures[fmt.Sprintf("round %d of %d: reserve p99 ms; sold out after s; 5xx", i, n)] =
				fmt.Sprintf("%.1f; %.3f; %d", r.p99(), r.out.SoldOutSeconds, r.out.fiveXX())
		}
		rounds = append(rounds, r)
	}
	m := medianRound(rounds)
	saleFigures(rep, "", m.out, m.phase, m.before, m.after)
	m.cpu.figures(rep, "", m.phase.Total.Requests)
	saleTargets(rep, fo, rounds)
	last := rounds[len(rounds)-1]
	if fo.cost > 0 && last.out.SoldOutSeconds > 0 {
		redisAddr := o.redis
		if o.target != "" {
			redisAddr = "" // not ours to count
		}
		if err := costs(ctx, st, clients, sessions, last.show, fo.cost, redisAddr, o.redisDB, prof, rep); err != nil {
			return m.out, fmt.Errorf("cost phases: %w", err)
		}
	}
	prof.allocs(ctx)
	return m.out, nil
}

// saleRound is one sale of a run: its show, what the users saw, the
// service's metrics on either side, the CPU it took and MySQL's checks.
type saleRound struct {
	show          show
	out           saleOutcome
	phase         PhaseResult
	before, after metrics
	cpu           cpuSpent
	checks        []Check
}

func (r saleRound) p99() float64 { return r.phase.Endpoints["reserve"].P99Ms }

// runRound creates a show and sells it to the signed-in users at once.
func runRound(ctx context.Context, st *stack, o *options, admin session, clients []*client, sessions []session, fo flashOptions, name string, prof *profiler, stderr io.Writer) (saleRound, error) {
	c := st.client
	runID := fmt.Sprintf("fs%d", time.Now().UnixNano())
	sh, err := c.createShow(ctx, admin, "Flash sale "+runID)
	if err != nil {
		return saleRound{}, err
	}
	fmt.Fprintf(stderr, "%s: show %d (%d seats), %d users\n", name, sh.ID, sh.TotalSeats, fo.users)
	var initial seatMap
	if err := c.getJSON(ctx, fmt.Sprintf("/api/shows/%d/seats", sh.ID), "", &initial); err != nil {
		return saleRound{}, err
	}
	// Every user has the page open with a live connection, as in a real sale.
	warm(ctx, clients, sessions, sh.ID)

	r := saleRound{show: sh}
	if r.before, err = c.scrape(ctx); err != nil {
		return r, err
	}
	rec := NewRecorder(name)
	cpu := startCPU(ctx, c)
	endProfile := prof.phase(ctx, slug(name))
	stop := watch(stderr, rec, o.progress)
	s := &sale{clients: clients, rec: rec, show: sh, users: sessions, maxSeats: fo.maxSeats, deadline: fo.deadline, runID: runID,
		oneSeat: fo.oneSeat, attempts: fo.attempts}
	s.shape.keep = fo.timeline != ""
	r.out = s.run(ctx, initial)
	stop()
	r.cpu, _ = cpu.spent(ctx)
	endProfile()
	if fo.timeline != "" { // after the profiles, which are of the sale alone
		if err := s.shape.writeTimeline(filepath.Join(fo.timeline, slug(name)+"-timeline.csv")); err != nil {
			return r, err
		}
	}
	if r.after, err = c.scrape(ctx); err != nil {
		return r, err
	}
	r.phase = rec.Result()
	if r.checks, err = checkSale(ctx, st.dsn, r.out, r.out.SeatsDemanded > r.out.Capacity); err != nil {
		return r, fmt.Errorf("invariant checks: %w", err)
	}
	return r, nil
}

// medianRound is the round whose reservation p99 is the middle one (the lower
// of the two middle ones when the count is even).
func medianRound(rounds []saleRound) saleRound {
	sorted := slices.Clone(rounds)
	slices.SortStableFunc(sorted, func(a, b saleRound) int { return cmp.Compare(a.p99(), b.p99()) })
	return sorted[(len(sorted)-1)/2]
}

// warm opens one keep-alive connection per user by loading the show page, so
// the race measures booking and not 5,000 simultaneous TCP handshakes.
func warm(ctx context.Context, clients []*client, sessions []session, showID int64) {
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for i, u := range sessions {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			clients[i].do(ctx, "GET", fmt.Sprintf("/api/shows/%d", showID), u.Token, nil, nil)
		}()
	}
	wg.Wait()
}

// saleFigures adds a sale's headline numbers, prefixed when a run has several sales.
func saleFigures(rep *Report, prefix string, out saleOutcome, phase PhaseResult, before, after metrics) {
	f := rep.Figures
	refusals := 0
	for code, n := range out.Codes {
		f[prefix+"refusals "+code] = n
		if code != "rate_limited" && code != "internal" && code != "unavailable" {
			refusals += n
		}
	}
	res := phase.Endpoints["reserve"]
	f[prefix+"users"] = out.Users
	f[prefix+"seats wanted"] = out.SeatsDemanded
	f[prefix+"reservations (201)"] = out.Reservations
	f[prefix+"seats sold"] = fmt.Sprintf("%d of %d", out.SeatsBooked, out.Capacity)
	f[prefix+"sold out after (s)"] = out.SoldOutSeconds
	f[prefix+"5xx answers"] = out.fiveXX()
	f[prefix+"transport errors"] = out.TransportErrors
	f[prefix+"429 answers"] = out.Statuses[429]
	f[prefix+"users who gave up"] = out.GaveUp
	f[prefix+"reserve p50/p95/p99 (ms)"] = fmt.Sprintf("%.1f / %.1f / %.1f", res.P50Ms, res.P95Ms, res.P99Ms)
	f[prefix+"reserve requests/s"] = round(res.RPS, 0)
	if out.Users > 0 {
		f[prefix+"reservation attempts, per user"] = fmt.Sprintf("%d, %.2f", out.Attempts, float64(out.Attempts)/float64(out.Users))
	}
	if out.SoldOutSeconds > 0 {
		f[prefix+"bookings/s until sold out"] = round(float64(out.Reservations)/out.SoldOutSeconds, 0)
	}
	noDB := delta(before, after, contract.MetricReservationRefusedWithoutDB)
	f[prefix+"refusals without MySQL"] = fmt.Sprintf("%.0f of %d (%.1f%%)", noDB, refusals, pct(noDB, float64(refusals)))
	f[prefix+"MySQL booking transactions"] = fmt.Sprintf("committed %.0f, conflict %.0f, error %.0f",
		delta(before, after, contract.MetricBookingTransactions, `result="committed"`),
		delta(before, after, contract.MetricBookingTransactions, `result="conflict"`),
		delta(before, after, contract.MetricBookingTransactions, `result="error"`))
	f[prefix+"MySQL transactions tried again after a deadlock"] = delta(before, after, contract.MetricDBLockRetries)
	for answer, st := range out.LatencyByAnswer {
		f[prefix+"reserve "+answer+": count, p50 / p99 ms"] = fmt.Sprintf("%d, %.0f / %.0f", st.Requests, st.P50Ms, st.P99Ms)
	}
	f[prefix+"refused at once, seat locked by another booking"] = delta(before, after, contract.MetricSeatLockBusy)
	f[prefix+"reserve: first attempts all sent after; first answer read after (s)"] = fmt.Sprintf("%.3f; %.3f", out.LastSentSeconds, out.FirstAnswerSeconds)
	if shares, ok := serviceShares(before, after, contract.RouteReservations, "POST", "0.1", "0.25", "0.5"); ok {
		f[prefix+"reserve as the service timed it (handler start to end): within 100 / 250 / 500 ms"] = shares
	}
	if rl := delta(before, after, contract.MetricRateLimited); rl > 0 {
		f[prefix+"rate limited (service metric)"] = rl
	}
}

// serviceShares is the share of the route's requests in the sale that the
// service's own latency histogram has within each bucket bound (le), as
// "a% / b% / …": the service's side of the latency the tool reads.
func serviceShares(before, after metrics, route, method string, les ...string) (string, bool) {
	name := contract.MetricHTTPRequestDuration
	labels := []string{`route="` + route + `"`, `method="` + method + `"`}
	total := delta(before, after, name+"_count", labels...)
	if total <= 0 {
		return "", false
	}
	parts := make([]string, len(les))
	for i, le := range les {
		parts[i] = fmt.Sprintf("%.1f%%", pct(delta(before, after, name+"_bucket", append(labels, `le="`+le+`"`)...), total))
	}
	return strings.Join(parts, " / "), true
}

func pct(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return round(100*part/whole, 1)
}

// saleTargets prints the targets for this machine beside the figures
// (5,000 users: one seat each, or 1–4 seats each). Over several rounds the
// sale's time and p99 are the rounds' medians, with their range, as the
// issue's own figures are; a 5xx in any round misses its target.
func saleTargets(rep *Report, fo flashOptions, rounds []saleRound) {
	soldOut, p99 := 2.0, 500.0
	if fo.oneSeat {
		soldOut, p99 = 0.5, 300
	}
	fivexx, unsold := 0, 0
	var p99s, times []float64
	for _, r := range rounds {
		fivexx += r.out.fiveXX()
		p99s = append(p99s, r.p99())
		if r.out.SoldOutSeconds > 0 {
			times = append(times, r.out.SoldOutSeconds)
		} else {
			unsold++
		}
	}
	of := func(xs []float64, format string) string {
		if len(rounds) == 1 {
			return fmt.Sprintf(format, xs[0])
		}
		return fmt.Sprintf(format+", median of %d rounds ("+format+"–"+format+")", median(xs), len(rounds), slices.Min(xs), slices.Max(xs))
	}
	var sold string
	switch {
	case unsold == 0:
		sold = of(times, "%.3f s")
	case len(rounds) == 1:
		sold = "did not sell out"
	default:
		sold = fmt.Sprintf("did not sell out in %d of %d rounds", unsold, len(rounds))
	}
	rep.Figures["target: sold out ≤ "+fmt.Sprint(soldOut)+" s"] = verdict(sold, unsold == 0 && median(times) <= soldOut)
	rep.Figures["target: reserve p99 ≤ "+fmt.Sprint(p99)+" ms"] = verdict(of(p99s, "%.1f ms"), median(p99s) <= p99)
	rep.Figures["target: 0 5xx"] = verdict(fmt.Sprint(fivexx), fivexx == 0)
}

// verdict is a figure with whether it meets its target.
func verdict(figure string, met bool) string {
	if met {
		return figure + " (met)"
	}
	return figure + " (missed)"
}
