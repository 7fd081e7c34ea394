// Package auth signs people in (Google through OpenID Connect, or a development
// login), issues short-lived access tokens (HS256 JWTs) and rotating refresh
// tokens kept in Redis, and verifies them on every request.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/podo-tickets/podo/app"
)

// Lifetimes.
const (
	AccessTTL  = 15 * time.Minute
	RefreshTTL = 7 * 24 * time.Hour
	issuer     = "podo"
	audience   = "podo-api"
)

// Claims are what an access token says.
type Claims struct {
	Name    string    `json:"name"`
	Role    podo.Role `json:"role"`
	Session string    `json:"sid"`
	jwt.RegisteredClaims
}

// Principal is the signed-in user of a request.
type Principal struct {
	UserID  int64
	Name    string
	Role    podo.Role
	Session string
}

// Tokens signs and verifies access tokens.
type Tokens struct {
	key []byte
	now func() time.Time

	// Tokens already verified, by their whole text (signature included, so
	// no other text can find an entry), until they expire: a buyer's every
	// request during an on-sale carries the same token, and parsing it each
	// time was a third of a refusal's CPU.
	mu       sync.Mutex
	verified map[string]verifiedToken
}

type verifiedToken struct {
	p       Principal
	expires time.Time // the token's expiry plus the leeway Verify allows
}

// leeway is the clock skew Verify forgives on a token's expiry.
const leeway = 5 * time.Second

// maxVerified bounds the cache: it is cleared whole when full.
const maxVerified = 100_000

// NewTokens returns a signer with the HS256 key.
func NewTokens(key []byte) *Tokens {
	return &Tokens{key: key, now: time.Now, verified: map[string]verifiedToken{}}
}

// Issue signs an access token for the user in a session.
func (t *Tokens) Issue(u podo.User, session string) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(AccessTTL)
	c := Claims{Name: u.Name, Role: u.Role, Session: session, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: issuer, Audience: jwt.ClaimStrings{audience}, Subject: strconv.FormatInt(u.ID, 10),
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.key)
	return s, exp, err
}

// Verify checks an access token's signature (HS256 only: alg "none" and every
// other algorithm are refused), issuer, audience and expiry.
func (t *Tokens) Verify(token string) (Principal, error) {
	t.mu.Lock()
	v, ok := t.verified[token]
	t.mu.Unlock()
	if ok && t.now().Before(v.expires) {
		return v.p, nil
	}
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(issuer), jwt.WithAudience(audience),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(t.now), jwt.WithLeeway(leeway))
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return Principal{}, podo.Errorf(podo.EUnauthorized, "Your session has expired. Please sign in again.")
		}
		return Principal{}, podo.Errorf(podo.EUnauthorized, "Your session is not valid. Please sign in again.")
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 {
		return Principal{}, podo.Errorf(podo.EUnauthorized, "Your session is not valid. Please sign in again.")
	}
	p := Principal{UserID: id, Name: c.Name, Role: c.Role, Session: c.Session}
	t.mu.Lock()
	if len(t.verified) >= maxVerified {
		clear(t.verified)
	}
	t.verified[token] = verifiedToken{p: p, expires: c.ExpiresAt.Add(leeway)}
	t.mu.Unlock()
	return p, nil
}

// randomString returns n random bytes, URL-safe encoded.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
