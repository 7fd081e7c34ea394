package board

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cloudwatch"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/logs"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/dashboards"
)

// The panels on-call opens first: what is firing, how fast the SLOs' error
// budgets burn, and the failing requests' log lines.

// logGroupVar is the dashboard variable holding the stack's container log
// group (pulumi stack output containerLogGroup).
const logGroupVar = "log_group"

func logGroupVariable() *dashboard.TextBoxVariableBuilder {
	def := "/aws/eks/podo-dev-eks/containers"
	return dashboard.NewTextBoxVariableBuilder(logGroupVar).
		Label("Log group").
		Description("The stack's container log group: pulumi stack output containerLogGroup.").
		DefaultValue(dashboard.StringOrMap{String: cog.ToPtr(def)}).
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr(def)}, Value: dashboard.StringOrArrayOfString{String: cog.ToPtr(def)}})
}

// alertList shows the service's firing and pending alerts, from the
// Prometheus rules, so the dashboard opened from an alert says what else fires.
func alertList() *dashboard.PanelBuilder {
	return dashboard.NewPanelBuilder().
		Type("alertlist").
		Title("Firing and pending alerts").
		Description("The booking service's alerts (label service=" + contract.AppName + ") from Prometheus, firing and pending. Critical ones page; warnings email (docs/oncall.md).").
		Height(6).
		Span(24).
		Options(map[string]any{
			"viewMode":                 "list",
			"groupMode":                "default",
			"maxItems":                 20,
			"sortOrder":                3, // by importance: critical first
			"dashboardAlerts":          false,
			"alertName":                "",
			"alertInstanceLabelFilter": fmt.Sprintf(`{service=%q}`, contract.AppName),
			"datasource":               "Prometheus",
			"stateFilter":              map[string]any{"firing": true, "pending": true, "error": true, "noData": false, "normal": false},
		})
}

// sloBurn draws an SLO's burn rate (its error ratio over its error budget:
// 1 spends the budget evenly over 30 days) over a short, a long and a very
// long window, against the fast-burn page at 14.4.
func sloBurn(title, slo string, objective float64, what string) *timeseries.PanelBuilder {
	budget := 1 - objective
	burn := func(window string) q {
		return q{fmt.Sprintf(`max(%s%s{namespace=%q, slo=%q}) / %g`, contract.MetricSLOErrorRatio, window, contract.AppNamespace, slo, budget), window}
	}
	return withLimit(graph(title,
		fmt.Sprintf("%s. Objective %g%% over 30 days. Burn rate: the error ratio over the budget (1 spends it evenly). The FastBurn alert pages above 14.4 over 1h and 5m (or 6 over 6h and 30m); SlowBurn opens a ticket at 3 over 1d and 2h (or 1 over 3d and 6h).", what, objective*100),
		"short", burn("5m"), burn("1h"), burn("6h"), burn("3d")), 14.4).Span(8)
}

// appLogs is the service's failing, slow and canceled requests from
// CloudWatch Logs, the query every alert links.
func appLogs() *logs.PanelBuilder {
	query := cloudwatch.NewMetricsQueryOrLogsQueryOrAnnotationQueryBuilder().LogsQuery(cloudwatch.NewLogsQueryBuilder().
		Datasource(cloudwatchDS).
		RefId("A").
		QueryMode(cloudwatch.QueryModeLogs).
		Region("default").
		LogGroupNames([]string{"$" + logGroupVar}).
		Expression(dashboards.AppLogsQuery()))
	return logs.NewPanelBuilder().
		Title("Failing, slow and canceled requests").
		Description("WARN and ERROR lines (every 5xx and its error), slow requests and requests canceled by their client, from CloudWatch Logs. data.request_id is the id a user sees in an error message; data.trace_id the load balancer's.").
		Datasource(cloudwatchDS).
		Height(10).
		Span(24).
		ShowTime(true).
		WrapLogMessage(true).
		EnableLogDetails(true).
		SortOrder(common.LogsSortOrderDescending).
		Targets([]cog.Builder[variants.Dataquery]{query})
}
