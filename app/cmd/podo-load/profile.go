package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profiler takes a CPU profile of the tool's own service over a phase, and an
// allocation profile at its end, from the service's PODO_DEBUG_ADDR listener.
type profiler struct {
	addr, dir, name string
	done            chan error
}

// startProfile begins a CPU profile of up to d; stop ends the phase.
func startProfile(ctx context.Context, addr, dir, name string, d time.Duration) *profiler {
	p := &profiler{addr: addr, dir: dir, name: name, done: make(chan error, 1)}
	go func() {
		p.done <- fetch(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, int(d.Seconds())), filepath.Join(dir, name+".cpu.pprof"))
	}()
	return p
}

// wait waits for the CPU profile and takes the allocation profile.
func (p *profiler) wait(ctx context.Context, stderr io.Writer) {
	if err := <-p.done; err != nil {
		fmt.Fprintln(stderr, "profile:", err)
	}
	if err := fetch(ctx, "http://"+p.addr+"/debug/pprof/allocs", filepath.Join(p.dir, p.name+".allocs.pprof")); err != nil {
		fmt.Fprintln(stderr, "profile:", err)
	}
	fmt.Fprintf(stderr, "profiles in %s (go tool pprof -top %s)\n", p.dir, filepath.Join(p.dir, p.name+".cpu.pprof"))
}

func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}
