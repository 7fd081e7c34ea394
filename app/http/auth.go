package http

import (
	"context"
	"net/http"
	"strings"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
)

// Authentication: who is asking, from the Bearer header or the session cookies, and the
// wrappers for routes that need a user or an admin.

// Cookie names.
const (
	cookieAccess  = "podo_access"
	cookieRefresh = "podo_refresh"
	cookieCSRF    = "podo_csrf"
	cookieFlow    = "podo_oidc"
	headerCSRF    = "X-CSRF-Token"
)

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// authenticate finds the signed-in user from the Bearer header or the access
// cookie. It never refuses a request itself: handlers that need a user ask
// for one, and get the reason the token failed.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			if c, err := r.Cookie(cookieAccess); err == nil {
				token, ok = c.Value, true
			}
		}
		if ok {
			info := infoOf(r.Context())
			if info == nil { // not behind requestIDs
				info = &requestInfo{}
				r = r.WithContext(context.WithValue(r.Context(), ctxRequest, info))
			}
			if p, err := s.Tokens.Verify(token); err != nil {
				info.authErr = err
			} else {
				info.principal, info.signedIn = p, true
			}
		}
		next.ServeHTTP(w, r)
	})
}

func principal(r *http.Request) (auth.Principal, bool) {
	if i := infoOf(r.Context()); i != nil && i.signedIn {
		return i.principal, true
	}
	return auth.Principal{}, false
}

// user returns the signed-in user or the error to answer with. A token
// whose session was ended (signed out, or its refresh token reused) is refused.
func (s *Server) user(r *http.Request) (auth.Principal, error) {
	if p, ok := principal(r); ok {
		if s.Sessions != nil && s.Sessions.Ended(r.Context(), p) {
			return auth.Principal{}, podo.Errorf(podo.EUnauthorized, "Your session has ended. Please sign in again.")
		}
		return p, nil
	}
	if i := infoOf(r.Context()); i != nil && i.authErr != nil {
		return auth.Principal{}, i.authErr
	}
	return auth.Principal{}, podo.Errorf(podo.EUnauthorized, "Please sign in first.")
}

// signedIn hands h the signed-in user, or answers 401 with why there is none.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.user(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		h(w, r, p)
	}
}

// admin lets only admins through.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		if p.Role != podo.RoleAdmin {
			s.Error(w, r, podo.Errorf(podo.EForbidden, "Only admins can do this."))
			return
		}
		h(w, r)
	})
}
