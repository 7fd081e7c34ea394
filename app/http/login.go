package http

import (
	"html/template"
	"net/http"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
)

type authConfig struct {
	Google   bool `json:"google"`
	DevLogin bool `json:"devLogin"`
}

func (s *Server) handleAuthConfig(w http.ResponseWriter, r *http.Request) {
	s.JSON(w, r, http.StatusOK, authConfig{Google: s.Google != nil, DevLogin: s.DevLogin})
}

// setSession hands the browser its session: the access token for every
// request and the refresh token only for /api/auth, both out of JavaScript's reach.
func (s *Server) setSession(w http.ResponseWriter, sess auth.Session) {
	http.SetCookie(w, &http.Cookie{Name: cookieAccess, Value: sess.AccessToken, Path: "/", MaxAge: int(auth.AccessTTL / time.Second),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: cookieRefresh, Value: sess.RefreshToken, Path: "/api/auth", MaxAge: int(auth.RefreshTTL / time.Second),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSession(w http.ResponseWriter) {
	for _, c := range []struct{ name, path string }{{cookieAccess, "/"}, {cookieRefresh, "/api/auth"}} {
		http.SetCookie(w, &http.Cookie{Name: c.name, Value: "", Path: c.path, MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	}
}

type devLoginRequest struct {
	Name string `json:"name"`
}

type sessionBody struct {
	User        podo.User `json:"user"`
	AccessToken string    `json:"accessToken,omitempty"`
}

func (s *Server) handleDevLogin(w http.ResponseWriter, r *http.Request) {
	if !s.DevLogin {
		s.handleNotFound(w, r)
		return
	}
	var req devLoginRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	id, err := auth.DevIdentity(req.Name)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sess, err := s.Sessions.SignIn(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSession(w, sess)
	s.JSON(w, r, http.StatusOK, sessionBody{User: sess.User, AccessToken: sess.AccessToken})
}

func (s *Server) handleGoogleLogin(w http.ResponseWriter, r *http.Request) {
	if s.Google == nil {
		s.Error(w, r, podo.Errorf(podo.ENotFound, "Google sign-in is not configured here."))
		return
	}
	url, flow, err := s.Google.Start(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieFlow, Value: flow, Path: "/api/auth/google", MaxAge: int(auth.FlowTTL / time.Second),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, url, http.StatusFound)
}

// The page the sign-in popup ends on: it tells the window that opened it and closes.
var signedInPage = template.Must(template.New("signed-in").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed in · Podo</title></head>
<body><p>Signed in as {{.}}. You can close this window.</p>
<script>
// Tell the SPA however it can be reached: the opener (when the provider kept
// it) and any tab of this origin; then close, or fall back to the app itself.
var msg = {type: "podo:login"};
if ("BroadcastChannel" in window) { new BroadcastChannel("podo-auth").postMessage(msg); }
if (window.opener) { window.opener.postMessage(msg, "*"); }
window.close();
setTimeout(function () { window.location.replace("/"); }, 300);
</script></body></html>`))

func (s *Server) handleGoogleCallback(w http.ResponseWriter, r *http.Request) {
	if s.Google == nil {
		s.Error(w, r, podo.Errorf(podo.ENotFound, "Google sign-in is not configured here."))
		return
	}
	c, err := r.Cookie(cookieFlow)
	if err != nil {
		s.Error(w, r, podo.Errorf(podo.EUnauthorized, "The sign-in took too long or was started elsewhere. Please try again."))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieFlow, Value: "", Path: "/api/auth/google", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies})
	q := r.URL.Query()
	id, err := s.Google.Finish(r.Context(), c.Value, q.Get("state"), q.Get("code"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sess, err := s.Sessions.SignIn(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSession(w, sess)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = signedInPage.Execute(w, sess.User.Name)
}

func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(cookieRefresh)
	if err != nil {
		s.Error(w, r, podo.Errorf(podo.EUnauthorized, "Please sign in."))
		return
	}
	sess, err := s.Sessions.Rotate(r.Context(), c.Value)
	if err != nil {
		if podo.ErrorCode(err) == podo.EUnauthorized {
			s.clearSession(w)
		}
		s.Error(w, r, err)
		return
	}
	s.setSession(w, sess)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieRefresh); err == nil {
		_ = s.Sessions.SignOut(r.Context(), c.Value)
	}
	s.clearSession(w)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	u, err := s.Sessions.Users.FindUser(r.Context(), p.UserID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, u)
}
