package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is everything a scenario found, written to <out>/results.json.
type Report struct {
	Scenario string         `json:"scenario"`
	Started  time.Time      `json:"started"`
	Machine  Machine        `json:"machine"`
	Config   map[string]any `json:"config"`
	Phases   []PhaseResult  `json:"phases"`
	Figures  map[string]any `json:"figures,omitempty"`
	Checks   []Check        `json:"checks,omitempty"`
	Charts   []string       `json:"charts,omitempty"`
	// Details holds a scenario's structured findings (chaos: faults and sales).
	Details map[string]any `json:"details,omitempty"`
}

// Machine says where the figures come from.
type Machine struct {
	CPUs   int    `json:"cpus"`
	Model  string `json:"cpuModel"`
	Memory string `json:"memory"`
	Kernel string `json:"kernel"`
	Go     string `json:"go"`
	// LoadAvg is /proc/loadavg when the run began: other work on the machine
	// takes cores from both the service and the load generator.
	LoadAvg string `json:"loadAvg"`
}

// Check is one invariant verified after a run.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

func newReport(scenario string, config map[string]any) *Report {
	return &Report{Scenario: scenario, Started: time.Now().UTC(), Machine: thisMachine(), Config: config, Figures: map[string]any{}}
}

func thisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if line, _, ok := strings.Cut(string(b), "\n"); ok {
			m.Memory = strings.Join(strings.Fields(line)[1:], " ")
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAvg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return m
}

// failedChecks counts the checks that did not hold.
func (r *Report) failedChecks() int {
	n := 0
	for _, c := range r.Checks {
		if !c.OK {
			n++
		}
	}
	return n
}

// write saves results.json and the charts into dir and prints the final table.
func (r *Report) write(dir string, w io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range r.Phases {
		files, err := drawPhase(dir, p)
		if err != nil {
			return fmt.Errorf("charts of %s: %w", p.Name, err)
		}
		r.Charts = append(r.Charts, files...)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), b, 0o644); err != nil {
		return err
	}
	r.table(w)
	fmt.Fprintf(w, "results: %s\n", filepath.Join(dir, "results.json"))
	return nil
}

// table prints the final summary a person reads after the progress lines.
func (r *Report) table(w io.Writer) {
	fmt.Fprintf(w, "\n== %s ==  (%d CPUs, load average %s at the start)\n", r.Scenario, r.Machine.CPUs, r.Machine.LoadAvg)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tendpoint\trequests\tfailed\treq/s\tp50 ms\tp90 ms\tp95 ms\tp99 ms\tmax ms\t")
	line := func(phase, ep string, s Stats) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n",
			phase, ep, s.Requests, s.Failed, s.RPS, s.P50Ms, s.P90Ms, s.P95Ms, s.P99Ms, s.MaxMs)
	}
	for _, p := range r.Phases {
		for _, ep := range sortedKeys(p.Endpoints) {
			line(p.Name, ep, p.Endpoints[ep])
		}
		if len(p.Endpoints) > 1 {
			line(p.Name, "all", p.Total)
		}
	}
	tw.Flush()
	if len(r.Figures) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, k := range sortedKeys(r.Figures) {
			fmt.Fprintf(tw, "%s\t%v\n", k, r.Figures[k])
		}
		tw.Flush()
	}
	if len(r.Checks) > 0 {
		fmt.Fprintln(w)
		// Many sales make many checks: then only the failures are listed.
		many := len(r.Checks) > 12
		for _, c := range r.Checks {
			mark := "ok  "
			if !c.OK {
				mark = "FAIL"
			} else if many {
				continue
			}
			fmt.Fprintf(w, "[%s] %s: %s\n", mark, c.Name, c.Detail)
		}
		if many {
			fmt.Fprintf(w, "%d of %d checks held (all are in results.json)\n", len(r.Checks)-r.failedChecks(), len(r.Checks))
		}
	}
}
