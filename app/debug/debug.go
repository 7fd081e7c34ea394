// Package debug serves Go's profiler (net/http/pprof) on its own loopback
// listener, off unless PODO_DEBUG_ADDR is set, so that a load run can take
// CPU and allocation profiles of the real service. Besides pprof's fixed-
// length CPU profile, POST /debug/cpu/start and /debug/cpu/stop bracket a
// profile around exactly one phase of a run.
package debug

import (
	"bytes"
	"net"
	"net/http"
	"net/http/pprof"
	rpprof "runtime/pprof"
	"sync"
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
	var cpu bracket
	mux.HandleFunc("POST /debug/cpu/start", cpu.start)
	mux.HandleFunc("POST /debug/cpu/stop", cpu.stop)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}

// bracket is a CPU profile started and stopped by request.
type bracket struct {
	mu  sync.Mutex
	buf *bytes.Buffer
}

func (b *bracket) start(w http.ResponseWriter, _ *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf != nil {
		http.Error(w, "a CPU profile is already running", http.StatusConflict)
		return
	}
	buf := new(bytes.Buffer)
	if err := rpprof.StartCPUProfile(buf); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	b.buf = buf
	w.WriteHeader(http.StatusNoContent)
}

func (b *bracket) stop(w http.ResponseWriter, _ *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf == nil {
		http.Error(w, "no CPU profile is running", http.StatusConflict)
		return
	}
	rpprof.StopCPUProfile()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(b.buf.Bytes())
	b.buf = nil
}
