package alerts

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// RulesYAML is the Prometheus rules file for the booking service, generated
// from Go by alerts/cmd/genrules (see alerts/internal/rulegen).
//
//go:embed rules/podo.rules.yaml
var RulesYAML []byte

// PrometheusRuleGroups returns the rule groups of RulesYAML as a JSON array,
// ready to be the "groups" of a PrometheusRule's spec:
//
//	var groups []any
//	json.Unmarshal(alerts.PrometheusRuleGroups(), &groups)
//	spec := map[string]any{"groups": groups}
func PrometheusRuleGroups() []byte {
	b, err := ruleGroupsJSON(RulesYAML)
	if err != nil {
		panic(err) // the file is generated and tested: it cannot be malformed
	}
	return b
}

func ruleGroupsJSON(rulesYAML []byte) ([]byte, error) {
	var file struct {
		Groups []map[string]any `yaml:"groups"`
	}
	if err := yaml.Unmarshal(rulesYAML, &file); err != nil {
		return nil, fmt.Errorf("rules file: %w", err)
	}
	if len(file.Groups) == 0 {
		return nil, fmt.Errorf("rules file has no groups")
	}
	return json.Marshal(file.Groups)
}
