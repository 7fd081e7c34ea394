package auth

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app"
)

// RefreshStore keeps refresh-token families (the redis package implements it).
type RefreshStore interface {
	CreateRefresh(ctx context.Context, userID int64, family, hash string, ttl time.Duration) error
	RotateRefresh(ctx context.Context, userID int64, family, oldHash, newHash string, ttl, grace, lifetime, accessTTL time.Duration) error
	RevokeRefresh(ctx context.Context, userID int64, family string, accessTTL time.Duration) error
	Revoked(ctx context.Context, family string) (bool, error)
}

// UserStore finds and creates users (the mysql package implements it).
type UserStore interface {
	UpsertUser(ctx context.Context, id podo.Identity, adminEmails []string) (podo.User, error)
	FindUser(ctx context.Context, id int64) (podo.User, error)
	SetRole(ctx context.Context, id int64, role podo.Role) error
}

// How long sessions last.
const (
	// SessionLifetime is a session's absolute lifetime: refreshing renews the
	// refresh token, never past this from the sign-in.
	SessionLifetime = 30 * 24 * time.Hour
	// RotationGrace is how long a just-replaced refresh token is still
	// honoured, so that two tabs refreshing at once, or a retry whose answer
	// was lost, do not end the session as if the token had been stolen.
	RotationGrace = 10 * time.Second
)

// Sessions turns identities into sessions: an access token and a refresh token.
type Sessions struct {
	Tokens      *Tokens
	Refresh     RefreshStore
	Users       UserStore
	AdminEmails []string
	// Reused and Unknown let the caller tell refresh failures apart (set to the store's sentinel errors).
	Reused, Unknown error
}

// Session is what a sign-in or a refresh hands the browser.
type Session struct {
	User         podo.User
	AccessToken  string
	RefreshToken string
}

// SignIn creates or updates the identity's user and starts a session.
func (s *Sessions) SignIn(ctx context.Context, id podo.Identity) (Session, error) {
	u, err := s.Users.UpsertUser(ctx, id, s.AdminEmails)
	if err != nil {
		return Session{}, err
	}
	family, secret := randomString(12), randomString(32)
	if err := s.Refresh.CreateRefresh(ctx, u.ID, family, hash(secret), RefreshTTL); err != nil {
		return Session{}, podo.Errorf(podo.EUnavailable, "Signing in is unavailable right now. Please try again shortly.")
	}
	access, _, err := s.Tokens.Issue(u, family)
	if err != nil {
		return Session{}, err
	}
	return Session{User: u, AccessToken: access, RefreshToken: refreshToken(u.ID, family, secret)}, nil
}

func refreshToken(userID int64, family, secret string) string {
	return strconv.FormatInt(userID, 10) + "." + family + "." + secret
}

func parseRefresh(token string) (userID int64, family, secret string, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return 0, "", "", false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	return id, parts[1], parts[2], err == nil && id > 0
}

// Rotate exchanges a refresh token for a new one and a new access token. A
// refresh token that was already exchanged ends the whole session: either the
// user or a thief holds a copy, and we cannot tell which.
func (s *Sessions) Rotate(ctx context.Context, token string) (Session, error) {
	userID, family, secret, ok := parseRefresh(token)
	if !ok {
		return Session{}, podo.Errorf(podo.EUnauthorized, "Please sign in.")
	}
	next := randomString(32)
	err := s.Refresh.RotateRefresh(ctx, userID, family, hash(secret), hash(next), RefreshTTL, RotationGrace, SessionLifetime, AccessTTL)
	switch {
	case err == nil:
	case errors.Is(err, s.Reused):
		return Session{}, podo.Errorf(podo.EUnauthorized, "This session was ended because its refresh token was used twice. Please sign in again.")
	case errors.Is(err, s.Unknown):
		return Session{}, podo.Errorf(podo.EUnauthorized, "Your session has ended. Please sign in again.")
	default:
		return Session{}, podo.Errorf(podo.EUnavailable, "Sessions cannot be renewed right now. Please try again shortly.")
	}
	u, err := s.Users.FindUser(ctx, userID)
	if err != nil {
		return Session{}, err
	}
	// The role is the configuration's now, not the one recorded at sign-in.
	if role := podo.RoleFor(u.Email, s.AdminEmails); role != u.Role {
		if err := s.Users.SetRole(ctx, u.ID, role); err != nil {
			return Session{}, err
		}
		u.Role = role
	}
	access, _, err := s.Tokens.Issue(u, family)
	if err != nil {
		return Session{}, err
	}
	return Session{User: u, AccessToken: access, RefreshToken: refreshToken(userID, family, next)}, nil
}

// SignOut revokes the session of a refresh token.
func (s *Sessions) SignOut(ctx context.Context, token string) error {
	userID, family, _, ok := parseRefresh(token)
	if !ok {
		return nil
	}
	return s.Refresh.RevokeRefresh(ctx, userID, family, AccessTTL)
}

// Ended tells whether the session of an access token was ended (signed out,
// or its refresh token reused) before the token expired. While Redis cannot
// say, access tokens stand until they expire (at most AccessTTL), as they
// would without the list.
func (s *Sessions) Ended(ctx context.Context, p Principal) bool {
	revoked, err := s.Refresh.Revoked(ctx, p.Session)
	return err == nil && revoked
}

// notSlug is what a name's slug leaves out: anything but letters (of any script, so 김철수
// is a name), digits and hyphens.
var notSlug = regexp.MustCompile(`[^\p{L}\p{N}-]+`)

// DevIdentity is the identity of a development login by name. Its email is
// <slug>@dev.podo.local, so PODO_ADMIN_EMAILS can make a dev user an admin.
func DevIdentity(name string) (podo.Identity, error) {
	name = strings.TrimSpace(name)
	slug := notSlug.ReplaceAllString(strings.ToLower(name), "")
	if name == "" || len([]rune(name)) > 40 || slug == "" {
		return podo.Identity{}, podo.Errorf(podo.EInvalid, "Enter a name of 1 to 40 characters with at least one letter or digit.")
	}
	return podo.Identity{Provider: "dev", Subject: slug, Email: slug + "@dev.podo.local", Name: name}, nil
}
