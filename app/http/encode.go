package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/podo-tickets/podo/app"
)

// Error writes err to the client; internal errors are logged and shown only as
// "Internal error.". A request whose client has gone ends as 499 canceled.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		err = &podo.Error{Code: podo.ECanceled, Message: "The request was canceled by its client."}
	}
	if s.Classify != nil && podo.ErrorCode(err) == podo.EInternal {
		err = s.Classify(err)
	}
	status, body := encodeError(err, requestID(r.Context()))
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	if status >= 500 && podo.ErrorCode(err) == podo.EInternal {
		s.log.Error("request failed", append(requestAttrs(r), "err", err)...)
	}
	writeBody(w, status, "application/json", body)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	// Keys already canonical are assigned, not Set: Set checks and
	// canonicalises its key on every call, on every answer.
	h["Content-Type"] = []string{contentType}
	// Declared up front, a body of any size goes out in one piece: without it
	// net/http sends bodies over 2 KB (a seat map is 12 KB) chunked.
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// JSON writes v as JSON with status.
func (s *Server) JSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeBody(w, status, "application/json", b)
}
