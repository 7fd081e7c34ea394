package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// familyKey is the Redis key of a refresh token's family ("user.family.secret").
func familyKey(t *testing.T, s *testServer, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	epoch, err := s.DB.Epoch(context.Background())
	if err != nil || len(parts) != 3 {
		t.Fatalf("token %q, epoch: %v", token, err)
	}
	return fmt.Sprintf("e:%s:refreshtoken:%s:%s", epoch, parts[0], parts[1])
}

// ageRotations makes every rotation of the token's family look long past, as
// if the grace for a second tab were over.
func ageRotations(t *testing.T, s *testServer, token string) {
	t.Helper()
	rdb, key := testRedis(t), familyKey(t, s, token)
	fields, err := rdb.Do(context.Background(), rdb.B().Hkeys().Key(key).Build()).AsStrSlice()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if strings.HasPrefix(f, "old:") {
			rdb.Do(context.Background(), rdb.B().Hset().Key(key).FieldValue().FieldValue(f, "0").Build())
		}
	}
}

func refresh(t *testing.T, s *testServer, c *http.Client, csrf string) response {
	t.Helper()
	return doWith(t, c, "POST", s.URL+"/api/auth/refresh", "", nil, "X-CSRF-Token", csrf)
}

// Removing an admin from PODO_ADMIN_EMAILS takes effect at the next refresh.
func TestARemovedAdminIsNoAdminAfterTheNextRefresh(t *testing.T) {
	s := startServer(t, nil)
	c := browser()
	csrf := devSignIn(t, s, c, "Admin")
	in := map[string]any{"title": "Demoted", "date": "2027-01-05", "startTime": "19:00", "endTime": "21:00", "venue": "Hall", "price": 1000}
	if r := doWith(t, c, "POST", s.URL+"/api/admin/shows", "", in, "X-CSRF-Token", csrf); r.Status != 201 {
		t.Fatalf("admin creates a show: %d %s", r.Status, r.Body)
	}
	s.Stop()
	demoted := startServer(t, map[string]string{keepRedis: "yes", contract.EnvMySQLDSN: s.env[contract.EnvMySQLDSN], contract.EnvAdminEmails: ""})
	if r := refresh(t, demoted, c, csrf); r.Status != 204 {
		t.Fatalf("refresh: %d %s", r.Status, r.Body)
	}
	if r := doWith(t, c, "POST", demoted.URL+"/api/admin/shows", "", in, "X-CSRF-Token", csrf); r.Status != 403 {
		t.Fatalf("the removed admin creates a show: %d %s, want 403", r.Status, r.Body)
	}
}

// A session ends at its absolute lifetime however often it is refreshed.
func TestASessionHasAnAbsoluteLifetime(t *testing.T) {
	s := startServer(t, nil)
	c := browser()
	csrf := devSignIn(t, s, c, "Old")
	rdb := testRedis(t)
	key := familyKey(t, s, cookie(t, c, s.URL, "podo_refresh"))
	// Signed in 31 days ago.
	born, _ := rdb.Do(context.Background(), rdb.B().Hget().Key(key).Field("born").Build()).AsInt64()
	rdb.Do(context.Background(), rdb.B().Hset().Key(key).FieldValue().FieldValue("born", fmt.Sprint(born-31*24*3600*1000)).Build())
	if r := refresh(t, s, c, csrf); r.Status != 401 {
		t.Fatalf("refresh of a 31-day-old session: %d, want 401", r.Status)
	}
}

// After logout, and after a refresh token's reuse ends the session, its access tokens stop working.
func TestAccessTokensStopWorkingWhenTheirSessionEnds(t *testing.T) {
	s := startServer(t, nil)
	for _, end := range []string{"logout", "reuse"} {
		c := browser()
		csrf := devSignIn(t, s, c, "Ender"+end)
		access := cookie(t, c, s.URL, "podo_access")
		first := cookie(t, c, s.URL, "podo_refresh")
		if r := s.do("GET", "/api/auth/me", access, nil); r.Status != 200 {
			t.Fatalf("%s: me before: %d", end, r.Status)
		}
		switch end {
		case "logout":
			if r := doWith(t, c, "POST", s.URL+"/api/auth/logout", "", nil, "X-CSRF-Token", csrf); r.Status != 204 {
				t.Fatalf("logout: %d", r.Status)
			}
		case "reuse":
			refresh(t, s, c, csrf)
			access = cookie(t, c, s.URL, "podo_access")
			ageRotations(t, s, first)
			thief := browser()
			thief.Jar.SetCookies(mustURL(s.URL+"/api/auth"), []*http.Cookie{{Name: "podo_refresh", Value: first, Path: "/api/auth"}, {Name: "podo_csrf", Value: csrf, Path: "/"}})
			if r := refresh(t, s, thief, csrf); r.Status != 401 {
				t.Fatalf("reuse: %d", r.Status)
			}
		}
		// Each replica hears of the revocation from Redis's invalidation push
		// (client-side caching), a moment after it was written: the token stops
		// working within that moment, not before the logout's own answer.
		for deadline := time.Now().Add(time.Second); ; time.Sleep(10 * time.Millisecond) {
			r := s.do("GET", "/api/auth/me", access, nil)
			if r.Status == 401 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the access token a second after %s: %d, want 401", end, r.Status)
			}
		}
	}
}

// Two refreshes with the same token at once (two tabs, or a retry) keep the session.
func TestTwoRefreshesAtOnceKeepTheSession(t *testing.T) {
	s := startServer(t, nil)
	c := browser()
	csrf := devSignIn(t, s, c, "Tabs")
	token := cookie(t, c, s.URL, "podo_refresh")
	tabs := make([]*http.Client, 2)
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range tabs {
		tabs[i] = browser()
		tabs[i].Jar.SetCookies(mustURL(s.URL+"/api/auth"), []*http.Cookie{{Name: "podo_refresh", Value: token, Path: "/api/auth"}, {Name: "podo_csrf", Value: csrf, Path: "/"}})
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = refresh(t, s, tabs[i], csrf).Status
		}()
	}
	wg.Wait()
	if statuses[0] != 204 || statuses[1] != 204 {
		t.Fatalf("two refreshes at once: %v, want 204 and 204", statuses)
	}
	// Whichever answer the browser kept, the session goes on.
	for i, tab := range tabs {
		if r := refresh(t, s, tab, csrf); r.Status != 204 {
			t.Fatalf("tab %d refreshing again: %d %s", i, r.Status, r.Body)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
