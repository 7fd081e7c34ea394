package monitoring

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/dashboards"
	"github.com/podo-tickets/podo/infra/naming"
)

// ContainerLogGroup is the log group Fluent Bit writes the pods' logs to.
func ContainerLogGroup(clusterName string) string { return "/aws/eks/" + clusterName + "/containers" }

// SlowQueryLogGroup is the log group RDS exports a MySQL instance's slow-query log to.
func SlowQueryLogGroup(instanceID string) string {
	return "/aws/rds/instance/" + instanceID + "/slowquery"
}

// SlowQueriesQuery is the Logs Insights query of the slowest recent MySQL statements.
const SlowQueriesQuery = `fields @timestamp, @message
| parse @message /Query_time: (?<query_time>[0-9.]+)/
| sort query_time desc
| limit 50`

// LogsInsightsURL is a CloudWatch console address that opens Logs Insights
// with the query filled in, over the last hour of the log groups. The console
// reads its state from the fragment in its own encoding: the query detail is
// an object written as ~(key~value~...), strings prefixed with ' and
// URI-encoded with * for %, the whole then escaped, URI-encoded again and
// written with $ for %. (The format is the console's, not a documented API:
// the monitoring tests decode it back.)
func LogsInsightsURL(region string, logGroups []string, query string) string {
	// Strings keep letters, digits and -_. only: the rest, ' ( ) ~ ! included
	// (which encodeURIComponent would leave), would end or escape the value.
	str := func(s string) string { return "'" + strings.ReplaceAll(percentEncode(s, "-_."), "%", "*") }
	var sources []string
	for _, g := range logGroups {
		sources = append(sources, str(g))
	}
	detail := "~(end~0~start~-3600~timeType~" + str("RELATIVE") + "~unit~" + str("seconds") +
		"~editorString~" + str(query) + "~source~(~" + strings.Join(sources, "~") + "))"
	fragment := strings.ReplaceAll(encodeURIComponent("?queryDetail="+jsEscape(detail)), "%", "$")
	return fmt.Sprintf("https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#logsV2:logs-insights%s", region, region, fragment)
}

// encodeURIComponent is JavaScript's: it keeps A-Z a-z 0-9 - _ . ! ~ * ' ( ).
func encodeURIComponent(s string) string {
	return percentEncode(s, "-_.!~*'()")
}

// jsEscape is JavaScript's escape() on ASCII: it keeps A-Z a-z 0-9 @ * _ + - . /.
func jsEscape(s string) string {
	return percentEncode(s, "@*_+-./")
}

func percentEncode(s, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// LogsDashboard is the CloudWatch dashboard of the logs on-call reads first:
// the service's failing, slow and canceled requests and MySQL's slowest
// statements, each a Logs Insights query that runs when the page opens. It is
// in the AWS console, so a phone reaches it without the VPN, and its address
// is short enough for every alarm's 1,024-character description.
func LogsDashboard(names naming.Namer) string { return names.Name("logs") }

// LogsDashboardURL is the console address of LogsDashboard.
func LogsDashboardURL(region string, names naming.Namer) string {
	return fmt.Sprintf("https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/dashboard/%s", region, region, LogsDashboard(names))
}

// newLogsDashboard builds LogsDashboard over the container and slow-query log groups.
func newLogsDashboard(ctx *pulumi.Context, names naming.Namer, region, containerLogs, slowQueryLogs string, opts ...pulumi.ResourceOption) error {
	widget := func(y int, title, group, query string) map[string]any {
		return map[string]any{"type": "log", "x": 0, "y": y, "width": 24, "height": 9, "properties": map[string]any{
			"title": title, "region": region, "view": "table",
			"query": "SOURCE '" + group + "' | " + query,
		}}
	}
	body, err := json.Marshal(map[string]any{"widgets": []any{
		widget(0, "podo-api: errors, slow and canceled requests (newest first)", containerLogs, dashboards.AppLogsQuery()),
		widget(9, "MySQL: slowest statements", slowQueryLogs, SlowQueriesQuery),
	}})
	if err != nil {
		return err
	}
	_, err = cloudwatch.NewDashboard(ctx, LogsDashboard(names), &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(LogsDashboard(names)),
		DashboardBody: pulumi.String(string(body)),
	}, opts...)
	return err
}
