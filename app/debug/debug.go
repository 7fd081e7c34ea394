// Package debug serves Go's profiler (net/http/pprof) on its own loopback
// listener, off unless PODO_DEBUG_ADDR is set, so that a load run can take
// CPU and allocation profiles of the real service.
package debug

import (
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// Serve starts the profiler on addr and returns the function that stops it.
func Serve(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}
