package http

import (
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app"
)

// pathID reads a numeric path variable; the route's pattern already allows digits only.
func pathID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(mux.Vars(r)[name], 10, 64)
	return id
}

func queryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, podo.Errorf(podo.EInvalid, "%s must be a whole number from %d to %d.", name, lo, hi)
	}
	return n, nil
}

func (s *Server) handleListShows(w http.ResponseWriter, r *http.Request) {
	f := podo.ShowFilter{Sort: podo.ShowSort(r.URL.Query().Get("sort"))}
	switch f.Sort {
	case "":
		f.Sort = podo.SortLatest
	case podo.SortLatest, podo.SortPopular, podo.SortDate:
	default:
		s.Error(w, r, podo.Errorf(podo.EInvalid, "sort must be latest, popular or date."))
		return
	}
	var err error
	if f.Page, err = queryInt(r, "page", 1, 1, 100000); err != nil {
		s.Error(w, r, err)
		return
	}
	if f.PageSize, err = queryInt(r, "pageSize", 20, 1, 100); err != nil {
		s.Error(w, r, err)
		return
	}
	if p, ok := principal(r); ok {
		f.UserID = p.UserID
	}
	switch r.URL.Query().Get("mine") {
	case "", "false":
	case "true":
		if f.UserID == 0 {
			_, err := s.user(r)
			s.Error(w, r, err)
			return
		}
		f.Mine = true
	default:
		s.Error(w, r, podo.Errorf(podo.EInvalid, "mine must be true or false."))
		return
	}
	page, err := s.Shows.FindShows(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, page)
}

type showList struct {
	Items []podo.Show `json:"items"`
}

func (s *Server) handlePopular(w http.ResponseWriter, r *http.Request) {
	shows, err := s.Shows.Popular(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, showList{Items: shows})
}

func (s *Server) handleNewest(w http.ResponseWriter, r *http.Request) {
	shows, err := s.Shows.Newest(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, showList{Items: shows})
}

func (s *Server) handleShow(w http.ResponseWriter, r *http.Request) {
	var userID int64
	if p, ok := principal(r); ok {
		userID = p.UserID
	}
	show, err := s.Shows.FindShow(r.Context(), pathID(r, "showId"), userID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, show)
}

func (s *Server) handleCreateShow(w http.ResponseWriter, r *http.Request) {
	var in podo.ShowInput
	if err := decode(w, r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	show, err := s.Shows.CreateShow(r.Context(), in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusCreated, show)
}

func (s *Server) handleUpdateShow(w http.ResponseWriter, r *http.Request) {
	var in podo.ShowInput
	if err := decode(w, r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	show, err := s.Shows.UpdateShow(r.Context(), pathID(r, "showId"), in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, show)
}

func (s *Server) handleUpdateLayout(w http.ResponseWriter, r *http.Request) {
	var l podo.Layout
	if err := decode(w, r, &l); err != nil {
		s.Error(w, r, err)
		return
	}
	sm, err := s.Shows.UpdateLayout(r.Context(), pathID(r, "showId"), l)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, sm)
}
