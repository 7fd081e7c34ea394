package main

import (
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// drawPhase writes two charts of a phase, as PNG and SVG: latency percentiles
// per second, and requests, failures and users per second. It returns the
// file names written.
func drawPhase(dir string, p PhaseResult) ([]string, error) {
	if len(p.Series) == 0 {
		return nil, nil
	}
	base := slug(p.Name)
	series := func(value func(Point) float64) plotter.XYs {
		xy := make(plotter.XYs, len(p.Series))
		for i, pt := range p.Series {
			xy[i].X, xy[i].Y = float64(pt.Second), value(pt)
		}
		return xy
	}

	lat := plot.New()
	lat.Title.Text = p.Name + ": latency per second"
	lat.X.Label.Text = "seconds"
	lat.Y.Label.Text = "milliseconds"
	lat.Y.Min = 0
	lat.Add(plotter.NewGrid())
	if err := plotutil.AddLines(lat,
		"p50", series(func(pt Point) float64 { return pt.P50Ms }),
		"p90", series(func(pt Point) float64 { return pt.P90Ms }),
		"p99", series(func(pt Point) float64 { return pt.P99Ms }),
	); err != nil {
		return nil, err
	}
	lat.Legend.Top = true

	thr := plot.New()
	thr.Title.Text = p.Name + ": throughput per second"
	thr.X.Label.Text = "seconds"
	thr.Y.Label.Text = "per second"
	thr.Y.Min = 0
	thr.Add(plotter.NewGrid())
	lines := []any{
		"requests", series(func(pt Point) float64 { return float64(pt.RPS) }),
		"failed", series(func(pt Point) float64 { return float64(pt.Failed) }),
	}
	if hasUsers(p.Series) {
		lines = append(lines, "users", series(func(pt Point) float64 { return float64(pt.Users) }))
	}
	if err := plotutil.AddLines(thr, lines...); err != nil {
		return nil, err
	}
	thr.Legend.Top = true

	var files []string
	for _, c := range []struct {
		name string
		p    *plot.Plot
	}{{base + "-latency", lat}, {base + "-throughput", thr}} {
		for _, ext := range []string{".png", ".svg"} {
			if err := c.p.Save(16*vg.Centimeter, 9*vg.Centimeter, filepath.Join(dir, c.name+ext)); err != nil {
				return nil, err
			}
			files = append(files, c.name+ext)
		}
	}
	return files, nil
}

func hasUsers(s []Point) bool {
	for _, pt := range s {
		if pt.Users > 0 {
			return true
		}
	}
	return false
}

// slug makes a phase name into a file name: "ceiling net/http" → "ceiling-net-http".
func slug(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
}
