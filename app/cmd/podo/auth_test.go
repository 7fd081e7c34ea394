package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/contract"
)

// fakeProvider is an OpenID provider served by the test: discovery, JWKS, an
// authorize endpoint that consents at once, and a token endpoint that checks
// the PKCE verifier and returns a signed ID token.
type fakeProvider struct {
	*httptest.Server
	key *rsa.PrivateKey

	mu         sync.Mutex
	challenge  string // code_challenge of the pending authorization
	nonce      string
	pkceOK     bool
	wrongNonce bool
}

func newFakeProvider(t *testing.T) *fakeProvider {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	p := &fakeProvider{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize", "token_endpoint": p.URL + "/token",
			"jwks_uri": p.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("client_id") != "podo-client" {
			http.Error(w, "bad authorize request", 400)
			return
		}
		p.mu.Lock()
		p.challenge, p.nonce = q.Get("code_challenge"), q.Get("nonce")
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=the-code&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		p.mu.Lock()
		defer p.mu.Unlock()
		if r.Form.Get("code") != "the-code" || base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		p.pkceOK = true
		nonce := p.nonce
		if p.wrongNonce {
			nonce = "not-the-nonce"
		}
		now := time.Now()
		claims := map[string]any{"iss": p.URL, "aud": "podo-client", "sub": "google-123", "email": "jo@example.com",
			"email_verified": true, "name": "Jo Kim", "nonce": nonce, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, nil)
		payload, _ := json.Marshal(claims)
		jws, _ := signer.Sign(payload)
		idToken, _ := jws.CompactSerialize()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": idToken})
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

func googleEnv(p *fakeProvider) map[string]string {
	return map[string]string{contract.EnvOIDCIssuer: p.URL, contract.EnvGoogleClientID: "podo-client", contract.EnvGoogleClientSecret: "podo-secret"}
}

// signIn walks the popup's redirects by hand: service -> provider -> callback.
func signIn(t *testing.T, s *testServer, c *http.Client, tamperState bool) response {
	t.Helper()
	r := doWith(t, c, "GET", s.URL+"/api/auth/google/login", "", nil)
	if r.Status != 302 {
		t.Fatalf("login start: %d %s", r.Status, r.Body)
	}
	r = doWith(t, c, "GET", r.Header.Get("Location"), "", nil)
	if r.Status != 302 {
		t.Fatalf("provider: %d %s", r.Status, r.Body)
	}
	cb := r.Header.Get("Location")
	if !strings.HasPrefix(cb, s.URL+"/api/auth/google/callback") {
		t.Fatalf("provider sent us to %s", cb)
	}
	if tamperState {
		cb = strings.Replace(cb, "state=", "state=x", 1)
	}
	return doWith(t, c, "GET", cb, "", nil)
}

func TestGoogleSignInEndToEnd(t *testing.T) {
	p := newFakeProvider(t)
	s := startServer(t, googleEnv(p))
	c := browser()
	r := signIn(t, s, c, false)
	if r.Status != 200 || !strings.Contains(string(r.Body), "podo:login") {
		t.Fatalf("callback: %d %s", r.Status, r.Body)
	}
	if !p.pkceOK {
		t.Fatal("the provider never saw a matching PKCE verifier")
	}
	var u podo.User
	me := doWith(t, c, "GET", s.URL+"/api/auth/me", "", nil)
	me.decode(t, &u)
	if me.Status != 200 || u.Name != "Jo Kim" || u.Email != "jo@example.com" || u.Role != podo.RoleUser {
		t.Fatalf("me: %d %+v", me.Status, u)
	}
	// Signing in again updates the same user.
	signIn(t, s, browser(), false)
	var n int
	s.DB.QueryRow("SELECT COUNT(*) FROM users").Scan(&n)
	if n != 1 {
		t.Fatalf("%d users after two sign-ins of one person", n)
	}
}

func TestGoogleSignInRefusesForgedStateAndWrongNonce(t *testing.T) {
	p := newFakeProvider(t)
	s := startServer(t, googleEnv(p))
	if r := signIn(t, s, browser(), true); r.Status != 401 {
		t.Fatalf("forged state: %d %s", r.Status, r.Body)
	}
	p.wrongNonce = true
	if r := signIn(t, s, browser(), false); r.Status != 401 {
		t.Fatalf("wrong nonce: %d %s", r.Status, r.Body)
	}
	// A callback without the flow cookie (started in another browser) fails too.
	if r := s.do("GET", "/api/auth/google/callback?code=the-code&state=abc", "", nil); r.Status != 401 {
		t.Fatalf("callback without flow cookie: %d", r.Status)
	}
}

// devSignIn signs a browser in with the development login and returns its CSRF token.
func devSignIn(t *testing.T, s *testServer, c *http.Client, name string) string {
	t.Helper()
	cfg := doWith(t, c, "GET", s.URL+"/api/auth/config", "", nil)
	if cfg.Status != 200 {
		t.Fatal(cfg.Status)
	}
	csrf := cookie(t, c, s.URL, "podo_csrf")
	if r := doWith(t, c, "POST", s.URL+"/api/auth/dev/login", "", map[string]string{"name": name}, "X-CSRF-Token", csrf); r.Status != 200 {
		t.Fatalf("dev login: %d %s", r.Status, r.Body)
	}
	return csrf
}

func cookie(t *testing.T, c *http.Client, base, name string) string {
	u, _ := url.Parse(base + "/api/auth/x")
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	t.Fatalf("no %s cookie", name)
	return ""
}

func TestRefreshRotatesAndReuseEndsTheSession(t *testing.T) {
	s := startServer(t, nil)
	c := browser()
	csrf := devSignIn(t, s, c, "Rae")
	first := cookie(t, c, s.URL, "podo_refresh")
	if r := doWith(t, c, "POST", s.URL+"/api/auth/refresh", "", nil, "X-CSRF-Token", csrf); r.Status != 204 {
		t.Fatalf("refresh: %d %s", r.Status, r.Body)
	}
	second := cookie(t, c, s.URL, "podo_refresh")
	if second == first {
		t.Fatal("refresh did not rotate the token")
	}
	// Someone replays the first token, after the grace a second tab gets: refused, and the whole session ends.
	ageRotations(t, s, first)
	thief := browser()
	u, _ := url.Parse(s.URL + "/api/auth")
	thief.Jar.SetCookies(u, []*http.Cookie{{Name: "podo_refresh", Value: first, Path: "/api/auth"}, {Name: "podo_csrf", Value: csrf, Path: "/"}})
	if r := doWith(t, thief, "POST", s.URL+"/api/auth/refresh", "", nil, "X-CSRF-Token", csrf); r.Status != 401 {
		t.Fatalf("replayed refresh token: %d", r.Status)
	}
	if r := doWith(t, c, "POST", s.URL+"/api/auth/refresh", "", nil, "X-CSRF-Token", csrf); r.Status != 401 {
		t.Fatalf("refresh after reuse was detected: %d, want 401", r.Status)
	}
}

func TestLogoutRevokesTheRefreshToken(t *testing.T) {
	s := startServer(t, nil)
	c := browser()
	csrf := devSignIn(t, s, c, "Lou")
	token := cookie(t, c, s.URL, "podo_refresh")
	if r := doWith(t, c, "POST", s.URL+"/api/auth/logout", "", nil, "X-CSRF-Token", csrf); r.Status != 204 {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := doWith(t, c, "GET", s.URL+"/api/auth/me", "", nil); r.Status != 401 {
		t.Fatalf("me after logout: %d", r.Status)
	}
	again := browser()
	u, _ := url.Parse(s.URL + "/api/auth")
	again.Jar.SetCookies(u, []*http.Cookie{{Name: "podo_refresh", Value: token, Path: "/api/auth"}, {Name: "podo_csrf", Value: csrf, Path: "/"}})
	if r := doWith(t, again, "POST", s.URL+"/api/auth/refresh", "", nil, "X-CSRF-Token", csrf); r.Status != 401 {
		t.Fatalf("refresh with a logged-out token: %d", r.Status)
	}
}

func TestBadTokensAreRefused(t *testing.T) {
	s := startServer(t, nil)
	u, good := s.user("tok")
	if r := s.do("GET", "/api/auth/me", good, nil); r.Status != 200 {
		t.Fatalf("good token: %d", r.Status)
	}
	claims := jwt.MapClaims{"sub": fmt.Sprint(u.ID), "iss": "podo", "aud": "podo-api", "role": "admin",
		"iat": time.Now().Add(-time.Hour).Unix(), "exp": time.Now().Add(-30 * time.Minute).Unix()}
	expired, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(testSecret))
	claims["exp"] = time.Now().Add(time.Hour).Unix()
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	otherKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("another-key-of-at-least-32-bytes!!!!"))
	parts := strings.Split(good, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(payload), `"role":"user"`, `"role":"admin"`, 1)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2]
	for name, tok := range map[string]string{"expired": expired, "alg none": none, "other key": otherKey, "tampered": tampered, "garbage": "abc.def"} {
		r := s.do("GET", "/api/auth/me", tok, nil)
		if r.Status != 401 || r.code() != podo.EUnauthorized {
			t.Errorf("%s token: %d %s", name, r.Status, r.Body)
		}
		if r := s.do("POST", "/api/admin/shows", tok, map[string]any{"title": "x"}); r.Status != 401 {
			t.Errorf("%s token on an admin route: %d", name, r.Status)
		}
	}
}

func TestCSRFIsRequiredWithCookies(t *testing.T) {
	s := startServer(t, nil)
	show := s.show()
	c := browser()
	csrf := devSignIn(t, s, c, "Cee")
	path := fmt.Sprintf("%s/api/shows/%d/reservations", s.URL, show.ID)
	if r := doWith(t, c, "POST", path, "", map[string]any{"seats": []string{"A1"}}); r.Status != 403 || r.code() != podo.ECSRF {
		t.Fatalf("no CSRF header: %d %s", r.Status, r.Body)
	}
	if r := doWith(t, c, "POST", path, "", map[string]any{"seats": []string{"A1"}}, "X-CSRF-Token", "wrong-token-value-123"); r.Status != 403 {
		t.Fatalf("wrong CSRF header: %d", r.Status)
	}
	if r := doWith(t, c, "POST", path, "", map[string]any{"seats": []string{"A1"}}, "X-CSRF-Token", csrf); r.Status != 201 {
		t.Fatalf("with CSRF header: %d %s", r.Status, r.Body)
	}
	var none int
	s.DB.QueryRow("SELECT COUNT(*) FROM reservations").Scan(&none)
	if none != 1 {
		t.Fatalf("%d reservations, want 1 (the refused requests must store nothing)", none)
	}
}

func TestDevLoginExistsOnlyWhenEnabled(t *testing.T) {
	s := startServer(t, map[string]string{contract.EnvDevLogin: "false"})
	if r := s.do("POST", "/api/auth/dev/login", "", map[string]string{"name": "x"}); r.Status != 404 {
		t.Fatalf("dev login when disabled: %d", r.Status)
	}
	var cfg struct{ DevLogin, Google bool }
	s.do("GET", "/api/auth/config", "", nil).decode(t, &cfg)
	if cfg.DevLogin || cfg.Google {
		t.Fatalf("config = %+v", cfg)
	}
}

func TestAdminsManageShowsAndLayouts(t *testing.T) {
	s := startServer(t, nil)
	_, user := s.user("plain")
	adminUser, err := s.DB.UpsertUser(t.Context(), podo.Identity{Provider: "dev", Subject: "admin", Name: "Admin", Email: "admin@dev.podo.local"}, []string{"admin@dev.podo.local"})
	if err != nil || adminUser.Role != podo.RoleAdmin {
		t.Fatalf("admin: %+v %v", adminUser, err)
	}
	admin := s.tokenFor(adminUser)
	in := map[string]any{"title": "New", "date": "2027-01-05", "startTime": "19:00", "endTime": "21:00", "venue": "Hall", "price": 70000,
		"layout": map[string]any{"rows": []map[string]any{{"label": "A", "seats": 6, "aisles": []int{3}}, {"label": "B", "seats": 6, "price": 90000}}}}
	if r := s.do("POST", "/api/admin/shows", user, in); r.Status != 403 {
		t.Fatalf("non-admin create: %d", r.Status)
	}
	r := s.do("POST", "/api/admin/shows", admin, in)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var show podo.Show
	r.decode(t, &show)
	if show.TotalSeats != 12 {
		t.Fatalf("total seats %d, want 12", show.TotalSeats)
	}
	var sm podo.SeatMap
	s.do("GET", fmt.Sprintf("/api/shows/%d/seats", show.ID), "", nil).decode(t, &sm)
	if sm.Columns != 7 || sm.Seats[3].Name != "A4" || sm.Seats[3].Column != 5 || sm.Seats[6].Price != 90000 {
		t.Fatalf("seat map with an aisle: columns %d, %+v, %+v", sm.Columns, sm.Seats[3], sm.Seats[6])
	}
	if r := s.do("POST", fmt.Sprintf("/api/shows/%d/reservations", show.ID), user, map[string]any{"seats": []string{"B6"}}); r.Status != 201 {
		t.Fatalf("book B6: %d %s", r.Status, r.Body)
	}
	shrink := map[string]any{"rows": []map[string]any{{"label": "A", "seats": 6}}}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d/layout", show.ID), admin, shrink); r.Status != 409 || r.code() != podo.ESeatSold {
		t.Fatalf("dropping a sold seat: %d %s", r.Status, r.Body)
	}
	edit := map[string]any{"title": "Renamed", "date": "2027-01-05", "startTime": "19:00", "endTime": "21:00", "venue": "Hall", "price": 70000}
	if r := s.do("PUT", fmt.Sprintf("/api/admin/shows/%d", show.ID), admin, edit); r.Status != 200 {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	s.checkCounters(show.ID)
}

func TestSPAOnAnotherOriginGetsTheCSRFTokenFromAHeader(t *testing.T) {
	site := "https://podo.example"
	s := startServer(t, map[string]string{contract.EnvAllowedOrigins: site})
	c := browser()
	r := doWith(t, c, "GET", s.URL+"/api/auth/config", "", nil, "Origin", site)
	token := r.Header.Get("X-CSRF-Token")
	if r.Header.Get("Access-Control-Allow-Origin") != site || r.Header.Get("Access-Control-Allow-Credentials") != "true" ||
		!strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "X-CSRF-Token") || token != cookie(t, c, s.URL, "podo_csrf") {
		t.Fatalf("CORS answer: %v", r.Header)
	}
	if r := doWith(t, c, "GET", s.URL+"/api/auth/config", "", nil, "Origin", "https://evil.example"); r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("an unknown origin was allowed: %v", r.Header)
	}
	pre := doWith(t, c, "OPTIONS", s.URL+"/api/auth/dev/login", "", nil, "Origin", site, "Access-Control-Request-Method", "POST")
	if pre.Status != 204 || !strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "X-CSRF-Token") {
		t.Fatalf("preflight: %d %v", pre.Status, pre.Header)
	}
	if r := doWith(t, c, "POST", s.URL+"/api/auth/dev/login", "", map[string]string{"name": "Far"}, "Origin", site, "X-CSRF-Token", token); r.Status != 200 {
		t.Fatalf("login with the header's token: %d %s", r.Status, r.Body)
	}
}
