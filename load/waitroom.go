package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// The waitroom scenario: a crowd arrives for one 140-seat show whose waiting
// room is on. Everyone joins the line, polls the shared line document through
// an edge cache that stands in for CloudFront (one copy, kept a second, with
// concurrent misses collapsed into one request to the service), asks for
// their ticket when the document says it changed, and, once let through,
// books with their pass. The targets are printed beside the figures.

// Targets of issue 10 on this machine.
const (
	targetBookingP99Ms = 100.0
	targetViewAgeS     = 2.0
	targetRSSMB        = 300.0
)

func runWaitroom(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("waitroom", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := addOptions(fs, "waitroom")
	users := fs.Int("users", 20000, "users arriving for the show")
	arrive := fs.Duration("arrive", 10*time.Second, "users arrive spread over this long")
	opensAt := fs.Duration("opens-after", 4*time.Second, "the sale opens this long after the first arrival; arrivals before opening + the draw grace get random places")
	// A slow pace keeps the crowd waiting long enough to measure what waiting costs; how many
	// bookings a second the path takes is flash-sale's subject.
	rate := fs.Int("rate", 5, "the tool's own service: users let through a second (PODO_LINE_RATE)")
	capN := fs.Int("cap", 20, "the tool's own service: live passes at most (PODO_LINE_CAP)")
	giveUp := fs.Duration("give-up", 3*time.Minute, "a user still waiting after this long leaves")
	spread := fs.Duration("draw-spread", 8*time.Second, "after the draw each client asks for its place within this long (the SPA: 8 s)")
	maxSeats := fs.Int("max-seats", 2, "each user books 1 to this many seats")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := map[string]any{"users": *users, "arrive": arrive.String(), "opensAfter": opensAt.String(), "rate": *rate, "cap": *capN,
		"maxSeats": *maxSeats, "giveUp": giveUp.String(), "drawSpread": spread.String(), "target": o.target}
	rep := newReport("waitroom", cfg)
	env := map[string]string{contract.EnvCache: "on", contract.EnvLineRate: strconv.Itoa(*rate), contract.EnvLineCap: strconv.Itoa(*capN),
		contract.EnvLineGrace: "2s", contract.EnvPassTTL: "2m"}
	st, err := o.up(ctx, "waitroom", "waitroom", env, 512, true)
	if err != nil {
		return err
	}
	defer st.close()
	w := &waitroom{st: st, users: *users, arrive: *arrive, opensAfter: *opensAt, maxSeats: *maxSeats, giveUp: *giveUp, spread: *spread, stderr: stderr, o: o}
	out, err := w.run(ctx, rep)
	if err != nil {
		return err
	}
	if err := rep.write(o.out, stdout); err != nil {
		return err
	}
	if n := rep.failedChecks(); n > 0 || out.SeatsBooked == 0 {
		return fmt.Errorf("%w: %d checks failed, %d seats booked", errInvariant, n, out.SeatsBooked)
	}
	return nil
}

type waitroom struct {
	st         *stack
	o          *options
	users      int
	arrive     time.Duration
	opensAfter time.Duration
	maxSeats   int
	giveUp     time.Duration
	spread     time.Duration
	stderr     io.Writer

	show   show
	edge   *edge
	rec    *Recorder
	mu     sync.Mutex
	out    saleOutcome
	ages   latencies // the line document's age when a waiting client got it
	seen   []admission
	early  []arrival // arrivals before the draw, in arrival order, with the place drawn
	told   latencies // from the sell-out to each waiting client learning of it
	soldAt atomic.Int64
}

// lineDoc is the part of GET /api/shows/{id}/line the clients read.
type lineDoc struct {
	Drawn        bool      `json:"drawn"`
	AdmittedUpTo int64     `json:"admittedUpTo"`
	Joined       int64     `json:"joined"`
	SoldOut      bool      `json:"soldOut"`
	Paused       bool      `json:"paused"`
	At           time.Time `json:"at"`
}

type lineTicket struct {
	Place   int64 `json:"place"`
	SoldOut bool  `json:"soldOut"`
	Ended   bool  `json:"ended"`
	Pass    *struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expiresAt"`
	} `json:"pass"`
}

// admission is a user let through: their place and when the service let
// them through (the pass's expiry less its lifetime, by the service's clock).
type admission struct {
	place   int64
	expires time.Time
}

type arrival struct {
	seq   int
	place int64
}

func (w *waitroom) run(ctx context.Context, rep *Report) (saleOutcome, error) {
	c := w.st.client
	admin, err := c.login(ctx, w.st.admin)
	if err != nil {
		return saleOutcome{}, err
	}
	runID := fmt.Sprintf("wr%d", time.Now().UnixNano())
	if w.show, err = c.createShow(ctx, admin, "Waiting room "+runID); err != nil {
		return saleOutcome{}, err
	}
	fmt.Fprintf(w.stderr, "waitroom: show %d (%d seats); signing in %d users\n", w.show.ID, w.show.TotalSeats, w.users)
	sessions, err := parallel(ctx, w.users, 32, func(ctx context.Context, i int) (session, error) {
		return c.login(ctx, fmt.Sprintf("wr-user-%d", i))
	})
	if err != nil {
		return saleOutcome{}, err
	}
	start := time.Now().Add(2 * time.Second)
	opens := start.Add(w.opensAfter).UTC()
	if r, err := c.do(ctx, "PUT", fmt.Sprintf("/api/admin/shows/%d/sale", w.show.ID), admin.Token,
		map[string]any{"saleOpensAt": opens, "waitingRoom": true}, nil); err != nil || r.status != http.StatusOK {
		return saleOutcome{}, fmt.Errorf("set the sale: %v %d %s", err, r.status, r.body)
	}
	w.edge = &edge{c: c, path: fmt.Sprintf("/api/shows/%d/line", w.show.ID), ttl: time.Duration(contract.LineMaxAge) * time.Second}
	w.out = saleOutcome{ShowID: w.show.ID, Capacity: w.show.TotalSeats, Users: w.users, Codes: map[string]int{}, Statuses: map[int]int{}}
	w.rec = NewRecorder("waitroom")

	before, err := c.scrape(ctx)
	if err != nil {
		return w.out, err
	}
	peak := &rssPeak{st: w.st}
	stopRSS := peak.watch(ctx)
	stop := watch(w.stderr, w.rec, w.o.progress)
	var wg sync.WaitGroup
	var seq atomic.Int64
	for i, u := range sessions {
		at := start.Add(time.Duration(rand.Int64N(int64(w.arrive))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.user(ctx, i, u, at, &seq)
		}()
	}
	// The backend's load with the whole crowd waiting: from the last arrival
	// until the sell-out (or a minute, whichever comes first).
	var waiting metrics
	var waitingFrom time.Time
	scraped := make(chan struct{})
	go func() {
		defer close(scraped)
		time.Sleep(time.Until(start.Add(w.arrive + time.Second)))
		if m, err := c.scrape(ctx); err == nil {
			waiting, waitingFrom = m, time.Now()
		}
	}()
	wg.Wait()
	<-scraped
	stop()
	stopRSS()
	after, err := c.scrape(ctx)
	if err != nil {
		return w.out, err
	}
	w.out.Seconds = time.Since(start).Seconds()
	phase := w.rec.Result()
	rep.Phases = append(rep.Phases, phase)
	w.figures(rep, phase, before, waiting, after, waitingFrom, peak.max.Load())

	checks, err := checkSale(ctx, w.st.dsn, w.out, true)
	if err != nil {
		return w.out, fmt.Errorf("invariant checks: %w", err)
	}
	rep.Checks = append(rep.Checks, checks...)
	rep.Checks = append(rep.Checks, w.orderCheck(), w.fairnessCheck())
	return w.out, nil
}

// user is one buyer: arrive, join, wait on the shared document, learn the
// place after the draw, fetch the pass once let through, book.
func (w *waitroom) user(ctx context.Context, i int, u session, at time.Time, seq *atomic.Int64) {
	time.Sleep(time.Until(at))
	c := w.st.client
	var t lineTicket
	join := func(name string) bool {
		r, err := c.do(ctx, "POST", fmt.Sprintf("/api/shows/%d/line", w.show.ID), u.Token, nil, nil)
		w.note(name, r, err)
		return err == nil && r.status == http.StatusOK && json.Unmarshal(r.body, &t) == nil
	}
	if !join("join") {
		return
	}
	mySeq := int(seq.Add(1))
	wasEarly := t.Place == 0
	jitter := time.Duration(rand.Int64N(int64(w.spread) + 1)) // after the draw, not all at once
	var drawnSeen time.Time
	for t.Pass == nil {
		if t.SoldOut || time.Since(at) > w.giveUp {
			return
		}
		time.Sleep(time.Second - time.Duration(rand.Int64N(int64(100*time.Millisecond))))
		d, err := w.edge.get(ctx, w.rec)
		if err != nil {
			continue
		}
		now := time.Now()
		w.mu.Lock()
		w.ages.d = append(w.ages.d, now.Sub(d.At))
		w.mu.Unlock()
		switch {
		case d.SoldOut:
			if sold := w.soldAt.Load(); sold == 0 {
				w.soldAt.CompareAndSwap(0, d.At.UnixNano())
			}
			w.mu.Lock()
			w.told.d = append(w.told.d, now.Sub(time.Unix(0, w.soldAt.Load())))
			w.out.GaveUp++
			w.mu.Unlock()
			return
		case t.Place == 0 && d.Drawn:
			if drawnSeen.IsZero() {
				drawnSeen = now
			}
			if now.Sub(drawnSeen) >= jitter && join("ticket") && wasEarly && t.Place > 0 {
				w.mu.Lock()
				w.early = append(w.early, arrival{seq: mySeq, place: t.Place})
				w.mu.Unlock()
			}
		case t.Place > 0 && d.AdmittedUpTo >= t.Place:
			join("pass")
		}
	}
	w.mu.Lock()
	w.seen = append(w.seen, admission{place: t.Place, expires: t.Pass.ExpiresAt})
	w.mu.Unlock()
	w.book(ctx, u, t.Pass.Token)
}

// book picks free seats from the seat map and reserves them with the pass,
// trying other seats a few times when someone was faster.
func (w *waitroom) book(ctx context.Context, u session, pass string) {
	c := w.st.client
	want := 1 + rand.IntN(w.maxSeats)
	for range 5 {
		var m seatMap
		began := time.Now()
		err := c.getJSON(ctx, fmt.Sprintf("/api/shows/%d/seats", w.show.ID), "", &m)
		w.rec.Record("seats", began, time.Since(began), 200, err != nil)
		if err != nil {
			return
		}
		var free []string
		for _, s := range m.Seats {
			if s.Status == "available" {
				free = append(free, s.Name)
			}
		}
		if len(free) == 0 {
			return
		}
		rand.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		seats := free[:min(want, len(free))]
		r, err := c.do(ctx, "POST", fmt.Sprintf("/api/shows/%d/reservations", w.show.ID), u.Token, seatsBody{Seats: seats},
			map[string]string{"Podo-Pass": pass})
		w.note("reserve", r, err)
		if err == nil && r.status == http.StatusCreated {
			var b booked
			if json.Unmarshal(r.body, &b) == nil {
				b.UserID = u.UserID
				w.mu.Lock()
				w.out.Reservations++
				w.out.SeatsBooked += len(b.Seats)
				w.out.SeatsDemanded += len(seats)
				w.out.created = append(w.out.created, b)
				w.mu.Unlock()
			}
			return
		}
		if err != nil || r.status >= 500 || r.status == http.StatusForbidden {
			return
		}
	}
}

// note records a call to the service.
func (w *waitroom) note(endpoint string, r response, err error) {
	w.rec.Record(endpoint, r.began, r.latency, r.status, err != nil || r.status >= 500)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.out.TransportErrors++
		return
	}
	w.out.Statuses[r.status]++
	if code := r.code(); code != "" {
		w.out.Codes[code]++
	}
}

// orderCheck: the service let users through in the order of their places.
// A pass's expiry is its admission plus one fixed lifetime, by the service's
// clock, so sorted by place the expiries never go back.
func (w *waitroom) orderCheck() Check {
	sort.Slice(w.seen, func(i, j int) bool { return w.seen[i].place < w.seen[j].place })
	bad := 0
	for i := 1; i < len(w.seen); i++ {
		if w.seen[i].expires.Before(w.seen[i-1].expires) {
			bad++
		}
	}
	return Check{Name: fmt.Sprintf("show %d: admission order is place order", w.show.ID), OK: bad == 0 && len(w.seen) > 0,
		Detail: fmt.Sprintf("%d users let through; %d admitted before a lower place", len(w.seen), bad)}
}

// fairnessCheck: arrivals before the draw got places unrelated to when they
// came (Spearman's rank correlation near 0; arrival order would be 1).
func (w *waitroom) fairnessCheck() Check {
	n := len(w.early)
	if n < 10 {
		return Check{Name: fmt.Sprintf("show %d: early arrivals' places are drawn", w.show.ID), OK: true, Detail: fmt.Sprintf("only %d early arrivals learned a place", n)}
	}
	bySeq := slices.Clone(w.early)
	sort.Slice(bySeq, func(i, j int) bool { return bySeq[i].seq < bySeq[j].seq })
	byPlace := slices.Clone(bySeq)
	sort.Slice(byPlace, func(i, j int) bool { return byPlace[i].place < byPlace[j].place })
	rank := map[int]int{}
	for r, a := range byPlace {
		rank[a.seq] = r
	}
	var d2 float64
	for r, a := range bySeq {
		d := float64(r - rank[a.seq])
		d2 += d * d
	}
	rho := 1 - 6*d2/(float64(n)*(float64(n)*float64(n)-1))
	return Check{Name: fmt.Sprintf("show %d: early arrivals' places are drawn, not first come", w.show.ID), OK: rho < 0.2 && rho > -0.2,
		Detail: fmt.Sprintf("%d arrivals before the draw; rank correlation of arrival and place %.3f (first come first served: 1)", n, rho)}
}

func (w *waitroom) figures(rep *Report, phase PhaseResult, before, waiting, after metrics, waitingFrom time.Time, rss int64) {
	f := rep.Figures
	res := phase.Endpoints["reserve"]
	f["users"] = w.users
	f["seats sold"] = fmt.Sprintf("%d of %d", w.out.SeatsBooked, w.out.Capacity)
	f["reservations (201)"] = w.out.Reservations
	f["users let through"] = len(w.seen)
	f["users told sold out while waiting"] = w.out.GaveUp
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	f["admitted users' booking p50 / p99 (ms)"] = fmt.Sprintf("%.1f / %.1f   (target p99 ≤ %.0f: %s)", res.P50Ms, res.P99Ms, targetBookingP99Ms, met(res.P99Ms <= targetBookingP99Ms))
	ages := w.ages.stats(0)
	f["line document age when a client got it, p50 / p99 / max (s)"] = fmt.Sprintf("%.2f / %.2f / %.2f   (target max ≤ %.0f: %s; %d polls)",
		ages.P50Ms/1000, ages.P99Ms/1000, ages.MaxMs/1000, targetViewAgeS, met(ages.MaxMs/1000 <= targetViewAgeS), ages.Requests)
	if told := w.told.stats(0); told.Requests > 0 {
		f["sell-out to a waiting client knowing, p50 / max (s)"] = fmt.Sprintf("%.2f / %.2f", told.P50Ms/1000, told.MaxMs/1000)
	}
	requests := contract.MetricHTTPRequestDuration + "_count"
	if !waitingFrom.IsZero() {
		secs := time.Since(waitingFrom).Seconds()
		all := delta(waiting, after, requests)
		line := delta(waiting, after, requests, `route="`+contract.RouteLine+`"`, `method="GET"`)
		f["backend requests/s with the crowd waiting (all / line document)"] = fmt.Sprintf("%.0f / %.1f over %.0f s (without the edge the document alone would be ~%d/s)",
			all/secs, line/secs, secs, w.users)
	}
	f["line document requests: from clients / reaching the service"] = fmt.Sprintf("%d / %d", w.edge.hits.Load()+w.edge.misses.Load(), w.edge.misses.Load())
	f["service RSS peak (MB)"] = fmt.Sprintf("%.0f   (target ≤ %.0f: %s)", float64(rss)/(1<<20), targetRSSMB, met(rss > 0 && float64(rss)/(1<<20) <= targetRSSMB))
	fivexx := w.out.fiveXX()
	f["5xx answers"] = fmt.Sprintf("%d   (target 0: %s)", fivexx, met(fivexx == 0))
	f["transport errors"] = w.out.TransportErrors
	for code, n := range w.out.Codes {
		f["refusals "+code] = n
	}
	f["admissions (service metric)"] = delta(before, after, contract.MetricLineAdmissions)
}

// edge stands in for CloudFront in front of the line document: one shared
// copy, fetched again once it is older than ttl, concurrent misses collapsed
// into one request to the service.
type edge struct {
	c    *client
	path string
	ttl  time.Duration

	mu       sync.Mutex
	doc      lineDoc
	fetched  time.Time
	inflight chan struct{}

	hits, misses atomic.Int64
}

func (e *edge) get(ctx context.Context, rec *Recorder) (lineDoc, error) {
	for {
		e.mu.Lock()
		if !e.fetched.IsZero() && time.Since(e.fetched) < e.ttl {
			d := e.doc
			e.mu.Unlock()
			e.hits.Add(1)
			return d, nil
		}
		if ch := e.inflight; ch != nil {
			e.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return lineDoc{}, ctx.Err()
			}
		}
		ch := make(chan struct{})
		e.inflight = ch
		e.mu.Unlock()
		e.misses.Add(1)
		r, err := e.c.do(ctx, "GET", e.path, "", nil, nil)
		rec.Record("line (edge to service)", r.began, r.latency, r.status, err != nil || r.status >= 500)
		var d lineDoc
		ok := err == nil && r.status == http.StatusOK && json.Unmarshal(r.body, &d) == nil
		e.mu.Lock()
		if ok {
			e.doc, e.fetched = d, time.Now()
		}
		e.inflight = nil
		close(ch)
		e.mu.Unlock()
		if !ok {
			return lineDoc{}, fmt.Errorf("line document: %v %d", err, r.status)
		}
		return d, nil
	}
}

// rssPeak samples the tool's own service's resident memory.
type rssPeak struct {
	st  *stack
	max atomic.Int64
}

func (p *rssPeak) watch(ctx context.Context) (stop func()) {
	if p.st.podo == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if v := p.st.podo.rssBytes(); v > p.max.Load() {
				p.max.Store(v)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return cancel
}
