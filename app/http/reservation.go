package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/auth"
)

type seatRequest struct {
	Seats []string `json:"seats"`
}

func (s *Server) handleSeatMap(w http.ResponseWriter, r *http.Request) {
	showID := pathID(r, "showId")
	body, err := s.Booking.SeatMap(r.Context(), showID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header() // canonical keys, assigned (writeBody)
	h["Cache-Control"] = []string{"no-store"}
	h["Vary"] = append(h["Vary"], "Accept-Encoding") // after cors's Origin, if it set one
	if acceptsGzip(r) {
		h["Content-Encoding"] = []string{"gzip"}
		body = s.seatMapsGz.of(showID, body)
	}
	writeBody(w, http.StatusOK, "application/json", body)
}

func (s *Server) handleMyHold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	hold, err := s.Booking.MyHold(r.Context(), p.UserID, pathID(r, "showId"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, hold)
}

func (s *Server) handleSetHold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req seatRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Seats == nil {
		s.Error(w, r, podo.Errorf(podo.EInvalid, "seats is required (an empty list releases the hold)."))
		return
	}
	showID := pathID(r, "showId")
	if len(req.Seats) > 0 {
		if !s.admitted(w, r, p, showID) {
			return
		}
		// Holding seats one could never buy (the show has started, or one booked it already)
		// only blocks others. Letting go of seats is always allowed.
		show, err := s.Shows.FindShow(r.Context(), showID, p.UserID)
		if err == nil {
			err = show.CheckHoldable(time.Now())
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	hold, err := s.Booking.SetHold(r.Context(), p.UserID, showID, req.Seats)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, hold)
}

func (s *Server) handleReleaseHold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if _, err := s.Booking.SetHold(r.Context(), p.UserID, pathID(r, "showId"), nil); err != nil && podo.ErrorCode(err) != podo.EUnavailable {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Refusals stored for a retry to replay: the ones a retry could not change.
// A sold seat is not one of them (a cancellation can free it, and a retry then
// rightly books it), and not storing it keeps an on-sale's thousands of
// refusals from writing to MySQL. An invalid request is not either: it is
// refused the same way every time before anything is stored, so storing it
// would only keep the sender's input.
var finalCodes = []string{podo.EAlreadyReserved, podo.ENotFound, podo.EShowEnded}

// mayBeEarlier tells whether a refusal may come from an earlier request with
// the same key: its seats sold to this very user (or to a buyer the record of
// sales does not know), its reservation on the show, or its idempotency
// record. Only then is MySQL asked for that request's outcome; the other
// refusals (seats others bought, a seat held or in another booking right now)
// cost no MySQL round-trip.
func mayBeEarlier(err error) bool {
	if errors.Is(err, podo.ErrTakenByOthers) {
		return false
	}
	switch podo.ErrorCode(err) {
	case podo.ESeatTaken, podo.EAlreadyReserved:
		return true
	}
	return errors.Is(err, podo.ErrReplay)
}

func (s *Server) handleReserve(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req seatRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	showID := pathID(r, "showId")
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 128 || strings.ContainsFunc(key, func(c rune) bool { return c < '!' || c > '~' }) {
		s.Error(w, r, podo.Errorf(podo.EInvalid, "Idempotency-Key must be at most 128 printable characters."))
		return
	}
	rr := podo.ReserveRequest{UserID: p.UserID, ShowID: showID, Seats: req.Seats}
	if key != "" {
		// The fingerprint is of the request as the service understands it:
		// validated, normalised and encoded unambiguously, so two different
		// requests never share one ("F1,F2" is no seat; ["F1","F2"] are two).
		seats, err := podo.NormalizeSeats(req.Seats, len(req.Seats))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		fp, _ := json.Marshal(struct {
			Show  int64    `json:"show"`
			Seats []string `json:"seats"`
		}{showID, seats})
		h := sha256.Sum256(fp)
		rr.Idempotency = &podo.Idempotency{Key: key, RequestHash: hex.EncodeToString(h[:]), Status: http.StatusCreated,
			Encode: func(res podo.Reservation) ([]byte, error) { return json.Marshal(res) }}
	}
	if !s.admitted(w, r, p, showID) {
		return
	}
	// A retry is not looked up before it runs: its first request's seats are
	// taken (or its reservation exists), so it is refused without MySQL and
	// then answered with that request's outcome.
	res, err := s.Booking.Reserve(r.Context(), rr)
	if err == nil {
		s.Line.Done(r.Context(), showID, p.UserID)
	}
	if err != nil && rr.Idempotency != nil {
		// A retry that raced the first request loses to it and answers as it did.
		if mayBeEarlier(err) && s.replay(w, r, p.UserID, rr.Idempotency) {
			return
		}
		if slices.Contains(finalCodes, podo.ErrorCode(err)) && !errors.Is(err, podo.ErrReplay) {
			status, body := encodeError(err, "")
			_ = s.Booking.SaveOutcome(r.Context(), p.UserID, key, podo.StoredOutcome{RequestHash: rr.Idempotency.RequestHash, Status: status, Body: body})
		}
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusCreated, res)
}

// replay answers with the stored first outcome of an Idempotency-Key, if there is one.
func (s *Server) replay(w http.ResponseWriter, r *http.Request, userID int64, idem *podo.Idempotency) bool {
	o, err := s.Booking.FindOutcome(r.Context(), userID, idem.Key)
	if err != nil || o == nil {
		return false
	}
	if o.RequestHash != idem.RequestHash {
		s.Error(w, r, podo.Errorf(podo.EIdempotencyMismatch, "This Idempotency-Key was already used for a different request."))
		return true
	}
	w.Header().Set("Idempotent-Replayed", "true")
	body := o.Body
	if o.Status >= 400 {
		body = withRequestID(body, requestID(r.Context()))
	}
	writeBody(w, o.Status, "application/json", body)
	return true
}

type reservationList struct {
	Items []podo.Reservation `json:"items"`
}

func (s *Server) handleMyReservations(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	list, err := s.Booking.MyReservations(r.Context(), p.UserID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, reservationList{Items: list})
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	res, err := s.Booking.Cancel(r.Context(), p.UserID, pathID(r, "reservationId"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.JSON(w, r, http.StatusOK, res)
}
