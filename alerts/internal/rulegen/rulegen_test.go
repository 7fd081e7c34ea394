package rulegen_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/alerts/internal/rulegen"
)

// The committed rules are what the generator writes: a change to the contract
// or to the rules in Go must be followed by `make alerts-rules`.
func TestCommittedRulesAreTheGeneratorsOutput(t *testing.T) {
	rules, tests, err := rulegen.Render()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{rulegen.RulesFile: rules, rulegen.TestsFile: tests} {
		got, err := os.ReadFile(filepath.Join("..", "..", "rules", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("rules/%s differs from the generator's output; run `make alerts-rules` and commit", name)
		}
	}
}

func TestEveryAlertHasAFiringAndAQuietCase(t *testing.T) {
	for _, g := range rulegen.Rules() {
		for _, a := range g.Alerts {
			var fires, quiet bool
			for _, c := range a.Tests {
				if len(c.Fires) > 0 {
					fires = true
				} else {
					quiet = true
				}
			}
			if !fires || !quiet {
				t.Errorf("%s: a case where it fires: %v, a case where it stays quiet: %v", a.Name, fires, quiet)
			}
		}
	}
}

func TestAppAlertsSelectTheAppsNamespaceAndJob(t *testing.T) {
	for _, g := range rulegen.Rules() {
		for _, a := range g.Alerts {
			if !strings.Contains(a.Expr, `namespace="podo"`) {
				t.Errorf("%s does not select namespace podo: %s", a.Name, a.Expr)
			}
		}
	}
}
