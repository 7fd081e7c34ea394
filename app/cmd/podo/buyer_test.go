package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// The rules a buyer meets beyond "one seat, one owner": no sales after the curtain, holds that
// cannot be spun, one price for a seat, grades, and text and names in Korean.

func (s *testServer) admin() string {
	s.t.Helper()
	u, err := s.DB.UpsertUser(s.t.Context(), podo.Identity{Provider: "dev", Subject: "admin", Name: "Admin", Email: "admin@dev.podo.local"}, []string{"admin@dev.podo.local"})
	if err != nil || u.Role != podo.RoleAdmin {
		s.t.Fatalf("admin: %+v %v", u, err)
	}
	return s.tokenFor(u)
}

func TestAShowThatHasStartedCannotBeHeldOrBooked(t *testing.T) {
	s := startServer(t, nil)
	_, alice := s.user("alice")
	yesterday := time.Now().In(podo.ShowZone).AddDate(0, 0, -1).Format(time.DateOnly)
	show, err := s.DB.CreateShow(t.Context(), podo.ShowInput{Title: "Yesterday Show", Date: yesterday, StartTime: "19:00", EndTime: "21:00", Venue: "Hall", Price: 50000})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", show.ID), alice, map[string]any{"seats": []string{"A1"}}); r.Status != 409 || r.code() != podo.EShowEnded {
		t.Fatalf("hold on a past show: %d %s, want 409 %s", r.Status, r.Body, podo.EShowEnded)
	}
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), alice, map[string]any{"seats": []string{"A1"}}); r.Status != 409 || r.code() != podo.EShowEnded {
		t.Fatalf("booking a past show: %d %s, want 409 %s", r.Status, r.Body, podo.EShowEnded)
	}
	if n := s.checkCounters(show.ID); n != 0 {
		t.Fatalf("%d seats sold on a past show", n)
	}
}

func TestAHoldKeepsTheDeadlineOfItsFirstSeat(t *testing.T) {
	s := startServer(t, map[string]string{"PODO_HOLD_TTL": "4s"})
	show := s.show()
	_, alice := s.user("alice")
	hold := fmt.Sprintf("/api/shows/%d/hold", show.ID)
	var first, later podo.Hold
	s.do("PUT", hold, alice, map[string]any{"seats": []string{"C1"}}).decode(t, &first)
	time.Sleep(1200 * time.Millisecond)
	// Adding a seat, then dropping every seat and holding again at once, keep the first deadline.
	s.do("PUT", hold, alice, map[string]any{"seats": []string{"C1", "C2"}}).decode(t, &later)
	if first.ExpiresAt == nil || later.ExpiresAt == nil || !later.ExpiresAt.Equal(*first.ExpiresAt) {
		t.Fatalf("deadline moved from %v to %v after a change", first.ExpiresAt, later.ExpiresAt)
	}
	s.do("PUT", hold, alice, map[string]any{"seats": []string{}})
	s.do("PUT", hold, alice, map[string]any{"seats": []string{"C3"}}).decode(t, &later)
	if later.ExpiresAt == nil || !later.ExpiresAt.Equal(*first.ExpiresAt) {
		t.Fatalf("deadline moved from %v to %v after release and re-hold", first.ExpiresAt, later.ExpiresAt)
	}
	// When the deadline has passed, everything is released; a new hold starts a new deadline.
	time.Sleep(time.Until(*first.ExpiresAt) + 1500*time.Millisecond)
	if st := seatStatus(t, s, show.ID, "C3"); st != podo.SeatAvailable {
		t.Fatalf("C3 is %s after the deadline, want available", st)
	}
	s.do("PUT", hold, alice, map[string]any{"seats": []string{"C3"}}).decode(t, &later)
	if later.ExpiresAt == nil || !later.ExpiresAt.After(*first.ExpiresAt) {
		t.Fatalf("a new hold after the deadline ends at %v, not after %v", later.ExpiresAt, first.ExpiresAt)
	}
}

func TestNoHoldOnAShowIAlreadyBooked(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	_, alice := s.user("alice")
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), alice, map[string]any{"seats": []string{"A1"}}); r.Status != 201 {
		t.Fatalf("book: %d %s", r.Status, r.Body)
	}
	hold := fmt.Sprintf("/api/shows/%d/hold", show.ID)
	if r := s.do("PUT", hold, alice, map[string]any{"seats": []string{"B1", "B2"}}); r.Status != 409 || r.code() != podo.EAlreadyBooked {
		t.Fatalf("hold after booking: %d %s, want 409 %s", r.Status, r.Body, podo.EAlreadyBooked)
	}
	if st := seatStatus(t, s, show.ID, "B1"); st != podo.SeatAvailable {
		t.Fatalf("B1 is %s, want available", st)
	}
	// Letting go stays allowed.
	if r := s.do("PUT", hold, alice, map[string]any{"seats": []string{}}); r.Status != 200 {
		t.Fatalf("empty hold after booking: %d %s", r.Status, r.Body)
	}
}

func TestHoldChangesAreRateLimitedPerUser(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvRateLimit: "on"})
	show := s.show()
	_, spinner := s.user("spinner")
	_, other := s.user("other")
	hold := fmt.Sprintf("/api/shows/%d/hold", show.ID)
	limited := 0
	for i := 0; i < 40; i++ {
		r := s.do("PUT", hold, spinner, map[string]any{"seats": []string{[]string{"E1", "E2"}[i%2]}})
		if r.Status == 429 {
			limited++
			if r.code() != podo.ERateLimited || r.Header.Get("Retry-After") == "" {
				t.Fatalf("429 without code or Retry-After: %s", r.Body)
			}
		} else if r.Status != 200 {
			t.Fatalf("toggle %d: %d %s", i, r.Status, r.Body)
		}
	}
	if limited < 15 {
		t.Fatalf("only %d of 40 quick hold changes by one user were limited (burst 20)", limited)
	}
	if r := s.do("PUT", hold, other, map[string]any{"seats": []string{"F1"}}); r.Status != 200 {
		t.Fatalf("another user's hold: %d %s", r.Status, r.Body)
	}
}

func TestThePriceChargedIsThePriceShownAfterAnAdminChangesIt(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	show := s.show() // 50,000 a seat
	_, alice := s.user("alice")
	in := map[string]any{"title": show.Title, "date": show.Date, "startTime": show.StartTime, "endTime": show.EndTime, "venue": show.Venue, "price": 80000}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d", show.ID), admin, in); r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	shown := seatPrice(t, s, show.ID, "A1")
	var res podo.Reservation
	r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), alice, map[string]any{"seats": []string{"A1"}})
	r.decode(t, &res)
	if r.Status != 201 || shown != 80000 || res.Total != shown {
		t.Fatalf("seat map says %d, booking (%d) charged %d; want both 80000", shown, r.Status, res.Total)
	}
}

func TestGradesPriceTheirSeatsAndAreSetByTheAdmin(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	show := s.show()
	_, alice := s.user("alice")
	layout := map[string]any{
		"rows":   []map[string]any{{"label": "A", "seats": 4, "grade": "VIP"}, {"label": "B", "seats": 4, "grade": "R"}, {"label": "C", "seats": 4}},
		"grades": []map[string]any{{"grade": "VIP", "price": 170000}, {"grade": "R", "price": 140000}},
	}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, layout); r.Status != 200 {
		t.Fatalf("layout: %d %s", r.Status, r.Body)
	}
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
	got := map[string]podo.Seat{}
	for _, seat := range sm.Seats {
		got[seat.Name] = seat
	}
	if got["A1"].Grade != podo.GradeVIP || got["A1"].Price != 170000 || got["B4"].Grade != podo.GradeR || got["C1"].Grade != "" || got["C1"].Price != 50000 {
		t.Fatalf("seat map: A1 %+v, B4 %+v, C1 %+v", got["A1"], got["B4"], got["C1"])
	}
	var res podo.Reservation
	s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), alice, map[string]any{"seats": []string{"A1", "B1"}}).decode(t, &res)
	if res.Total != 170000+140000 {
		t.Fatalf("charged %d for a VIP and an R seat, want 310000", res.Total)
	}
	var sh podo.Show
	s.do("GET", fmt.Sprintf("/api/shows/%d", show.ID), "", nil).decode(t, &sh)
	if sh.MinPrice != 50000 {
		t.Fatalf("minPrice = %d, want 50000", sh.MinPrice)
	}
	for name, bad := range map[string]map[string]any{
		"unknown grade":       {"rows": []map[string]any{{"label": "A", "seats": 4, "grade": "Z"}}, "grades": []map[string]any{{"grade": "Z", "price": 1}}},
		"grade with no price": {"rows": []map[string]any{{"label": "A", "seats": 4, "grade": "S"}}},
	} {
		if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, bad); r.Status != 400 || r.code() != podo.EInvalid {
			t.Errorf("%s: %d %s, want 400 %s", name, r.Status, r.Body, podo.EInvalid)
		}
	}
}

func seatPrice(t *testing.T, s *testServer, showID int64, seat string) int64 {
	t.Helper()
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", showID), "", nil).decode(t, &sm)
	for _, x := range sm.Seats {
		if x.Name == seat {
			return x.Price
		}
	}
	t.Fatalf("no seat %s", seat)
	return 0
}

func TestTextLimitsCountCharactersNotBytes(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	in := func(title string) map[string]any {
		return map[string]any{"title": title, "date": "2099-01-01", "startTime": "19:00", "endTime": "21:00", "venue": "블루스퀘어 신한카드홀", "price": 100000}
	}
	long := strings.Repeat("가", 100) // 100 characters, 300 bytes: VARCHAR(100) holds it
	if r := s.do("POST", "/api/admin/shows", admin, in(long)); r.Status != 201 {
		t.Fatalf("100-character Korean title: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/api/admin/shows", admin, in(long+"가")); r.Status != 400 || r.code() != podo.EInvalid {
		t.Fatalf("101-character title: %d %s, want 400 %s", r.Status, r.Body, podo.EInvalid)
	}
}

func TestTheDevelopmentLoginTakesKoreanNames(t *testing.T) {
	s := startServer(t, nil)
	r := s.do("POST", "/api/auth/dev/login", "", map[string]string{"name": "김철수"})
	var out struct {
		User podo.User `json:"user"`
	}
	r.decode(t, &out)
	if r.Status != 200 || out.User.Name != "김철수" {
		t.Fatalf("dev login as 김철수: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/api/auth/dev/login", "", map[string]string{"name": " !!! "}); r.Status != 400 || r.code() != podo.EInvalid {
		t.Fatalf("a name with no letter: %d %s", r.Status, r.Body)
	}
}

func TestBestAvailableHoldsAdjacentSeatsInTheBestFreeRowOfAGrade(t *testing.T) {
	s := startServer(t, nil)
	admin := s.admin()
	show := s.show()
	layout := map[string]any{
		"rows":   []map[string]any{{"label": "A", "seats": 6, "grade": "VIP"}, {"label": "B", "seats": 6, "aisles": []int{3}, "grade": "R"}, {"label": "C", "seats": 6, "grade": "R"}},
		"grades": []map[string]any{{"grade": "VIP", "price": 170000}, {"grade": "R", "price": 140000}},
	}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, layout); r.Status != 200 {
		t.Fatalf("layout: %d %s", r.Status, r.Body)
	}
	_, bob := s.user("bob")
	_, alice := s.user("alice")
	// Bob takes the middle of row B, so no three R seats are together there any more.
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), bob, map[string]any{"seats": []string{"B2", "B5"}}); r.Status != 201 {
		t.Fatalf("bob books: %d %s", r.Status, r.Body)
	}
	best := fmt.Sprintf("/api/shows/%d/hold/best", show.ID)
	var h podo.Hold
	r := s.do("POST", best, alice, map[string]any{"grade": "R", "count": 3})
	r.decode(t, &h)
	if r.Status != 200 || fmt.Sprint(h.Seats) != "[C2 C3 C4]" && fmt.Sprint(h.Seats) != "[C3 C4 C5]" {
		t.Fatalf("best 3 in R: %d %s, want three middle seats of row C", r.Status, r.Body)
	}
	for _, seat := range h.Seats {
		if st := seatStatus(t, s, show.ID, seat); st != podo.SeatHeld {
			t.Fatalf("%s is %s, want held", seat, st)
		}
	}
	for name, c := range map[string]struct {
		body   map[string]any
		status int
		code   string
	}{
		"seven VIP together": {map[string]any{"grade": "VIP", "count": 7}, 409, podo.ENoSeatsTogether},
		"unknown grade":      {map[string]any{"grade": "Z", "count": 1}, 400, podo.EInvalid},
		"no count":           {map[string]any{"grade": "R"}, 400, podo.EInvalid},
	} {
		if r := s.do("POST", best, alice, c.body); r.Status != c.status || r.code() != c.code {
			t.Errorf("%s: %d %s, want %d %s", name, r.Status, r.Body, c.status, c.code)
		}
	}
}
