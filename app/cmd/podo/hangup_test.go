package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/rueidis"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
	"github.com/podo-tickets/podo/app/redis"
)

// abortAfterSend writes one HTTP request on a fresh connection and, a few
// milliseconds later, drops the connection with a reset: the client of a phone
// that loses its network right after tapping "Reserve".
func abortAfterSend(t *testing.T, s *testServer, method, path, token, body string) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Error(err)
		return
	}
	req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: podo\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		method, path, token, len(body), body)
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Error(err)
	}
	time.Sleep(time.Duration(300+rand.IntN(4000)) * time.Microsecond)
	conn.(*net.TCPConn).SetLinger(0) // close with RST, as the review's reproduction did
	conn.Close()
}

// quiet waits until the server has finished every request, including those
// whose clients have gone: only the /metrics request asking, and live event
// streams, are in flight.
func quiet(t *testing.T, s *testServer) {
	t.Helper()
	waitFor(t, "requests in flight to finish", func() bool {
		return metric(t, s, contract.MetricHTTPRequestsInFlight)-metric(t, s, contract.MetricSSEClients) == 1
	})
}

// soldInMySQL returns the show's seats that MySQL says are sold.
func soldInMySQL(t *testing.T, s *testServer, showID int64) map[string]bool {
	t.Helper()
	rows, err := s.DB.Query("SELECT seat_name FROM reservation_seats WHERE show_id = ?", showID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sold := map[string]bool{}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		sold[n] = true
	}
	return sold
}

// mapAgreesWithMySQL fails unless the seat map shows exactly MySQL's sold seats as reserved and
// every other seat free, and a hold (decided by Redis alone) is refused on a sold seat.
func mapAgreesWithMySQL(t *testing.T, s *testServer, showID int64) {
	t.Helper()
	sold := soldInMySQL(t, s, showID)
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", showID), "", nil).decode(t, &sm)
	var wrong []string
	for _, st := range sm.Seats {
		want := podo.SeatAvailable
		if sold[st.Name] {
			want = podo.SeatReserved
		}
		if st.Status != want {
			wrong = append(wrong, fmt.Sprintf("%s is %s, MySQL says %s", st.Name, st.Status, want))
		}
	}
	if len(wrong) > 0 {
		t.Fatalf("%d seats of %d differ from MySQL (%d sold): %s", len(wrong), len(sm.Seats), len(sold), strings.Join(wrong, "; "))
	}
	_, tok := s.user(fmt.Sprintf("checker%d", showID))
	for seat := range sold {
		r := s.do("PUT", fmt.Sprintf("/api/shows/%d/hold", showID), tok, map[string]any{"seats": []string{seat}})
		if r.code() != podo.ESeatTaken {
			t.Fatalf("hold of sold %s: %d %s, want seat_taken", seat, r.Status, r.Body)
		}
		break
	}
}

// Of hundreds of bookings whose clients hang up right after sending, those
// that MySQL committed are all shown sold, and every other seat is free.
func TestBookingsWhoseClientsHangUpLeaveRedisAgreeingWithMySQL(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	seats := make([]string, 0, 140)
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
	for _, st := range sm.Seats {
		seats = append(seats, st.Name)
	}
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 50)
	for i := range 300 {
		_, tok := s.user(fmt.Sprintf("gone%d", i))
		seat := seats[rand.IntN(len(seats))]
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			abortAfterSend(t, s, "POST", path, tok, `{"seats":["`+seat+`"]}`)
		}()
	}
	wg.Wait()
	quiet(t, s)
	if len(soldInMySQL(t, s, show.ID)) == 0 {
		t.Fatal("no booking committed: the clients hung up too early to test anything")
	}
	t.Logf("%d seats sold in MySQL after the hang-ups", len(soldInMySQL(t, s, show.ID)))
	mapAgreesWithMySQL(t, s, show.ID)
	s.checkCounters(show.ID)
}

// Cancellations whose clients hang up put their seats back on sale when MySQL committed them.
func TestCancelsWhoseClientsHangUpLeaveRedisAgreeingWithMySQL(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	type booked struct {
		token string
		id    int64
	}
	var all []booked
	for i := range 100 {
		_, tok := s.user(fmt.Sprintf("cancel%d", i))
		r := s.do("POST", path, tok, map[string]any{"seats": []string{fmt.Sprintf("%c%d", 'A'+i/14, i%14+1)}})
		if r.Status != 201 {
			t.Fatalf("booking %d: %d %s", i, r.Status, r.Body)
		}
		var res podo.Reservation
		r.decode(t, &res)
		all = append(all, booked{tok, res.ID})
	}
	var wg sync.WaitGroup
	for _, b := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			abortAfterSend(t, s, "DELETE", fmt.Sprintf("/api/reservations/%d", b.id), b.token, "")
		}()
	}
	wg.Wait()
	quiet(t, s)
	if n := len(soldInMySQL(t, s, show.ID)); n == 100 {
		t.Fatal("no cancel committed: the clients hung up too early to test anything")
	}
	t.Logf("%d seats sold in MySQL after the hang-ups", len(soldInMySQL(t, s, show.ID)))
	mapAgreesWithMySQL(t, s, show.ID)
	s.checkCounters(show.ID)
}

// A reload of a show's taken seats from MySQL that overlaps bookings never
// drops one of them: Redis is made to forget the show again and again while
// buyers book, and afterwards it agrees with MySQL.
func TestReloadingTakenSeatsDuringBookingsMissesNone(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	rdb := testRedis(t)
	ctx, stop := context.WithCancel(context.Background())
	forgetting := make(chan struct{})
	key := takenKeyFor(t, s, show.ID)
	forgot := 0
	go func() {
		defer close(forgetting)
		for ctx.Err() == nil {
			// What the key's expiry or an invalidation does: the next reader reloads from MySQL.
			if n, _ := rdb.Do(context.Background(), rdb.B().Del().Key(key).Build()).AsInt64(); n == 1 {
				forgot++
			}
			s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil)
		}
	}()
	path := fmt.Sprintf("/api/shows/%d/reservations", show.ID)
	var wg sync.WaitGroup
	for i := range 140 {
		_, tok := s.user(fmt.Sprintf("reload%d", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.do("POST", path, tok, map[string]any{"seats": []string{fmt.Sprintf("%c%d", 'A'+i/14, i%14+1)}})
		}()
	}
	wg.Wait()
	stop()
	<-forgetting
	if forgot == 0 {
		t.Fatalf("the taken set %s was never there to forget", key)
	}
	t.Logf("Redis forgot the taken seats %d times during the sale", forgot)
	quiet(t, s)
	mapAgreesWithMySQL(t, s, show.ID)
}

// testRedis is a client of the tests' Redis database, to look at or disturb what the service keeps there.
func testRedis(t *testing.T) rueidis.Client {
	t.Helper()
	n := 0
	fmt.Sscan(testRedisDB, &n)
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{"127.0.0.1:6379"}, SelectDB: n, DisableCache: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// takenKeyFor is the Redis key of a show's taken seats, under the database's epoch.
func takenKeyFor(t *testing.T, s *testServer, showID int64) string {
	t.Helper()
	epoch, err := s.DB.Epoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("e:%s:taken:%d", epoch, showID)
}

// A replica that dies between MySQL's commit and telling Redis leaves a lock
// mark that nobody ends; when it expires, Redis forgets the show's taken seats
// and rebuilds them from MySQL, so the sold seat is not shown free for long.
func TestABookingWhoseReplicaDiedAfterTheCommitIsShownSold(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	u, _ := s.user("orphan")
	seatStatus(t, s, show.ID, "D1") // the taken set is loaded
	ctx := context.Background()
	epoch, err := s.DB.Epoch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The replica that died: it claimed D1, MySQL committed, and it never said so.
	n := 0
	fmt.Sscan(testRedisDB, &n)
	dead := redis.Open(redis.Options{Addr: "127.0.0.1:6379", DB: n, Epoch: epoch, LockValidity: 300 * time.Millisecond},
		slog.New(slog.DiscardHandler), metrics.New("test"))
	defer dead.Close()
	if err := dead.WaitUp(ctx); err != nil {
		t.Fatal(err)
	}
	if cr, err := dead.ClaimSeats(ctx, show.ID, u.ID, []string{"D1"}, podo.SeatEvent{Type: podo.EventHeld, ShowID: show.ID, Seats: []string{"D1"}}); err != nil || !cr.Claimed {
		t.Fatalf("claim: %+v %v", cr, err)
	}
	if _, err := s.DB.Reserve(ctx, u.ID, show.ID, []string{"D1"}, nil); err != nil {
		t.Fatal(err)
	}
	waitSeat(t, s, show.ID, "D1", podo.SeatReserved)
}
