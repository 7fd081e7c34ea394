package rulegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/contract/promql"
)

// SLO is a service level objective on one user journey: the share of events
// that must be good over 30 days. Its alerts follow the Google SRE workbook's
// multi-window, multi-burn-rate method (chapter 5, "Alerting on SLOs"): a
// burn of the error budget fast enough to spend 2% of it in an hour or 5% in
// six pages; one that spends 10% in three days opens a ticket. Each long
// window is paired with a short one (a twelfth of it), so an alert stops soon
// after the burn does.
type SLO struct {
	Name      string // the slo label, e.g. "reservations-availability"
	Alert     string // its alerts are named Alert+"FastBurn" and Alert+"SlowBurn"
	Objective float64
	// What the journey is, for people: "reservation attempts answered without a server error".
	Good string
	// Errors and Total are the PromQL of the bad and all events' rates over a window.
	Errors, Total func(window string) string
	// Series writes the unit tests' input: good and bad events per minute.
	Series func(good, bad, canceled int) []Series
}

// SLORecord is the recorded name of an SLO's error ratio over a window.
const SLORecord = contract.MetricSLOErrorRatio

// MinBadEvents is how many bad events the long window must hold before an SLO
// alert fires, so that one error at night among a handful of requests does not page.
const MinBadEvents = 3

// burn is one alerting pair of windows.
type burn struct {
	Severity    string
	Rate        float64 // times the budget's even spend
	Long, Short string
}

// burns are the workbook's recommended pairs for a 30-day SLO.
var burns = []burn{
	{"critical", 14.4, "1h", "5m"},
	{"critical", 6, "6h", "30m"},
	{"warning", 3, "1d", "2h"},
	{"warning", 1, "3d", "6h"},
}

// windows are every window a burn reads, recorded once each.
var windows = []string{"5m", "30m", "1h", "2h", "6h", "1d", "3d"}

func route(route, method string) string {
	return fmt.Sprintf(`%s, route=%q, method=%q`, promql.App, route, method)
}

// SLOs are the service's objectives; docs/oncall.md writes them down.
func SLOs() []SLO {
	seats := contract.RouteSeatMap
	count := contract.MetricHTTPRequestDuration + "_count"
	bucket := contract.MetricHTTPRequestDuration + "_bucket"
	// A client that hung up (499) is neither good nor bad: nobody waited for the answer.
	answered := fmt.Sprintf(`status!=%q`, "499")
	availability := func(name, alert, good, r, method, okStatus string, objective float64) SLO {
		return SLO{
			Name: name, Alert: alert, Objective: objective, Good: good,
			// With no 5xx series yet the errors are 0, not missing: the
			// dashboards show 0 and the ratio exists.
			Errors: func(w string) string {
				return fmt.Sprintf(`(
    sum by (namespace) (rate(%[1]s{%[2]s, status=~"5.."}[%[4]s]))
  or
    sum by (namespace) (rate(%[1]s{%[2]s, %[3]s}[%[4]s])) * 0
  )`, count, route(r, method), answered, w)
			},
			Total: func(w string) string {
				return fmt.Sprintf(`sum by (namespace) (rate(%s{%s, %s}[%s]))`, count, route(r, method), answered, w)
			},
			Series: func(good, bad, canceled int) []Series {
				return []Series{
					httpCount(r, method, okStatus, fmt.Sprintf("0+%dx1600", good)),
					httpCount(r, method, "500", fmt.Sprintf("0+%dx1600", bad)),
					httpCount(r, method, "499", fmt.Sprintf("0+%dx1600", canceled)),
				}
			},
		}
	}
	latencyLe := strconv.FormatFloat(contract.SLOReservationsLatencySeconds, 'g', -1, 64)
	latency := SLO{
		Name: contract.SLOReservationsLatency, Alert: "PodoReservationsLatency", Objective: contract.SLOReservationsLatencyObjective,
		Good: "reservation attempts answered (without a server error) within " + latencyLe + " s",
		Errors: func(w string) string {
			return fmt.Sprintf(`(
    sum by (namespace) (rate(%[1]s{%[3]s, status!~"5.."}[%[5]s]))
  -
    sum by (namespace) (rate(%[2]s{%[3]s, status!~"5..", le=%[4]q}[%[5]s]))
  )`, count, bucket, route(reservationsRoute, "POST"), latencyLe, w)
		},
		Total: func(w string) string {
			return fmt.Sprintf(`sum by (namespace) (rate(%s{%s, status!~"5.."}[%s]))`, count, route(reservationsRoute, "POST"), w)
		},
		Series: func(fast, slow, _ int) []Series {
			b := func(le string, n int) Series {
				return Series{Metric: bucket, Values: fmt.Sprintf("0+%dx1600", n), Labels: appLabels(
					"route", reservationsRoute, "method", "POST", "status", "201", "le", le, "pod", "podo-api-1")}
			}
			return []Series{
				b("0.25", fast), b(latencyLe, fast), b("1", fast+slow), b("+Inf", fast+slow),
				httpCount(reservationsRoute, "POST", "201", fmt.Sprintf("0+%dx1600", fast+slow)),
			}
		},
	}
	return []SLO{
		availability(contract.SLOReservationsAvailability, "PodoReservationsAvailability",
			"reservation attempts answered without a server error (5xx); a conflict is a good answer", reservationsRoute, "POST", "201",
			contract.SLOReservationsAvailabilityObjective),
		latency,
		availability(contract.SLOSeatMapAvailability, "PodoSeatMapAvailability",
			"seat map requests answered without a server error (5xx)", seats, "GET", "200", contract.SLOSeatMapAvailabilityObjective),
	}
}

// records are the SLO's error ratios over every window.
func (s SLO) records() []Record {
	var out []Record
	for _, w := range windows {
		out = append(out, Record{
			Name:   SLORecord + w,
			Expr:   fmt.Sprintf("%s\n/\n%s", s.Errors(w), s.Total(w)),
			Labels: map[string]string{"slo": s.Name},
		})
	}
	return out
}

func (s SLO) budget() float64 { return 1 - s.Objective }

func percent(f float64) string { return strconv.FormatFloat(f*100, 'g', 4, 64) + "%" }

// speeds are an SLO's two alerts: the fast burns page, the slow ones open a
// ticket (Alertmanager lets the page silence the ticket of the same SLO).
var speeds = []struct {
	Suffix, Severity, For, Does string
	// EvalTime is when the unit tests look: past the long window and the wait.
	EvalTime string
}{
	{Suffix: "FastBurn", Severity: "critical", For: "2m", Does: "pages", EvalTime: "70m"},
	{Suffix: "SlowBurn", Severity: "warning", For: "1h", Does: "opens a ticket", EvalTime: "26h"},
}

// trafficFor returns a unit test's events a minute: [good, bad].
func trafficFor(latency bool, suffix, kind string) [2]int {
	switch {
	case kind == "within budget" && latency:
		return [2]int{199, 1} // 0.5%, budget 1%
	case kind == "within budget":
		return [2]int{1999, 1} // 0.05%, budget 0.1%
	case suffix == "FastBurn" && latency:
		return [2]int{80, 20} // 20%: 20x the budget
	case suffix == "FastBurn":
		return [2]int{90, 10} // 10%: 100x
	case latency:
		return [2]int{96, 4} // 4%: 4x, under the 6x page
	}
	return [2]int{199, 1} // 0.5%: 5x, under the 6x page
}

// alerts are the SLO's burn-rate alerts with their unit tests.
func (s SLO) alerts() []Alert {
	sel := func(w string) string {
		return fmt.Sprintf(`%s%s{namespace=%q, slo=%q}`, SLORecord, w, contract.AppNamespace, s.Name)
	}
	latency := s.Name == contract.SLOReservationsLatency
	var out []Alert
	for _, sp := range speeds {
		var pairs, described []string
		var longest string
		for _, b := range burns {
			if b.Severity != sp.Severity {
				continue
			}
			threshold := strconv.FormatFloat(b.Rate*s.budget(), 'g', 6, 64)
			pairs = append(pairs, fmt.Sprintf("(%s > %s and %s > %s)", sel(b.Long), threshold, sel(b.Short), threshold))
			described = append(described, fmt.Sprintf("%gx over %s and %s", b.Rate, b.Long, b.Short))
			longest = b.Long
		}
		// Bad events in the long window: the errors' rates read as increases.
		bad := strings.ReplaceAll(s.Errors(longest), "rate(", "increase(")
		expr := fmt.Sprintf("(\n  %s\n)\nand on (namespace)\n%s >= %d", strings.Join(pairs, "\n  or\n  "), bad, MinBadEvents)
		firing := []Firing{{Labels: map[string]string{"namespace": contract.AppNamespace, "slo": s.Name}}}
		fires, quiet := trafficFor(latency, sp.Suffix, "burn"), trafficFor(latency, sp.Suffix, "within budget")
		cases := []Case{
			{Name: "a " + strings.ToLower(strings.TrimSuffix(sp.Suffix, "Burn")) + " burn of the budget", Series: s.Series(fires[0], fires[1], 0), EvalTime: sp.EvalTime, Fires: firing},
			{Name: "errors within the budget", Series: s.Series(quiet[0], quiet[1], 0), EvalTime: sp.EvalTime},
		}
		if !latency {
			cases = append(cases, Case{Name: "clients hanging up are not errors", Series: s.Series(100, 0, 50), EvalTime: sp.EvalTime})
		}
		does, speed := sp.Does, strings.Join(described, " or ")
		out = append(out, Alert{
			Name:     s.Alert + sp.Suffix,
			Runbook:  "podo-slo-burn",
			Severity: sp.Severity,
			Labels:   map[string]string{"slo": s.Name},
			Expr:     expr,
			For:      sp.For,
			Summary: func(Vars) string {
				return fmt.Sprintf("%s is spending the error budget of its %s SLO (%s) too fast", contract.AppName, s.Name, percent(s.Objective))
			},
			Description: func(Vars) string {
				return fmt.Sprintf("The SLO: %s of %s over 30 days, a budget of %s bad. Bad events spend it at %s its even pace; at that pace this %s. Dashboard Podo / Booking overview, row SLOs.",
					percent(s.Objective), s.Good, percent(s.budget()), speed, does)
			},
			Tests: cases,
		})
	}
	return out
}
