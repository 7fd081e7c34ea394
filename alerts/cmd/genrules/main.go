// Command genrules writes the booking service's Prometheus alert rules and
// their promtool unit tests into a directory (alerts/rules by default).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/podo-tickets/podo/alerts/internal/rulegen"
)

func main() {
	dir := flag.String("dir", "rules", "directory to write "+rulegen.RulesFile+" and "+rulegen.TestsFile+" into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "genrules:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	rules, tests, err := rulegen.Render()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, rulegen.RulesFile), rules, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, rulegen.TestsFile), tests, 0o644)
}
