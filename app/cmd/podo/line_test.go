package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// lineEnv is a fast line for tests: 50 users let through a second.
func lineEnv(extra map[string]string) map[string]string {
	e := map[string]string{contract.EnvLineRate: "50", contract.EnvLineCap: "200", contract.EnvLineGrace: "1s"}
	for k, v := range extra {
		e[k] = v
	}
	return e
}

// setSale opens the show's sale at opens (nil: now) with the waiting room on or off, as an admin does.
func (s *testServer) setSale(showID int64, opens *time.Time, room bool) {
	s.t.Helper()
	a, err := s.DB.UpsertUser(context.Background(), podo.Identity{Provider: "dev", Subject: "admin", Name: "Admin", Email: "admin@dev.podo.local"}, []string{"admin@dev.podo.local"})
	if err != nil {
		s.t.Fatal(err)
	}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/sale", showID), s.tokenFor(a), map[string]any{"saleOpensAt": opens, "waitingRoom": room}); r.Status != 200 {
		s.t.Fatalf("set sale: %d %s", r.Status, r.Body)
	}
}

func (s *testServer) join(showID int64, token string) podo.Ticket {
	s.t.Helper()
	var t podo.Ticket
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/line", showID), token, nil)
	if r.Status != 200 {
		s.t.Fatalf("join: %d %s", r.Status, r.Body)
	}
	r.decode(s.t, &t)
	return t
}

func (s *testServer) line(showID int64) podo.LineStatus {
	s.t.Helper()
	var st podo.LineStatus
	r := s.do("GET", fmt.Sprintf("/api/shows/%d/line", showID), "", nil)
	if r.Status != 200 {
		s.t.Fatalf("line: %d %s", r.Status, r.Body)
	}
	r.decode(s.t, &st)
	return st
}

// passFor joins and waits until the user is let through, returning the pass.
func (s *testServer) passFor(t *testing.T, showID int64, token string) podo.Ticket {
	t.Helper()
	var tk podo.Ticket
	waitFor(t, "a pass", func() bool { tk = s.join(showID, token); return tk.Pass != nil })
	return tk
}

func (s *testServer) hold(showID int64, token, pass string, seats ...string) response {
	s.t.Helper()
	return s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", showID), token, map[string]any{"seats": seats}, "Podo-Pass", pass)
}

func (s *testServer) reserve(showID int64, token, pass string, seats ...string) response {
	s.t.Helper()
	return s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", showID), token, map[string]any{"seats": seats}, "Podo-Pass", pass)
}

func TestBeforeTheSaleOpensHoldsAndBookingsAreRefused(t *testing.T) {
	s := startServer(t, lineEnv(nil))
	show := s.show()
	opens := time.Now().Add(time.Hour)
	s.setSale(show.ID, &opens, false)
	_, tok := s.user("early")

	if r := s.hold(show.ID, tok, "", "A1"); r.Status != 409 || r.code() != podo.ESaleNotOpen {
		t.Fatalf("hold before opening: %d %s", r.Status, r.Body)
	}
	if r := s.reserve(show.ID, tok, "", "A1"); r.Status != 409 || r.code() != podo.ESaleNotOpen {
		t.Fatalf("booking before opening: %d %s", r.Status, r.Body)
	}
	var sh podo.Show
	s.do("GET", fmt.Sprintf("/api/shows/%d", show.ID), "", nil).decode(t, &sh)
	if sh.SaleOpensAt == nil || !sh.SaleOpensAt.Equal(opens.UTC().Truncate(time.Millisecond)) {
		t.Fatalf("the show page is told the opening %v, want %v", sh.SaleOpensAt, opens)
	}

	s.setSale(show.ID, nil, false)
	waitFor(t, "the sale to open on every cache", func() bool { return s.reserve(show.ID, tok, "", "A1").Status == 201 })
}

func TestArrivalsBeforeTheDrawGetRandomPlacesAndLaterOnesArriveInOrder(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvLineRate: "1", contract.EnvLineCap: "1"}))
	show := s.show()
	opens := time.Now().Add(500 * time.Millisecond) // drawn a second (the grace) after opening
	s.setSale(show.ID, &opens, true)

	const early = 40
	tokens := make([]string, early)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("early%d", i))
	}
	for i, tok := range tokens { // they arrive one after another, in order
		if tk := s.join(show.ID, tok); tk.Place != 0 || tk.DrawAt == nil {
			t.Fatalf("arrival %d before the draw got place %d (drawAt %v), want 0 until the draw", i, tk.Place, tk.DrawAt)
		}
	}
	waitFor(t, "the draw", func() bool { return s.line(show.ID).Drawn })

	places := make([]int64, early)
	for i, tok := range tokens {
		places[i] = s.join(show.ID, tok).Place
	}
	sorted := slices.Clone(places)
	slices.Sort(sorted)
	for i, p := range sorted {
		if p != int64(i+1) {
			t.Fatalf("early places %v: want each of 1..%d once", places, early)
		}
	}
	// In arrival order the first would be 1, the second 2, ...: count how many kept theirs.
	inOrder := 0
	for i, p := range places {
		if p == int64(i+1) {
			inOrder++
		}
	}
	if inOrder > early/2 {
		t.Fatalf("%d of %d early arrivals got the place of their arrival (%v): the draw is not random", inOrder, early, places)
	}

	for i := range 3 {
		_, tok := s.user(fmt.Sprintf("late%d", i))
		if tk := s.join(show.ID, tok); tk.Place != int64(early+i+1) {
			t.Fatalf("late arrival %d got place %d, want %d: after the draw the line is in arrival order", i, tk.Place, early+i+1)
		}
	}
}

func TestOneUserHasOnePlaceInEveryTabAndOnEveryReplica(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvLineRate: "1", contract.EnvLineCap: "1"}))
	other := startReplica(t, s)
	show := s.show()
	s.setSale(show.ID, nil, true)
	var tokens []string
	for i := range 5 {
		_, tok := s.user(fmt.Sprintf("u%d", i))
		tokens = append(tokens, tok)
	}
	first := make([]int64, len(tokens))
	for i, tok := range tokens {
		first[i] = s.join(show.ID, tok).Place
	}
	// The same users again, at once, from another tab on this replica and from the other replica.
	var wg sync.WaitGroup
	again := make([][2]int64, len(tokens))
	for i, tok := range tokens {
		wg.Add(2)
		go func() { defer wg.Done(); again[i][0] = s.join(show.ID, tok).Place }()
		go func() { defer wg.Done(); again[i][1] = other.join(show.ID, tok).Place }()
	}
	wg.Wait()
	for i := range tokens {
		if again[i][0] != first[i] || again[i][1] != first[i] {
			t.Fatalf("user %d: place %d, then %d in another tab and %d on the other replica", i, first[i], again[i][0], again[i][1])
		}
	}
	if st := other.line(show.ID); st.Joined != int64(len(tokens)) {
		t.Fatalf("the other replica sees %d in line, want %d", st.Joined, len(tokens))
	}
}

func TestTwoReplicasLetUsersThroughInPlaceOrderWithinTheCap(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvLineCap: "3"}))
	other := startReplica(t, s)
	show := s.show()
	s.setSale(show.ID, nil, true)
	tokens := make([]string, 6)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("buyer%d", i))
		srv := s
		if i%2 == 1 {
			srv = other
		}
		if tk := srv.join(show.ID, tokens[i]); tk.Place != int64(i+1) {
			t.Fatalf("buyer %d got place %d", i, tk.Place)
		}
	}
	waitFor(t, "three admissions", func() bool { return s.line(show.ID).AdmittedUpTo == 3 })
	time.Sleep(time.Second) // a second at 50 a second: only the cap holds the rest back
	if st := other.line(show.ID); st.AdmittedUpTo != 3 {
		t.Fatalf("admitted up to %d with a cap of 3 live passes", st.AdmittedUpTo)
	}
	for i, tok := range tokens {
		if tk := other.join(show.ID, tok); (tk.Pass != nil) != (i < 3) {
			t.Fatalf("place %d has pass %v: the first three places, and only they, are through", i+1, tk.Pass)
		}
	}

	// A booking ends its pass and frees a slot for the next place, not any other.
	tk := s.join(show.ID, tokens[0])
	if r := other.reserve(show.ID, tokens[0], tk.Pass.Token, "A1"); r.Status != 201 {
		t.Fatalf("booking with a pass: %d %s", r.Status, r.Body)
	}
	waitFor(t, "place 4 to be let through", func() bool { return s.join(show.ID, tokens[3]).Pass != nil })
	if tk := s.join(show.ID, tokens[4]); tk.Pass != nil {
		t.Fatalf("place 5 let through with places 2 and 3 still shopping and a cap of 3")
	}
}

func TestPassesAreRefusedWhenForgedExpiredReusedOrSomeoneElses(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvPassTTL: "3s", contract.EnvLineCap: "2"}))
	show, otherShow := s.show(), s.show()
	s.setSale(show.ID, nil, true)
	s.setSale(otherShow.ID, nil, true)
	alice, aliceTok := s.user("alice")
	_, bobTok := s.user("bob")
	_, carolTok := s.user("carol")
	pass := s.passFor(t, show.ID, aliceTok).Pass.Token
	s.passFor(t, show.ID, bobTok)
	s.join(show.ID, carolTok) // third in line, behind a cap of two

	refused := map[string]struct {
		token, pass, code string
		show              int64
	}{
		"no pass":               {aliceTok, "", podo.EPassRequired, show.ID},
		"a forged signature":    {aliceTok, pass[:len(pass)-4] + "AAAA", podo.EPassInvalid, show.ID},
		"one signed by another": {aliceTok, mustPass(t, auth.NewPasses([]byte("some-other-key-of-at-least-32-bytes")), alice.ID, show.ID, time.Now().Add(time.Minute)), podo.EPassInvalid, show.ID},
		"an access token":       {aliceTok, aliceTok, podo.EPassInvalid, show.ID},
		"another user's pass":   {bobTok, pass, podo.EPassMismatch, show.ID},
		"another show's pass":   {aliceTok, pass, podo.EPassMismatch, otherShow.ID},
		"a waiting user's pass": {carolTok, "", podo.EPassRequired, show.ID},
	}
	for name, c := range refused {
		if r := s.hold(c.show, c.token, c.pass, "B1"); r.Status != 403 || r.code() != c.code {
			t.Errorf("hold with %s: %d %s, want 403 %s", name, r.Status, r.Body, c.code)
		}
		if r := s.reserve(c.show, c.token, c.pass, "B1"); r.Status != 403 || r.code() != c.code {
			t.Errorf("booking with %s: %d %s, want 403 %s", name, r.Status, r.Body, c.code)
		}
	}

	// The pass works for its user and show, once: a booking ends it.
	if r := s.hold(show.ID, aliceTok, pass, "B1"); r.Status != 200 {
		t.Fatalf("hold with a good pass: %d %s", r.Status, r.Body)
	}
	if r := s.reserve(show.ID, aliceTok, pass, "B1"); r.Status != 201 {
		t.Fatalf("booking with a good pass: %d %s", r.Status, r.Body)
	}
	if r := s.hold(show.ID, aliceTok, pass, "B2"); r.Status != 403 || r.code() != podo.EPassEnded {
		t.Fatalf("a pass used for a booking, again: %d %s, want 403 pass_ended", r.Status, r.Body)
	}
	if tk := s.join(show.ID, aliceTok); !tk.Ended || tk.Pass != nil {
		t.Fatalf("the ticket of a used pass: %+v, want ended", tk)
	}

	// Bob's pass runs out.
	bobPass := s.join(show.ID, bobTok).Pass
	time.Sleep(time.Until(bobPass.ExpiresAt) + 100*time.Millisecond)
	if r := s.hold(show.ID, bobTok, bobPass.Token, "C1"); r.Status != 403 || r.code() != podo.EPassExpired {
		t.Fatalf("an expired pass: %d %s, want 403 pass_expired", r.Status, r.Body)
	}
	// Joining again puts him at the back, behind carol, for a new pass.
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/line", show.ID), bobTok, map[string]any{"again": true})
	var tk podo.Ticket
	r.decode(t, &tk)
	if carol := s.join(show.ID, carolTok); tk.Place <= carol.Place || carol.Place != 3 {
		t.Fatalf("bob joined again at %d, carol waits at %d: he goes to the back", tk.Place, carol.Place)
	}
}

func mustPass(t *testing.T, p *auth.Passes, user, show int64, exp time.Time) string {
	t.Helper()
	tok, err := p.Issue(user, show, exp)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestASellOutEndsTheLineForEveryoneWaiting(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvLineCap: "2"}))
	sh, err := s.DB.CreateShow(context.Background(), podo.ShowInput{Title: "Tiny", Date: time.Now().AddDate(0, 0, 7).Format(time.DateOnly),
		StartTime: "19:00", EndTime: "21:00", Venue: "Hall", Price: 50000, Layout: &podo.Layout{Rows: []podo.LayoutRow{{Label: "A", Seats: 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	s.setSale(sh.ID, nil, true)
	tokens := make([]string, 5)
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("fan%d", i))
		s.join(sh.ID, tokens[i])
	}
	for i, seat := range []string{"A1", "A2"} {
		tk := s.passFor(t, sh.ID, tokens[i])
		if r := s.reserve(sh.ID, tokens[i], tk.Pass.Token, seat); r.Status != 201 {
			t.Fatalf("booking %s: %d %s", seat, r.Status, r.Body)
		}
	}
	waitFor(t, "the line to say sold out", func() bool { return s.line(sh.ID).SoldOut })
	admitted := s.line(sh.ID).AdmittedUpTo
	for i := 2; i < len(tokens); i++ {
		if tk := s.join(sh.ID, tokens[i]); !tk.SoldOut {
			t.Fatalf("waiting fan %d after the sell-out: %+v", i, tk)
		}
	}
	time.Sleep(500 * time.Millisecond)
	if st := s.line(sh.ID); st.AdmittedUpTo != admitted {
		t.Fatalf("admitted up to %d after the sell-out, was %d: admission stops", st.AdmittedUpTo, admitted)
	}
	s.checkCounters(sh.ID)
}

func TestWithRedisDownNobodyNewIsLetThroughAndTheAdmittedStillBook(t *testing.T) {
	rds := podotest.StartRedis(t)
	s := startServer(t, lineEnv(map[string]string{contract.EnvRedisAddr: rds.Addr(), contract.EnvRedisDB: "0", contract.EnvLineCap: "1"}))
	show := s.show()
	s.setSale(show.ID, nil, true)
	_, inTok := s.user("inside")
	_, waitTok := s.user("waiting")
	pass := s.passFor(t, show.ID, inTok).Pass.Token
	if tk := s.join(show.ID, waitTok); tk.Place != 2 {
		t.Fatalf("second in line at %d", tk.Place)
	}

	rds.Stop()
	waitHealth(t, s, "down")
	waitFor(t, "the line to say it is paused", func() bool { return s.line(show.ID).Paused })
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/line", show.ID), waitTok, nil); r.Status != 503 || r.code() != podo.EUnavailable {
		t.Fatalf("joining without Redis: %d %s, want 503 unavailable", r.Status, r.Body)
	}
	if r := s.reserve(show.ID, waitTok, "", "A2"); r.Status != 403 || r.code() != podo.EPassRequired {
		t.Fatalf("a waiting user booking without Redis: %d %s, want 403 pass_required", r.Status, r.Body)
	}
	if r := s.reserve(show.ID, inTok, pass, "A1"); r.Status != 201 {
		t.Fatalf("an admitted user booking without Redis: %d %s", r.Status, r.Body)
	}
	s.checkCounters(show.ID)
}

func TestAReplicaRestartLosesNoPlace(t *testing.T) {
	s := startServer(t, lineEnv(map[string]string{contract.EnvLineRate: "1", contract.EnvLineCap: "1"}))
	show := s.show()
	s.setSale(show.ID, nil, true)
	tokens := make([]string, 4)
	places := make([]int64, len(tokens))
	for i := range tokens {
		_, tokens[i] = s.user(fmt.Sprintf("stay%d", i))
		places[i] = s.join(show.ID, tokens[i]).Place
	}
	s.Stop()
	again := startReplica(t, s)
	for i, tok := range tokens {
		if p := again.join(show.ID, tok).Place; p != places[i] {
			t.Fatalf("after a restart user %d is at %d, was %d", i, p, places[i])
		}
	}
}

func TestTheLineDocumentIsSharedAndCacheable(t *testing.T) {
	s := startServer(t, lineEnv(nil))
	show := s.show()
	s.setSale(show.ID, nil, true)
	_, tok := s.user("reader")
	s.join(show.ID, tok)
	anon := s.do("GET", fmt.Sprintf("/api/shows/%d/line", show.ID), "", nil)
	signed := s.do("GET", fmt.Sprintf("/api/shows/%d/line", show.ID), tok, nil)
	if cc := anon.Header.Get("Cache-Control"); cc != "public, max-age=1" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if !strings.Contains(string(signed.Body), `"joined":1`) || string(anon.Body) != string(signed.Body) {
		t.Fatalf("the document differs by who asks:\n%s\n%s", anon.Body, signed.Body)
	}
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/line", show.ID), "", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("joining signed out: %d", r.Status)
	}
}

// startReplica starts another replica of s's service on the same MySQL
// database and Redis, as a second pod (or the same pod after a restart) is.
func startReplica(t *testing.T, s *testServer) *testServer {
	t.Helper()
	addr := podotest.MustFreeAddr(t)
	e := map[string]string{}
	for k, v := range s.env {
		e[k] = v
	}
	e[contract.EnvHTTPAddr], e[contract.EnvPublicURL] = addr, "http://"+addr
	ctx, cancel := context.WithCancel(context.Background())
	r := &testServer{t: t, URL: "http://" + addr, DB: s.DB, env: e, stop: cancel, done: make(chan error, 1), out: &bytes.Buffer{}}
	go func() {
		r.done <- run(ctx, []string{"serve"}, func(k string) string { return e[k] }, &lockedWriter{w: r.out})
	}()
	waitFor(t, "the replica to be ready", func() bool {
		resp, err := http.Get(r.URL + contract.ReadinessPath)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	t.Cleanup(r.Stop)
	return r
}
