package dashboards

import (
	"fmt"
	"strings"

	"github.com/podo-tickets/podo/app/contract"
)

// LogKey is where Fluent Bit's kubernetes filter puts the fields of a JSON log
// line: aws-for-fluent-bit's filter.mergeLogKey, "data" in the chart's values
// (the Pulumi program does not override it, and its tests check so). The
// service's slog fields are so data.level, data.msg, data.status,
// data.request_id, data.trace_id; the pod's are under kubernetes.
const LogKey = "data"

// AppLogsQuery is the CloudWatch Logs Insights query of the booking service's
// failing, slow and canceled requests, newest first. At the service's INFO
// level these are the WARN and ERROR lines (every 5xx and its error), "slow
// request" and "request canceled by its client" (INFO), and little else. The
// Grafana logs panel runs it, and every alert and alarm links it.
func AppLogsQuery() string {
	fields := []string{"level", "msg", "status", "route", "duration_ms", "request_id", "trace_id", "err"}
	for i, f := range fields {
		fields[i] = LogKey + "." + f
	}
	return fmt.Sprintf(`fields @timestamp, kubernetes.pod_name, %s
| filter kubernetes.namespace_name = %q and %s.level in ["INFO", "WARN", "ERROR"]
| sort @timestamp desc`, strings.Join(fields, ", "), contract.AppNamespace, LogKey)
}
