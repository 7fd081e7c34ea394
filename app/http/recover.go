package http

import (
	"fmt"
	"net/http"
	"runtime/debug"
)

// recoverPanics turns a panic into a logged 500, with the stack the runbook
// asks for, instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				s.log.Error("panic", append(requestAttrs(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))...)
				s.Error(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
