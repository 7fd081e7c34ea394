package http

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// spa serves the built SPA from StaticDir: files as they are (hashed assets
// cached for a year), and index.html, never cached, for every other path so
// the SPA's router can take it. Unknown /api paths stay JSON 404s.
func (s *Server) spa() http.Handler {
	files := http.FileServer(http.Dir(s.StaticDir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || s.StaticDir == "" {
			s.handleNotFound(w, r)
			return
		}
		p := filepath.Join(s.StaticDir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFile(w, r, filepath.Join(s.StaticDir, "index.html"))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}
