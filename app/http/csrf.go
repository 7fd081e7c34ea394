package http

import (
	"crypto/subtle"
	"net/http"

	"github.com/podo-tickets/podo/app"
)

// csrf makes sure a state-changing request that carries session cookies comes
// from our own pages: it must repeat the podo_csrf cookie in the X-CSRF-Token
// header, which another site can neither read nor set. Requests without
// session cookies (a Bearer token, or nobody signed in) carry no ambient
// credentials and need no such proof. Every response sets the cookie when the
// browser lacks it.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(cookieCSRF)
		if _, ok := bearer(r); ok && !hasSessionCookie(r) {
			next.ServeHTTP(w, r) // an API client: no cookies to protect, none to hand out
			return
		}
		if err != nil || len(c.Value) < 16 {
			c = &http.Cookie{Name: cookieCSRF, Value: randomHex(16), Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies}
			http.SetCookie(w, c)
			w.Header().Set(headerCSRF, c.Value)
			c.Value = "" // a cookie minted now cannot have been echoed yet
		} else {
			// Also in a header, for an SPA served from another origin of the same
			// site, which cannot read this origin's cookies but may read headers it is allowed.
			w.Header().Set(headerCSRF, c.Value)
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if hasSessionCookie(r) {
				h := r.Header.Get(headerCSRF)
				if c.Value == "" || subtle.ConstantTimeCompare([]byte(h), []byte(c.Value)) != 1 {
					s.Error(w, r, podo.Errorf(podo.ECSRF, "This request lacks a valid %s header. Reload the page and try again.", headerCSRF))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func hasSessionCookie(r *http.Request) bool {
	for _, name := range []string{cookieAccess, cookieRefresh} {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return false
}
