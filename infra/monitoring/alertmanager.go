package monitoring

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/dashboards"
)

// Topics are the on-call SNS topics, by what they ask of a person.
type Topics struct {
	// Page takes severity=critical: it pages.
	Page pulumi.StringInput
	// Warning takes every other alert: email.
	Warning pulumi.StringInput
	// Heartbeat takes the always-firing Watchdog, every minute; a CloudWatch
	// alarm pages when it falls silent (the dead-man's switch).
	Heartbeat pulumi.StringInput
}

// Receivers of the Alertmanager configuration.
const (
	ReceiverPage      = "page"
	ReceiverWarning   = "warning"
	ReceiverHeartbeat = "heartbeat"
	ReceiverNull      = "null"
)

// DuplicatedStockAlerts are kube-prometheus-stack's alerts that Podo's own
// rules already raise for its namespace, with a runbook of the estate
// (PodoPodRestarting, PodoHPAAtMax): in that namespace they are dropped.
var DuplicatedStockAlerts = []string{"KubePodCrashLooping", "KubeHpaMaxedOut"}

// alertmanagerConfig routes critical alerts to the paging topic, the rest to
// the warning topic, the Watchdog to the heartbeat topic every minute, and
// drops the stock alerts that duplicate Podo's and the info-level ones (which
// exist to be inhibited). Each message says what fired, its summary and
// description, and links the runbook, the dashboard, the logs and the
// Prometheus graph of the expression.
func alertmanagerConfig(topics Topics, region, grafanaURL, logsURL string) pulumi.Map {
	message := `{{ range .Alerts }}{{ .Status | toUpper }}: {{ .Labels.alertname }} ({{ .Labels.severity }})
{{ .Annotations.summary }}

{{ .Annotations.description }}

Runbook: {{ .Annotations.runbook_url }}
Dashboard: ` + grafanaURL + `/d/` + dashboards.UIDBookingOverview + `
Logs: ` + logsURL + `
Graph: {{ .GeneratorURL }}
Started: {{ .StartsAt.UTC.Format "2006-01-02 15:04 MST" }} (KST is UTC+9)

{{ end }}`
	sns := func(topic pulumi.StringInput, subject string) pulumi.Array {
		return pulumi.Array{pulumi.Map{
			"topic_arn":     topic,
			"sigv4":         pulumi.Map{"region": pulumi.String(region)},
			"subject":       pulumi.String(subject),
			"message":       pulumi.String(message),
			"send_resolved": pulumi.Bool(true),
		}}
	}
	route := func(receiver string, matchers ...string) pulumi.Map {
		return pulumi.Map{"receiver": pulumi.String(receiver), "matchers": pulumi.ToStringArray(matchers)}
	}
	heartbeat := route(ReceiverHeartbeat, `alertname = "Watchdog"`)
	heartbeat["group_wait"] = pulumi.String("0s")
	heartbeat["group_interval"] = pulumi.String("1m")
	heartbeat["repeat_interval"] = pulumi.String("1m")
	page := route(ReceiverPage, `severity = "critical"`)
	page["repeat_interval"] = pulumi.String("1h")
	inhibit := func(source, target, equal []string) pulumi.Map {
		return pulumi.Map{
			"source_matchers": pulumi.ToStringArray(source),
			"target_matchers": pulumi.ToStringArray(target),
			"equal":           pulumi.ToStringArray(equal),
		}
	}
	return pulumi.Map{
		"route": pulumi.Map{
			"receiver":        pulumi.String(ReceiverWarning),
			"group_by":        pulumi.ToStringArray([]string{"alertname", "namespace", "slo"}),
			"group_wait":      pulumi.String("30s"),
			"group_interval":  pulumi.String("5m"),
			"repeat_interval": pulumi.String("4h"),
			"routes": pulumi.Array{
				heartbeat,
				route(ReceiverNull, `alertname = "InfoInhibitor"`),
				route(ReceiverNull, `severity = "info"`),
				route(ReceiverNull, `namespace = "`+contract.AppNamespace+`"`, `alertname =~ "`+strings.Join(DuplicatedStockAlerts, "|")+`"`),
				page,
			},
		},
		"inhibit_rules": pulumi.Array{
			// A page silences the warning of the same thing (the same alert, or the same SLO).
			inhibit([]string{`severity = "critical"`}, []string{`severity =~ "warning|info"`}, []string{"namespace", "alertname", "slo"}),
			inhibit([]string{`severity = "warning"`}, []string{`severity = "info"`}, []string{"namespace", "alertname"}),
			// With no pod up every other Podo alert is a consequence, or blind.
			inhibit([]string{`alertname = "PodoAppDown"`}, []string{`service = "` + contract.AppName + `"`, `alertname != "PodoAppDown"`}, []string{"service"}),
		},
		"receivers": pulumi.Array{
			pulumi.Map{"name": pulumi.String(ReceiverNull)},
			pulumi.Map{"name": pulumi.String(ReceiverPage), "sns_configs": sns(topics.Page, `[PAGE {{ .Status | toUpper }}] Podo: {{ .CommonLabels.alertname }}`)},
			pulumi.Map{"name": pulumi.String(ReceiverWarning), "sns_configs": sns(topics.Warning, `[{{ .Status | toUpper }}] Podo: {{ .CommonLabels.alertname }}`)},
			pulumi.Map{"name": pulumi.String(ReceiverHeartbeat), "sns_configs": pulumi.Array{pulumi.Map{
				"topic_arn": topics.Heartbeat,
				"sigv4":     pulumi.Map{"region": pulumi.String(region)},
				"subject":   pulumi.String("Podo heartbeat"),
				"message":   pulumi.String("Prometheus and Alertmanager are up."),
			}}},
		},
	}
}
