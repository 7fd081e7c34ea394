package http

import (
	"fmt"
	"hash/fnv"
	"html"
	"net/http"
)

// palettes are the poster colours; a show's title picks one.
var palettes = [][3]string{
	{"#4c1d95", "#a855f7", "#f5d0fe"},
	{"#064e3b", "#10b981", "#d1fae5"},
	{"#7c2d12", "#f97316", "#ffedd5"},
	{"#1e3a8a", "#3b82f6", "#dbeafe"},
	{"#831843", "#ec4899", "#fce7f3"},
	{"#134e4a", "#14b8a6", "#ccfbf1"},
}

// handlePoster draws a poster for a show, so demo shows need no image files.
func (s *Server) handlePoster(w http.ResponseWriter, r *http.Request) {
	show, err := s.Shows.FindShow(r.Context(), pathID(r, "showId"), 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h := fnv.New32a()
	h.Write([]byte(show.Title))
	p := palettes[h.Sum32()%uint32(len(palettes))]
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="840" viewBox="0 0 600 840" role="img" aria-label="%[4]s poster">
<defs><linearGradient id="g" x1="0" y1="0" x2="0.6" y2="1"><stop offset="0" stop-color="%[1]s"/><stop offset="1" stop-color="%[2]s"/></linearGradient></defs>
<rect width="600" height="840" fill="url(#g)"/>
<circle cx="470" cy="190" r="150" fill="%[3]s" opacity="0.18"/><circle cx="120" cy="640" r="220" fill="%[3]s" opacity="0.10"/>
<text x="50" y="120" fill="%[3]s" font-family="sans-serif" font-size="28" letter-spacing="8">PODO PRESENTS</text>
<text x="50" y="470" fill="#ffffff" font-family="sans-serif" font-weight="700" font-size="84">%[4]s</text>
<text x="50" y="700" fill="%[3]s" font-family="sans-serif" font-size="30">%[5]s</text>
<text x="50" y="750" fill="%[3]s" font-family="sans-serif" font-size="30">%[6]s · %[7]s</text>
</svg>`, p[0], p[1], p[2], html.EscapeString(show.Title), html.EscapeString(show.Venue), show.Date, show.StartTime)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeBody(w, http.StatusOK, "image/svg+xml", []byte(svg))
}
