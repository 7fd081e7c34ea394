// Command gen writes Podo's Grafana dashboards, defined in Go in
// dashboards/internal/board, as JSON files into a directory (dashboards/ by default).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/podo-tickets/podo/dashboards/internal/board"
)

func main() {
	dir := flag.String("dir", ".", "directory to write the dashboards' JSON files into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := board.Render()
	if err != nil {
		return err
	}
	// A dashboard removed from Go must not linger as a file.
	old, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, path := range old {
		if _, ok := files[filepath.Base(path)]; !ok {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
