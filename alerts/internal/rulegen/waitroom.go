package rulegen

import (
	"fmt"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/contract/promql"
)

// lineStallWindow is how long a waiting line may let nobody through while
// seats remain before it pages: longer than a pass lives by default (10
// minutes), so a full house of shoppers who are all still choosing is not a stall.
const lineStallWindow = "15m"

// lineStalled fires when a show's waiting line has people in it and seats
// left, and nobody has been let through for lineStallWindow: Redis is down,
// the pace is 0, every slot is held by passes that never end, or no replica
// runs the admission loop. Every replica reports the same line gauges (they
// come from Redis), hence max; admissions are counted by the replica that
// made them, hence sum.
func lineStalled() Alert {
	gauge := func(metric, show, values string) Series {
		return Series{Metric: metric, Values: values, Labels: appLabels("show", show, "pod", "podo-api-1")}
	}
	return Alert{
		Name:     "PodoLineStalled",
		Runbook:  "podo-line-stalled",
		Severity: "critical",
		Expr: fmt.Sprintf(`max by (show) (%[1]s{%[4]s}) > 0
and
max by (show) (%[2]s{%[4]s}) > 0
and
sum by (show) (increase(%[3]s{%[4]s}[%[5]s])) == 0`,
			contract.MetricLineWaiting, contract.MetricLineSeatsLeft, contract.MetricLineAdmissions, promql.App, lineStallWindow),
		For:         "5m",
		ValueFormat: `{{ printf "%.0f" $value }}`,
		Summary: func(v Vars) string {
			return fmt.Sprintf("The waiting line of show %s does not move: %s people wait and seats remain", v.Show, v.Value)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("Show %s has %s people in its waiting line and seats left, and %s in namespace %s has let nobody through for %s. They see their place stand still.",
				v.Show, v.Value, contract.AppName, contract.AppNamespace, lineStallWindow)
		},
		Tests: []Case{
			{
				Name: "people wait, seats remain, nobody is let through",
				Series: []Series{
					gauge(contract.MetricLineWaiting, "7", "500x40"),
					gauge(contract.MetricLineSeatsLeft, "7", "100x40"),
					gauge(contract.MetricLineAdmissions, "7", "1200x40"),
				},
				EvalTime: "25m",
				Fires:    []Firing{{Labels: map[string]string{"show": "7"}, Vars: Vars{Value: "500", Show: "7"}}},
			},
			{
				Name: "the line moves",
				Series: []Series{
					gauge(contract.MetricLineWaiting, "7", "500-5x40"),
					gauge(contract.MetricLineSeatsLeft, "7", "100x40"),
					gauge(contract.MetricLineAdmissions, "7", "0+5x40"),
				},
				EvalTime: "25m",
			},
			{
				Name: "sold out: the line ends on purpose",
				Series: []Series{
					gauge(contract.MetricLineWaiting, "7", "500x40"),
					gauge(contract.MetricLineSeatsLeft, "7", "0x40"),
					gauge(contract.MetricLineAdmissions, "7", "1200x40"),
				},
				EvalTime: "25m",
			},
			{
				Name: "nobody waits",
				Series: []Series{
					gauge(contract.MetricLineWaiting, "7", "0x40"),
					gauge(contract.MetricLineSeatsLeft, "7", "100x40"),
					gauge(contract.MetricLineAdmissions, "7", "1200x40"),
				},
				EvalTime: "25m",
			},
		},
	}
}
