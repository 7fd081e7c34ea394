package http

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app"
)

// What answers when no route does: 404 for a path the API does not have, 405
// with the methods it does serve there for a path it has.

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, podo.Errorf(podo.ENotFound, "There is nothing at %s %s.", r.Method, r.URL.Path))
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	allow := s.allowed(r)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	s.Error(w, r, podo.Errorf(podo.EMethodNotAllowed, "%s does not take %s; it takes %s.", r.URL.Path, r.Method, strings.Join(allow, ", ")))
}

// allowed lists the methods some route serves at r's path, asking the router
// itself, so the Allow header can never disagree with routes.go. The SPA's
// catch-all is left out: it serves any path to GET, the API's paths included.
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		try := r.Clone(r.Context())
		try.Method = m
		var match mux.RouteMatch
		if !s.router.Match(try, &match) || match.MatchErr != nil || match.Route == nil {
			continue
		}
		if tmpl, _ := match.Route.GetPathTemplate(); tmpl == "/" {
			continue
		}
		out = append(out, m)
	}
	return out
}
