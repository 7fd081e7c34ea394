package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sale is one flash sale: users who all loaded the seat map of one show race
// to reserve 1 to maxSeats seats each, and on a conflict reload the seat map
// and try other seats, until they have a reservation, the map shows nothing
// left, or the deadline passes.
type sale struct {
	clients  []*client // one per user
	rec      *Recorder
	show     show
	users    []session
	maxSeats int
	deadline time.Duration // a user gives up after this long
	runID    string
	// oneSeat is the neutral scenario: each user wants one seat, picked at
	// random among those it last saw free, sends no Idempotency-Key, and
	// gives up after attempts tries (0: no limit).
	oneSeat  bool
	attempts int
	maps     seatMaps // the seat map bodies users have read, each decoded once
	// reservePath and seatsPath are the show's, made once before the release.
	reservePath, seatsPath string

	mu       sync.Mutex
	created  []booked              // every 201 received
	codes    map[string]int        // refusals and errors by code
	byAnswer map[string]*latencies // reservation latency by answer ("201", "409 seat_taken", …)
	statuses map[int]int
	transErr int
	gaveUp   int
	tries    int // reservation requests sent
	demand   int

	began       time.Time // when the users were released
	seatsBooked atomic.Int64
	soldOutAt   atomic.Int64 // nanoseconds after began when the last seat went
	shape       burstShape
}

// booked is a reservation the tool was told about with a 201.
type booked struct {
	ID     int64    `json:"id"`
	ShowID int64    `json:"showId"`
	UserID int64    `json:"-"`
	Seats  []string `json:"seats"`
}

// saleOutcome is what one sale found, before the MySQL checks.
type saleOutcome struct {
	ShowID          int64          `json:"showId"`
	Capacity        int            `json:"capacity"`
	Users           int            `json:"users"`
	SeatsDemanded   int            `json:"seatsDemanded"`
	Reservations    int            `json:"reservations"`
	SeatsBooked     int            `json:"seatsBooked"`
	SoldOutSeconds  float64        `json:"soldOutSeconds"` // 0 when it did not sell out
	Codes           map[string]int `json:"codes"`
	Statuses        map[int]int    `json:"statuses"`
	TransportErrors int            `json:"transportErrors"`
	GaveUp          int            `json:"gaveUp"`
	Attempts        int            `json:"attempts"` // reservation requests sent
	Seconds         float64        `json:"seconds"`
	// LatencyByAnswer tells where time goes: a refusal from Redis should be
	// fast, a booking pays for locks and a MySQL transaction.
	LatencyByAnswer map[string]Stats `json:"latencyByAnswer"`

	// LastSentSeconds is when the last user's first request went out, and
	// FirstAnswerSeconds when the first answer was read (see burstShape).
	LastSentSeconds    float64 `json:"lastSentSeconds"`
	FirstAnswerSeconds float64 `json:"firstAnswerSeconds"`

	created []booked
}

// fiveXX is how many of the sale's answers were server errors.
func (o saleOutcome) fiveXX() int {
	n := 0
	for status, c := range o.Statuses {
		if status >= 500 {
			n += c
		}
	}
	return n
}

// run releases every user at once and waits for all of them.
func (s *sale) run(ctx context.Context, initial seatMap) saleOutcome {
	s.codes, s.statuses, s.byAnswer = map[string]int{}, map[int]int{}, map[string]*latencies{}
	start := make(chan struct{})
	// Every user saw the same map before the sale opened, and chooses from
	// it before then: the tool's own work at the moment of release would
	// take the cores from the service it measures.
	avail := initial.available()
	s.reservePath = fmt.Sprintf("/api/shows/%d/reservations", s.show.ID)
	s.seatsPath = fmt.Sprintf("/api/shows/%d/seats", s.show.ID)
	var wg sync.WaitGroup
	for i := range s.users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			play := s.user(i, avail)
			growStack()
			<-start
			s.rec.AddUsers(1)
			defer s.rec.AddUsers(-1)
			play(ctx)
		}()
	}
	s.began = time.Now()
	s.shape.release = s.began
	close(start)
	wg.Wait()
	out := saleOutcome{
		ShowID: s.show.ID, Capacity: s.show.TotalSeats, Users: len(s.users), SeatsDemanded: s.demand,
		Reservations: len(s.created), SeatsBooked: int(s.seatsBooked.Load()), Codes: s.codes,
		Statuses: s.statuses, TransportErrors: s.transErr, GaveUp: s.gaveUp, Attempts: s.tries,
		Seconds: round(time.Since(s.began).Seconds(), 3), created: s.created, LatencyByAnswer: map[string]Stats{},
	}
	for answer, l := range s.byAnswer {
		out.LatencyByAnswer[answer] = l.stats(out.Seconds)
	}
	out.LastSentSeconds = round(time.Duration(s.shape.lastSent.Load()).Seconds(), 3)
	out.FirstAnswerSeconds = round(time.Duration(s.shape.firstAnswer.Load()).Seconds(), 3)
	if at := s.soldOutAt.Load(); at > 0 {
		out.SoldOutSeconds = round(time.Duration(at).Seconds(), 3)
	}
	return out
}

// user is user i, who saw avail free: it chooses its seats now and returns
// what it does once the sale opens. avail is shared and only read.
func (s *sale) user(i int, avail map[string][]string) func(ctx context.Context) {
	rng := rand.New(rand.NewPCG(uint64(i), uint64(s.show.ID)))
	want := 1 + rng.IntN(s.maxSeats)
	pick := pickSeats
	if s.oneSeat {
		want, pick = 1, pickOne
	}
	s.mu.Lock()
	s.demand += want
	s.mu.Unlock()
	seats := pick(rng, avail, want)
	body := seatsJSON(seats)
	return func(ctx context.Context) { s.book(ctx, i, rng, avail, want, pick, seats, body) }
}

// growStack grows the calling goroutine's stack, as a booking's calls
// (the client, encoding/json) would at once. Each user does it while it waits
// for the release: grown during the burst, 5,000 stacks were copied on the
// cores the service shares, a tenth of the tool's CPU in the sale's profile.
//
//go:noinline
func growStack() byte {
	var frame [8 << 10]byte
	frame[rand.IntN(len(frame))] = 1 // keeps the frame: the compiler cannot drop it
	return frame[rand.IntN(len(frame))]
}

// book tries to book seats for user i until it has some, the map shows none
// free, or it gives up.
func (s *sale) book(ctx context.Context, i int, rng *rand.Rand, avail map[string][]string, want int,
	pick func(*rand.Rand, map[string][]string, int) []string, seats []string, body []byte) {
	u, c := s.users[i], s.clients[i]
	begin := time.Now()
	attempt, failures := 0, 0
	for {
		if len(seats) == 0 {
			return // the map shows the show sold out
		}
		if time.Since(begin) > s.deadline || ctx.Err() != nil || (s.attempts > 0 && attempt >= s.attempts) {
			s.mu.Lock()
			s.gaveUp++
			s.mu.Unlock()
			return
		}
		// A new key per choice of seats; the same key when retrying after an
		// error, so a booking whose answer was lost is not made twice.
		header := map[string]string{"Idempotency-Key": fmt.Sprintf("%s-%d-%d", s.runID, u.UserID, attempt)}
		if s.oneSeat {
			header = nil
		}
		r, err := c.do(ctx, http.MethodPost, s.reservePath, u.Token, body, header)
		failed := err != nil || r.status >= 500
		s.rec.Record("reserve", r.began, r.latency, r.status, failed)
		code := r.code()
		if attempt == 0 && failures == 0 {
			s.shape.sent(r.began)
		}
		if err == nil {
			s.shape.answered(r.began.Add(r.latency))
		}
		s.shape.record("reserve", r)
		s.count(err, r.status, code, r.latency)
		switch {
		case err != nil || r.status >= 500:
			failures++
			sleep(ctx, backoff(failures))
			continue
		case r.status == http.StatusCreated:
			var res booked
			if json.Unmarshal(r.body, &res) == nil {
				res.UserID = u.UserID
				s.booked(res)
			}
			return
		case r.status == http.StatusTooManyRequests:
			wait := time.Second
			if sec, err := strconv.Atoi(r.header.Get("Retry-After")); err == nil {
				wait = time.Duration(sec) * time.Second
			}
			sleep(ctx, wait)
			continue
		case r.status == http.StatusConflict && code == "already_reserved":
			return
		case r.status == http.StatusConflict:
			failures = 0
			attempt++
			avail = s.reload(ctx, c, u, avail, seats)
			seats = pick(rng, avail, want)
			body = seatsJSON(seats)
		default:
			return // an answer a correct client cannot fix by retrying; counted above
		}
	}
}

// acceptGzip is what a browser says of encodings (seatMaps reads either).
var acceptGzip = map[string]string{"Accept-Encoding": "gzip, deflate, br"}

// reload fetches the seat map after a conflict. If the map cannot be fetched
// the user drops the seats they tried and picks again from what they saw.
func (s *sale) reload(ctx context.Context, c *client, u session, avail map[string][]string, tried []string) map[string][]string {
	r, err := c.do(ctx, http.MethodGet, s.seatsPath, u.Token, nil, acceptGzip)
	s.rec.Record("seat map", r.began, r.latency, r.status, err != nil || r.status >= 500)
	s.shape.record("seat map", r)
	if err == nil && r.status == http.StatusOK {
		if avail, ok := s.maps.available(r.body); ok {
			return avail
		}
	}
	gone := map[string]bool{}
	for _, t := range tried {
		gone[t] = true
	}
	out := map[string][]string{}
	for row, names := range avail {
		for _, n := range names {
			if !gone[n] {
				out[row] = append(out[row], n)
			}
		}
	}
	return out
}

func (s *sale) booked(b booked) {
	s.mu.Lock()
	s.created = append(s.created, b)
	s.mu.Unlock()
	if int(s.seatsBooked.Add(int64(len(b.Seats)))) >= s.show.TotalSeats {
		s.soldOutAt.CompareAndSwap(0, int64(time.Since(s.began)))
	}
}

func (s *sale) count(err error, status int, code string, latency time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries++
	answer := strings.TrimSpace(fmt.Sprint(status, " ", code))
	if err != nil {
		s.transErr++
		answer = "no answer"
	} else {
		s.statuses[status]++
		if code != "" {
			s.codes[code]++
		}
	}
	l := s.byAnswer[answer]
	if l == nil {
		l = &latencies{}
		s.byAnswer[answer] = l
	}
	l.d = append(l.d, latency)
}

// pickSeats chooses up to want seats the way a person does: together in one
// random row when a row has room, otherwise whatever is left.
func pickSeats(rng *rand.Rand, avail map[string][]string, want int) []string {
	var rows []string
	total := 0
	for row, names := range avail {
		rows = append(rows, row)
		total += len(names)
	}
	if total == 0 {
		return nil
	}
	if want > total {
		want = total
	}
	slices.Sort(rows)
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for _, row := range rows {
		names := avail[row]
		if len(names) >= want {
			at := rng.IntN(len(names) - want + 1)
			return append([]string(nil), names[at:at+want]...)
		}
	}
	var out []string
	for _, row := range rows {
		for _, n := range avail[row] {
			if len(out) < want {
				out = append(out, n)
			}
		}
	}
	return out
}

// pickOne chooses one seat uniformly among those seen free, walking the rows
// in name order (the same rng gives the same seat in every run).
func pickOne(rng *rand.Rand, avail map[string][]string, _ int) []string {
	rows := make([]string, 0, len(avail))
	total := 0
	for row, names := range avail {
		rows = append(rows, row)
		total += len(names)
	}
	if total == 0 {
		return nil
	}
	slices.Sort(rows)
	at := rng.IntN(total)
	for _, row := range rows {
		names := avail[row]
		if at < len(names) {
			return []string{names[at]}
		}
		at -= len(names)
	}
	return nil
}

func backoff(failures int) time.Duration {
	d := 50 * time.Millisecond << min(failures, 5)
	return min(d, time.Second)
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
