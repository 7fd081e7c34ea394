package alerts_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/alerts"
)

type promRule struct {
	Record      string            `json:"record"`
	Alert       string            `json:"alert"`
	Expr        string            `json:"expr"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

func ruleGroups(t *testing.T) []struct {
	Name  string     `json:"name"`
	Rules []promRule `json:"rules"`
} {
	t.Helper()
	var groups []struct {
		Name  string     `json:"name"`
		Rules []promRule `json:"rules"`
	}
	if err := json.Unmarshal(alerts.PrometheusRuleGroups(), &groups); err != nil {
		t.Fatal(err)
	}
	return groups
}

func TestPrometheusRuleGroupsHoldEveryAppAlert(t *testing.T) {
	want := []string{"PodoHigh5xxRatio", "PodoLatencyP99AboveSLO", "PodoReservationFailures",
		"PodoRedisDegraded", "PodoAppDown", "PodoPodRestarting", "PodoHPAAtMax",
		"PodoReservationsAvailabilityFastBurn", "PodoReservationsAvailabilitySlowBurn",
		"PodoReservationsLatencyFastBurn", "PodoReservationsLatencySlowBurn",
		"PodoSeatMapAvailabilityFastBurn", "PodoSeatMapAvailabilitySlowBurn"}
	got := map[string]bool{}
	for _, g := range ruleGroups(t) {
		for _, r := range g.Rules {
			got[r.Alert] = true
		}
	}
	for _, name := range want {
		if !got[name] {
			t.Errorf("no alert %s in %v", name, got)
		}
	}
}

func TestEveryAlertCarriesSeveritySummaryDescriptionAndItsRunbook(t *testing.T) {
	for _, g := range ruleGroups(t) {
		for _, r := range g.Rules {
			if r.Record != "" {
				continue
			}
			if s := r.Labels["severity"]; s != "critical" && s != "warning" {
				t.Errorf("%s: severity %q", r.Alert, s)
			}
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("%s: summary or description missing: %v", r.Alert, r.Annotations)
			}
			url := r.Annotations["runbook_url"]
			name := strings.TrimSuffix(strings.TrimPrefix(url, alerts.RunbookBaseURL), ".md")
			if _, err := alerts.Runbook(name); err != nil || url != alerts.RunbookURL(name) {
				t.Errorf("%s: runbook_url %q names no runbook (%v)", r.Alert, url, err)
			}
		}
	}
}
