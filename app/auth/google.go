package auth

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"

	"github.com/podo-tickets/podo/app"
)

// Google signs people in with OpenID Connect's authorization-code flow, with
// state, nonce and PKCE (S256). The issuer is configurable so tests can serve
// their own provider.
type Google struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// key signs the short-lived flow cookie that carries state, nonce and verifier.
	key []byte

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewGoogle returns the sign-in flow; discovery happens on first use, so the
// service starts even when the provider is unreachable.
func NewGoogle(issuer, clientID, clientSecret, redirectURL string, key []byte) *Google {
	return &Google{Issuer: issuer, ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL, key: key}
}

func (g *Google) discover(ctx context.Context) (*oidc.Provider, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.provider != nil {
		return g.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), nil), g.Issuer)
	if err != nil {
		return nil, err
	}
	g.provider = p
	return p, nil
}

func (g *Google) config(p *oidc.Provider) oauth2.Config {
	return oauth2.Config{ClientID: g.ClientID, ClientSecret: g.ClientSecret, RedirectURL: g.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

type flowClaims struct {
	State    string `json:"st"`
	Nonce    string `json:"nn"`
	Verifier string `json:"pv"`
	jwt.RegisteredClaims
}

// FlowTTL is how long a person has to finish signing in.
const FlowTTL = 10 * time.Minute

// Start returns the provider URL to send the person to and the signed flow
// value to keep in an HttpOnly cookie until they come back.
func (g *Google) Start(ctx context.Context) (authURL, flow string, err error) {
	p, err := g.discover(ctx)
	if err != nil {
		return "", "", podo.Errorf(podo.EUnavailable, "Google sign-in cannot be reached right now. Please try again shortly.")
	}
	fc := flowClaims{State: randomString(24), Nonce: randomString(24), Verifier: oauth2.GenerateVerifier(),
		RegisteredClaims: jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(time.Now().Add(FlowTTL)), Audience: jwt.ClaimStrings{"podo-oidc-flow"}}}
	flow, err = jwt.NewWithClaims(jwt.SigningMethodHS256, fc).SignedString(g.key)
	if err != nil {
		return "", "", err
	}
	cfg := g.config(p)
	return cfg.AuthCodeURL(fc.State, oidc.Nonce(fc.Nonce), oauth2.S256ChallengeOption(fc.Verifier)), flow, nil
}

// Finish checks the returning request's state against the flow cookie,
// exchanges the code with the PKCE verifier, verifies the ID token (signature,
// issuer, audience, expiry, nonce) and returns who signed in.
func (g *Google) Finish(ctx context.Context, flow, state, code string) (podo.Identity, error) {
	var fc flowClaims
	_, err := jwt.ParseWithClaims(flow, &fc, func(*jwt.Token) (any, error) { return g.key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience("podo-oidc-flow"), jwt.WithExpirationRequired())
	if err != nil {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "The sign-in took too long or was started elsewhere. Please try again.")
	}
	if state == "" || state != fc.State {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "The sign-in could not be verified (state mismatch). Please try again.")
	}
	if code == "" {
		return podo.Identity{}, podo.Errorf(podo.EInvalid, "The sign-in was cancelled.")
	}
	p, err := g.discover(ctx)
	if err != nil {
		return podo.Identity{}, podo.Errorf(podo.EUnavailable, "Google sign-in cannot be reached right now. Please try again shortly.")
	}
	cfg := g.config(p)
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(fc.Verifier))
	if err != nil {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "Google did not accept the sign-in. Please try again.")
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "Google sent no identity. Please try again.")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: g.ClientID}).Verify(ctx, raw)
	if err != nil {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "The identity from Google could not be verified.")
	}
	if idt.Nonce != fc.Nonce {
		return podo.Identity{}, podo.Errorf(podo.EUnauthorized, "The sign-in could not be verified (nonce mismatch). Please try again.")
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
		Name          string `json:"name"`
		Picture       string `json:"picture"`
	}
	if err := idt.Claims(&claims); err != nil {
		return podo.Identity{}, err
	}
	if claims.Email != "" && !claims.EmailVerified {
		claims.Email = ""
	}
	if claims.Name == "" {
		claims.Name = "Podo user"
	}
	if idt.Subject == "" {
		return podo.Identity{}, errors.New("oidc: id token without subject")
	}
	return podo.Identity{Provider: "google", Subject: idt.Subject, Email: claims.Email, Name: claims.Name, PictureURL: claims.Picture}, nil
}
