package http

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
)

type bestRequest struct {
	Grade podo.Grade `json:"grade"` // "" for any grade
	Count int        `json:"count"`
}

// handleBestSeats holds the best n adjacent free seats of a grade for the user ("find me two
// seats together in R"), replacing their hold. The seats are chosen from the live seat map and
// held all or nothing; when someone takes one first, the next best run is tried.
func (s *Server) handleBestSeats(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req bestRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Grade != "" && !slices.Contains(podo.Grades, req.Grade) {
		s.Error(w, r, podo.Errorf(podo.EInvalid, "grade must be VIP, R, S or A (or left out for any)."))
		return
	}
	if req.Count < 1 {
		s.Error(w, r, podo.Errorf(podo.EInvalid, "count must be at least 1."))
		return
	}
	showID := pathID(r, "showId")
	if !s.admitted(w, r, p, showID) {
		return
	}
	show, err := s.Shows.FindShow(r.Context(), showID, p.UserID)
	if err == nil {
		err = show.CheckHoldable(time.Now())
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var lost []string
	for range 3 {
		body, err := s.Booking.SeatMap(r.Context(), showID)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		var m podo.SeatMap
		if err := json.Unmarshal(body, &m); err != nil {
			s.Error(w, r, err)
			return
		}
		seats, ok := podo.BestAvailable(m, req.Grade, req.Count, lost)
		if !ok {
			s.Error(w, r, podo.Errorf(podo.ENoSeatsTogether, "There are no %d free seats together%s right now.", req.Count, gradeWords(req.Grade)))
			return
		}
		hold, err := s.Booking.SetHold(r.Context(), p.UserID, showID, seats)
		if c := podo.ErrorCode(err); c == podo.ESeatHeld || c == podo.ESeatTaken {
			lost = append(lost, seats...) // someone was quicker: try the next best run
			continue
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		s.JSON(w, r, http.StatusOK, hold)
		return
	}
	s.Error(w, r, podo.Errorf(podo.ENoSeatsTogether, "Seats are going fast: there are no %d free seats together%s right now.", req.Count, gradeWords(req.Grade)))
}

func gradeWords(g podo.Grade) string {
	if g == "" {
		return ""
	}
	return " in grade " + string(g)
}
