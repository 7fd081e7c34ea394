package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// runSummary prints the results of a run as Markdown tables, the form
// docs/benchmarks.md shows them in.
func runSummary(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", filepath.Join("out", "load"), "folder holding one results.json per scenario, in subfolders")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(*in, "*", "results.json"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no */results.json under %s", *in)
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var r Report
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		r.markdown(stdout)
	}
	return nil
}

func (r *Report) markdown(w io.Writer) {
	fmt.Fprintf(w, "### %s\n\n", r.Scenario)
	fmt.Fprintf(w, "Started %s on %d × %s, load average %s.\n\n", r.Started.Format("2006-01-02 15:04 MST"), r.Machine.CPUs, r.Machine.Model, r.Machine.LoadAvg)
	fmt.Fprintln(w, "| phase | endpoint | requests | failed | req/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, p := range r.Phases {
		rows := sortedKeys(p.Endpoints)
		if len(rows) > 1 {
			rows = append(rows, "all")
		}
		for _, ep := range rows {
			s, ok := p.Endpoints[ep]
			if !ok {
				s = p.Total
			}
			fmt.Fprintf(w, "| %s | %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f |\n",
				p.Name, ep, s.Requests, s.Failed, s.RPS, s.P50Ms, s.P90Ms, s.P95Ms, s.P99Ms, s.MaxMs)
		}
	}
	fmt.Fprintln(w)
	if len(r.Figures) > 0 {
		fmt.Fprintln(w, "| figure | value |")
		fmt.Fprintln(w, "|---|---|")
		for _, k := range sortedKeys(r.Figures) {
			fmt.Fprintf(w, "| %s | %v |\n", k, strings.ReplaceAll(fmt.Sprint(r.Figures[k]), "|", "/"))
		}
		fmt.Fprintln(w)
	}
	if len(r.Checks) > 0 {
		fmt.Fprintf(w, "Invariant checks: %d of %d held.\n\n", len(r.Checks)-r.failedChecks(), len(r.Checks))
	}
}
