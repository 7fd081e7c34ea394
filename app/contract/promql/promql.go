// Package promql holds the Prometheus label selectors that the alert rules (alerts/) and the
// dashboards (dashboards/) both read the booking service's series through, so that an alert and
// the panel on-call opens for it count the same requests.
package promql

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/podo-tickets/podo/app/contract"
)

// App selects the booking service's own series: the namespace it runs in and the job its
// ServiceMonitor gives it (the Service's name).
var App = fmt.Sprintf(`namespace=%q, job=%q`, contract.AppNamespace, contract.AppName)

// APIRoutes leaves out the probes, the scrape and the event stream: they are not what users
// wait for, and /readyz answers 503 on purpose while MySQL is away.
var APIRoutes = fmt.Sprintf(`route!~%q`, strings.Join([]string{
	regexp.QuoteMeta(contract.LivenessPath),
	regexp.QuoteMeta(contract.ReadinessPath),
	regexp.QuoteMeta(contract.MetricsPath),
	regexp.QuoteMeta(contract.RouteSeatEvents),
}, "|"))
