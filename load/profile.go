package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// profiler brackets phases of a run with CPU profiles of the tool's own
// service (its PODO_DEBUG_ADDR listener) and of the tool itself, which shares
// the cores, two files per phase, and takes the service's allocation profile
// when the run ends. A nil profiler does nothing.
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

// phase starts the CPU profiles and returns the function that ends them into
// <dir>/<name>.cpu.pprof (the service) and <dir>/<name>.tool.cpu.pprof.
func (p *profiler) phase(ctx context.Context, name string) (end func()) {
	if p == nil {
		return func() {}
	}
	if err := p.post(ctx, "/debug/cpu/start", ""); err != nil {
		fmt.Fprintln(p.stderr, "profile:", err)
		return func() {}
	}
	endTool := p.tool(name)
	return func() {
		endTool()
		path := filepath.Join(p.dir, name+".cpu.pprof")
		if err := p.post(ctx, "/debug/cpu/stop", path); err != nil {
			fmt.Fprintln(p.stderr, "profile:", err)
			return
		}
		fmt.Fprintf(p.stderr, "profile: go tool pprof -top bin/podo %s\n", path)
	}
}

// tool profiles the tool's own CPU until the returned function is called;
// nothing when a profile is running already (PODO_LOAD_CPUPROFILE).
func (p *profiler) tool(name string) (end func()) {
	path := filepath.Join(p.dir, name+".tool.cpu.pprof")
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(p.stderr, "profile:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(path)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		fmt.Fprintf(p.stderr, "profile: go tool pprof -top bin/podo-load %s\n", path)
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
