package http

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/podo-tickets/podo/app"
)

// csrf makes sure a state-changing request that carries session cookies comes
// from our own pages: it must repeat the podo_csrf cookie in the X-CSRF-Token
// header, which another site can neither read nor set. Requests without
// session cookies (a Bearer token, or nobody signed in) carry no ambient
// credentials and need no such proof.
//
// A browser that lacks the cookie gets it where it may come to need it: with
// any answer once it has a session, and from the sign-in endpoints
// (/api/auth/..., where the SPA asks for it before its first unsafe request).
// An anonymous read of anything else, the seat map thousands fetch at an
// on-sale above all, sets no cookie: it has nothing to protect, and a public
// answer that sets a cookie costs every request and no cache can share it.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(cookieCSRF)
		session := hasSessionCookie(r)
		if _, ok := bearer(r); ok && !session {
			next.ServeHTTP(w, r) // an API client: no cookies to protect, none to hand out
			return
		}
		missing := err != nil || len(c.Value) < 16
		if missing && !session && safe(r.Method) && !strings.HasPrefix(r.URL.Path, "/api/auth/") {
			next.ServeHTTP(w, r) // an anonymous read: nothing to protect yet
			return
		}
		if missing {
			c = &http.Cookie{Name: cookieCSRF, Value: randomHex(16), Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies}
			http.SetCookie(w, c)
			w.Header().Set(headerCSRF, c.Value)
			c.Value = "" // a cookie minted now cannot have been echoed yet
		} else {
			// Also in a header, for an SPA served from another origin of the same
			// site, which cannot read this origin's cookies but may read headers it is allowed.
			w.Header().Set(headerCSRF, c.Value)
		}
		if !safe(r.Method) && session {
			h := r.Header.Get(headerCSRF)
			if c.Value == "" || subtle.ConstantTimeCompare([]byte(h), []byte(c.Value)) != 1 {
				s.Error(w, r, podo.Errorf(podo.ECSRF, "This request lacks a valid %s header. Reload the page and try again.", headerCSRF))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// safe methods change nothing, so need no proof of where they came from.
func safe(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

func hasSessionCookie(r *http.Request) bool {
	for _, name := range []string{cookieAccess, cookieRefresh} {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return false
}
