package http

import (
	"net/http"
	"strconv"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/contract"
)

// headerPass carries a waiting-room pass on holds and bookings.
const headerPass = "Podo-Pass"

// handleLine answers a show's line document: the same for everybody, so
// browsers and the CDN keep it for a second and a line of any length costs
// the service about one request a second per edge.
func (s *Server) handleLine(w http.ResponseWriter, r *http.Request) {
	st, err := s.Line.Status(r.Context(), pathID(r, "showId"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(contract.LineMaxAge))
	s.JSON(w, r, http.StatusOK, st)
}

type joinRequest struct {
	Again bool `json:"again"`
}

// handleJoinLine gives the user a place in the line, or their place and pass.
func (s *Server) handleJoinLine(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req joinRequest
	if r.ContentLength != 0 {
		if err := decode(w, r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	t, err := s.Line.Join(r.Context(), pathID(r, "showId"), p.UserID, req.Again)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.JSON(w, r, http.StatusOK, t)
}

// admitted answers false, with the refusal, when the user may not hold or
// book seats of the show yet: before the sale opens, or without a good pass
// while its waiting room is on.
func (s *Server) admitted(w http.ResponseWriter, r *http.Request, p auth.Principal, showID int64) bool {
	if err := s.Line.Admit(r.Context(), showID, p.UserID, r.Header.Get(headerPass)); err != nil {
		s.Error(w, r, err)
		return false
	}
	return true
}

func (s *Server) handleSetSale(w http.ResponseWriter, r *http.Request) {
	var in podo.SaleSettings
	if err := decode(w, r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	out, err := s.Line.SetSale(r.Context(), pathID(r, "showId"), in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, out)
}
