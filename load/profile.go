package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// profiler brackets phases of a run with CPU profiles of the tool's own
// service (its PODO_DEBUG_ADDR listener), one file per phase, and takes the
// allocation profile when the run ends. A nil profiler does nothing.
type profiler struct {
	addr, dir string
	stderr    io.Writer
}

func newProfiler(addr, dir string, stderr io.Writer) *profiler {
	if addr == "" {
		return nil
	}
	return &profiler{addr: addr, dir: dir, stderr: stderr}
}

// phase starts a CPU profile and returns the function that ends it into
// <dir>/<name>.cpu.pprof.
func (p *profiler) phase(ctx context.Context, name string) (end func()) {
	if p == nil {
		return func() {}
	}
	if err := p.post(ctx, "/debug/cpu/start", ""); err != nil {
		fmt.Fprintln(p.stderr, "profile:", err)
		return func() {}
	}
	return func() {
		path := filepath.Join(p.dir, name+".cpu.pprof")
		if err := p.post(ctx, "/debug/cpu/stop", path); err != nil {
			fmt.Fprintln(p.stderr, "profile:", err)
			return
		}
		fmt.Fprintf(p.stderr, "profile: go tool pprof -top bin/podo %s\n", path)
	}
}

// allocs writes the service's allocation profile (since it started).
func (p *profiler) allocs(ctx context.Context) {
	if p == nil {
		return
	}
	if err := p.get(ctx, "/debug/pprof/allocs", filepath.Join(p.dir, "allocs.pprof")); err != nil {
		fmt.Fprintln(p.stderr, "profile:", err)
	}
}

func (p *profiler) post(ctx context.Context, path, out string) error {
	return p.save(ctx, http.MethodPost, path, out)
}

func (p *profiler) get(ctx context.Context, path, out string) error {
	return p.save(ctx, http.MethodGet, path, out)
}

func (p *profiler) save(ctx context.Context, method, path, out string) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://"+p.addr+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, b)
	}
	if out == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}
