// Package rulegen writes the booking service's Prometheus alert rules and their
// promtool unit tests from Go, so that every metric name, label value,
// namespace and job in them comes from the app's contract package and a rename
// there changes the rules instead of silently blinding them.
//
// alerts/cmd/genrules writes Render's output to alerts/rules/; a test fails
// when the committed files differ from it.
package rulegen

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/contract/promql"
)

// File names under alerts/rules/.
const (
	RulesFile = "podo.rules.yaml"
	TestsFile = "podo.rules.test.yaml"
)

// Thresholds. They are here, in one place, and the alert descriptions quote them.
const (
	errorRatioMax   = 0.05 // share of API requests answered 5xx
	minRequestRate  = 0.1  // requests/s below which a ratio is noise
	failureRatioMax = 0.01 // share of reservation attempts that failed
	minFailures     = 3    // failed reservations in 5 minutes before the ratio counts
	restartsMax     = 2    // container restarts in 30 minutes
)

// notFailures are the reservation outcomes that are not failures of the
// service: success, plain conflicts (a seat sold, held, or in another
// booking right now), the client's mistakes and clients that hung up.
// Anything else, including outcomes added later, counts as a failure.
var notFailures = strings.Join([]string{
	contract.OutcomeReserved, contract.OutcomeSeatTaken, contract.OutcomeSeatHeld,
	contract.OutcomeAlreadyReserved, contract.OutcomeInvalid, contract.OutcomeSeatLocked,
	contract.OutcomeCanceled,
}, "|")

// Vars fill an alert's summary and description: in the rule they are
// Prometheus templates; in a unit test, the text promtool must render.
type Vars struct {
	Value string // the expression's value, formatted
	Pod   string
	HPA   string
	Show  string
}

// Alert is one alerting rule with the unit tests that prove it.
type Alert struct {
	Name        string
	Runbook     string            // runbook name under alerts/runbooks
	Severity    string            // critical pages at any hour; warning waits for working hours
	Labels      map[string]string // more labels, such as an SLO's name
	Expr        string
	For         string
	ValueFormat string // the template that formats $value, e.g. "{{ $value | humanizePercentage }}"
	Summary     func(Vars) string
	Description func(Vars) string
	Tests       []Case
}

// Case is a promtool unit test: input series and what the alert does at EvalTime.
type Case struct {
	Name     string
	Series   []Series
	EvalTime string
	Fires    []Firing // empty: the alert must stay quiet
}

// Series is one input series in promtool's expanding notation, e.g. "0+60x30".
type Series struct {
	Metric string
	Labels map[string]string
	Values string
}

// Firing is an alert promtool must see firing: its labels besides severity
// and alertname, and the values its summary and description render with.
type Firing struct {
	Labels map[string]string
	Vars   Vars
}

// Record is a recording rule.
type Record struct {
	Name   string
	Expr   string
	Labels map[string]string
}

// Groups are the rule groups, each a list of recording rules and alerts.
type Groups []struct {
	Name    string
	Records []Record
	Alerts  []Alert
}

// Rules returns every rule for the booking service.
func Rules() Groups {
	var sloRecords []Record
	var sloAlerts []Alert
	for _, s := range SLOs() {
		sloRecords = append(sloRecords, s.records()...)
		sloAlerts = append(sloAlerts, s.alerts()...)
	}
	return Groups{
		{Name: "podo-api", Alerts: []Alert{
			errorRatio(), latency(), reservationFailures(), redisDegraded(), appDown(),
		}},
		{Name: "podo-api-waitroom", Alerts: []Alert{lineStalled()}},
		{Name: "podo-api-kubernetes", Alerts: []Alert{podRestarts(), hpaAtMax()}},
		{Name: "podo-api-slo", Records: sloRecords, Alerts: sloAlerts},
	}
}

func requests(extra string) string {
	return fmt.Sprintf(`%s_count{%s, %s%s}`, contract.MetricHTTPRequestDuration, promql.App, promql.APIRoutes, extra)
}

func errorRatio() Alert {
	return Alert{
		Name:     "PodoHigh5xxRatio",
		Runbook:  "podo-5xx-ratio",
		Severity: "critical",
		// Holds refused with 503 while Redis is down are degraded mode by design
		// (PodoRedisDegraded, a warning), not an outage: they are not counted.
		Expr: fmt.Sprintf(`(
  (
    sum(rate(%[1]s[5m]))
  -
    (sum(rate(%[2]s[5m])) or vector(0))
  )
/
  sum(rate(%[3]s[5m]))
) > %[4]g
and
sum(rate(%[3]s[5m])) > %[5]g`, requests(`, status=~"5.."`), requests(fmt.Sprintf(`, route=%q, method="PUT", status="503"`, contract.RouteHold)),
			requests(""), errorRatioMax, minRequestRate),
		For:         "5m",
		ValueFormat: "{{ $value | humanizePercentage }}",
		Summary: func(v Vars) string {
			return fmt.Sprintf("%s answers %s of API requests with a 5xx", contract.AppName, v.Value)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("Over the last 5 minutes %s of API requests to %s in namespace %s ended in a 5xx (alert above %g%%; health checks, the seat event stream and holds refused in degraded mode left out).",
				v.Value, contract.AppName, contract.AppNamespace, errorRatioMax*100)
		},
		Tests: []Case{
			{
				Name: "a fifth of requests fail",
				Series: []Series{
					httpCount("/api/shows", "GET", "200", "0+60x30"),
					httpCount(reservationsRoute, "POST", "500", "0+15x30"),
				},
				EvalTime: "15m",
				Fires:    []Firing{{Vars: Vars{Value: "20%"}}},
			},
			{
				Name: "holds refused while Redis is down are degraded mode, not errors",
				Series: []Series{
					httpCount("/api/shows", "GET", "200", "0+60x30"),
					httpCount(contract.RouteHold, "PUT", "503", "0+30x30"),
				},
				EvalTime: "15m",
			},
			{
				Name: "one error in sixty requests",
				Series: []Series{
					httpCount("/api/shows", "GET", "200", "0+60x30"),
					httpCount("/api/shows", "GET", "500", "0+1x30"),
				},
				EvalTime: "15m",
			},
			{
				Name: "readiness 503s while MySQL is away and too little traffic to judge",
				Series: []Series{
					httpCount("/api/shows", "GET", "200", "0x30"),
					httpCount(contract.ReadinessPath, "GET", "503", "0+60x30"),
					httpCount("/api/shows", "GET", "500", "0+1x30"),
				},
				EvalTime: "15m",
			},
		},
	}
}

func latency() Alert {
	bucket := func(route, le, values string) Series {
		return Series{Metric: contract.MetricHTTPRequestDuration + "_bucket", Values: values, Labels: appLabels(
			"route", route, "method", "POST", "status", "201", "le", le)}
	}
	return Alert{
		Name:     "PodoLatencyP99AboveSLO",
		Runbook:  "podo-latency-p99",
		Severity: "warning",
		Expr: fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(%s_bucket{%s, %s}[5m]))) > %g`,
			contract.MetricHTTPRequestDuration, promql.App, promql.APIRoutes, contract.LatencySLOSeconds),
		For:         "10m",
		ValueFormat: "{{ $value | humanizeDuration }}",
		Summary: func(v Vars) string {
			return fmt.Sprintf("%s p99 latency is %s, above the %gms SLO", contract.AppName, v.Value, contract.LatencySLOSeconds*1000)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("The 99th percentile of API request durations of %s in namespace %s has been above the SLO of %gms for 10 minutes; it is %s now.",
				contract.AppName, contract.AppNamespace, contract.LatencySLOSeconds*1000, v.Value)
		},
		Tests: []Case{
			{
				Name: "reservations take between half a second and a second",
				Series: []Series{
					bucket(reservationsRoute, "0.1", "0x30"),
					bucket(reservationsRoute, "0.25", "0x30"),
					bucket(reservationsRoute, "0.5", "0x30"),
					bucket(reservationsRoute, "1", "0+60x30"),
					bucket(reservationsRoute, "+Inf", "0+60x30"),
				},
				EvalTime: "20m",
				Fires:    []Firing{{Vars: Vars{Value: "995ms"}}},
			},
			{
				Name: "fast requests and long-lived seat event streams",
				Series: []Series{
					bucket(reservationsRoute, "0.1", "0+60x30"),
					bucket(reservationsRoute, "0.25", "0+60x30"),
					bucket(reservationsRoute, "0.5", "0+60x30"),
					bucket(reservationsRoute, "1", "0+60x30"),
					bucket(reservationsRoute, "+Inf", "0+60x30"),
					bucket(contract.RouteSeatEvents, "0.1", "0x30"),
					bucket(contract.RouteSeatEvents, "0.25", "0x30"),
					bucket(contract.RouteSeatEvents, "0.5", "0x30"),
					bucket(contract.RouteSeatEvents, "1", "0x30"),
					bucket(contract.RouteSeatEvents, "+Inf", "0+60x30"),
				},
				EvalTime: "20m",
			},
		},
	}
}

func reservationFailures() Alert {
	attempts := fmt.Sprintf(`%s{%s}`, contract.MetricReservations, promql.App)
	failures := fmt.Sprintf(`%s{%s, outcome!~%q}`, contract.MetricReservations, promql.App, notFailures)
	return Alert{
		Name:     "PodoReservationFailures",
		Runbook:  "podo-reservation-failures",
		Severity: "critical",
		Expr: fmt.Sprintf(`(
  sum(rate(%[1]s[5m]))
/
  sum(rate(%[2]s[5m]))
) > %[3]g
and
sum(increase(%[1]s[5m])) >= %[4]d`, failures, attempts, failureRatioMax, minFailures),
		For:         "2m",
		ValueFormat: "{{ $value | humanizePercentage }}",
		Summary: func(v Vars) string {
			return fmt.Sprintf("%s of reservation attempts fail for reasons other than conflicts", v.Value)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("%s of reservation attempts in namespace %s ended with an outcome that is not a success, a conflict or a client error (alert above %g%%). Failed reservations are rolled back; users must retry.",
				v.Value, contract.AppNamespace, failureRatioMax*100)
		},
		Tests: []Case{
			{
				Name: "one attempt in eleven ends in error",
				Series: []Series{
					reservations(contract.OutcomeReserved, "0+60x20"),
					reservations(contract.OutcomeError, "0+6x20"),
				},
				EvalTime: "10m",
				Fires:    []Firing{{Vars: Vars{Value: "9.091%"}}},
			},
			{
				Name: "many conflicts, client errors and seats locked by other bookings are not failures",
				Series: []Series{
					reservations(contract.OutcomeReserved, "0+60x20"),
					reservations(contract.OutcomeSeatTaken, "0+120x20"),
					reservations(contract.OutcomeSeatHeld, "0+30x20"),
					reservations(contract.OutcomeAlreadyReserved, "0+5x20"),
					reservations(contract.OutcomeInvalid, "0+10x20"),
					reservations(contract.OutcomeSeatLocked, "0+10x20"),
				},
				EvalTime: "10m",
			},
		},
	}
}

func redisDegraded() Alert {
	return Alert{
		Name:        "PodoRedisDegraded",
		Runbook:     "podo-redis-degraded",
		Severity:    "warning",
		Expr:        fmt.Sprintf(`%s{%s} == 0`, contract.MetricRedisUp, promql.App),
		For:         "2m",
		ValueFormat: "{{ $value }}",
		Summary: func(v Vars) string {
			return fmt.Sprintf("%s runs without Redis (degraded mode)", v.Pod)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("Pod %s in namespace %s cannot reach Redis. Bookings stay correct (MySQL decides), but holds are refused, live seat updates stop and every read goes to MySQL.",
				v.Pod, contract.AppNamespace)
		},
		Tests: []Case{
			{
				Name: "one pod loses Redis",
				Series: []Series{
					{Metric: contract.MetricRedisUp, Labels: appLabels("pod", "podo-api-1"), Values: "1x20"},
					{Metric: contract.MetricRedisUp, Labels: appLabels("pod", "podo-api-2"), Values: "1 1 1 0x17"},
				},
				EvalTime: "10m",
				Fires: []Firing{{
					Labels: appLabels("pod", "podo-api-2"),
					Vars:   Vars{Value: "0", Pod: "podo-api-2"},
				}},
			},
			{
				Name: "a blip shorter than two minutes",
				Series: []Series{
					{Metric: contract.MetricRedisUp, Labels: appLabels("pod", "podo-api-1"), Values: "1 1 1 0 1x16"},
				},
				EvalTime: "4m",
			},
		},
	}
}

func appDown() Alert {
	up := func(namespace, pod, values string) Series {
		return Series{Metric: "up", Values: values, Labels: map[string]string{
			"namespace": namespace, "job": contract.AppName, "pod": pod}}
	}
	return Alert{
		Name:     "PodoAppDown",
		Runbook:  "podo-app-down",
		Severity: "critical",
		// absent(... == 1) covers both a target that is down and no target at all:
		// no pods, or a ServiceMonitor that no longer matches the Service.
		Expr:        fmt.Sprintf(`absent(up{%s} == 1)`, promql.App),
		For:         "2m",
		ValueFormat: "{{ $value }}",
		Summary: func(Vars) string {
			return fmt.Sprintf("No %s target is up in namespace %s", contract.AppName, contract.AppNamespace)
		},
		Description: func(Vars) string {
			return fmt.Sprintf("Prometheus has scraped no healthy %s target in namespace %s for 2 minutes: the pods are down, or the ServiceMonitor no longer finds them. Every other %s alert is blind meanwhile.",
				contract.AppName, contract.AppNamespace, contract.AppName)
		},
		Tests: []Case{
			{
				Name:     "every target down",
				Series:   []Series{up(contract.AppNamespace, "podo-api-1", "0x10"), up(contract.AppNamespace, "podo-api-2", "0x10")},
				EvalTime: "5m",
				Fires:    []Firing{{}},
			},
			{
				Name:     "the app scraped only in another namespace",
				Series:   []Series{up("default", "podo-api-1", "1x10")},
				EvalTime: "5m",
				Fires:    []Firing{{}},
			},
			{
				Name:     "one of two pods down",
				Series:   []Series{up(contract.AppNamespace, "podo-api-1", "1x10"), up(contract.AppNamespace, "podo-api-2", "0x10")},
				EvalTime: "5m",
			},
		},
	}
}

func podRestarts() Alert {
	restarts := func(namespace, values string) Series {
		return Series{Metric: "kube_pod_container_status_restarts_total", Values: values, Labels: map[string]string{
			"namespace": namespace, "pod": "podo-api-7d9f-x2x", "container": "api", "job": "kube-state-metrics"}}
	}
	return Alert{
		Name:     "PodoPodRestarting",
		Runbook:  "podo-pod-restarts",
		Severity: "warning",
		// Everything in the app's namespace is the app; kube-state-metrics does
		// not export pod labels unless told to, so the namespace is what selects.
		Expr:        fmt.Sprintf(`increase(kube_pod_container_status_restarts_total{namespace=%q}[30m]) > %d`, contract.AppNamespace, restartsMax),
		ValueFormat: `{{ printf "%.0f" $value }}`,
		Summary: func(v Vars) string {
			return fmt.Sprintf("%s restarted %s times in 30 minutes", v.Pod, v.Value)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("A container of pod %s in namespace %s restarted %s times in the last 30 minutes (alert above %d). Look at its last state and previous logs.",
				v.Pod, contract.AppNamespace, v.Value, restartsMax)
		},
		Tests: []Case{
			{
				Name:     "crash-looping",
				Series:   []Series{restarts(contract.AppNamespace, "0 0 0 0 0 1 1 2 2 3 3 4 4 5 5 5x20")},
				EvalTime: "30m",
				Fires: []Firing{{
					Labels: restarts(contract.AppNamespace, "").Labels,
					Vars:   Vars{Value: "5", Pod: "podo-api-7d9f-x2x"},
				}},
			},
			{
				Name:     "restarted long ago, and crash-looping elsewhere",
				Series:   []Series{restarts(contract.AppNamespace, "3x40"), restarts("kube-system", "0+1x40")},
				EvalTime: "35m",
			},
		},
	}
}

func hpaAtMax() Alert {
	const (
		current = "kube_horizontalpodautoscaler_status_current_replicas"
		max     = "kube_horizontalpodautoscaler_spec_max_replicas"
		min     = "kube_horizontalpodautoscaler_spec_min_replicas"
	)
	hpa := func(metric, values string) Series {
		return Series{Metric: metric, Values: values, Labels: map[string]string{
			"namespace": contract.AppNamespace, "horizontalpodautoscaler": contract.AppName, "job": "kube-state-metrics"}}
	}
	ns := fmt.Sprintf(`namespace=%q`, contract.AppNamespace)
	on := "on (namespace, horizontalpodautoscaler)"
	return Alert{
		Name:     "PodoHPAAtMax",
		Runbook:  "podo-hpa-at-max",
		Severity: "warning",
		// An autoscaler pinned with min = max is always "at max"; it is left out.
		Expr: fmt.Sprintf(`%[1]s{%[4]s}
  >= %[5]s
%[2]s{%[4]s}
unless %[5]s
(%[2]s{%[4]s} == %[5]s %[3]s{%[4]s})`, current, max, min, ns, on),
		For:         "15m",
		ValueFormat: "{{ $value }}",
		Summary: func(v Vars) string {
			return fmt.Sprintf("Autoscaler %s has run at its maximum of %s replicas for 15 minutes", v.HPA, v.Value)
		},
		Description: func(v Vars) string {
			return fmt.Sprintf("HorizontalPodAutoscaler %s in namespace %s runs %s replicas, its maximum, and cannot add more: no headroom for more traffic.",
				v.HPA, contract.AppNamespace, v.Value)
		},
		Tests: []Case{
			{
				Name:     "pinned at the maximum",
				Series:   []Series{hpa(current, "4 6 8 10x30"), hpa(max, "10x33"), hpa(min, "2x33")},
				EvalTime: "25m",
				Fires: []Firing{{
					// Matching on (namespace, horizontalpodautoscaler) keeps only those labels.
					Labels: map[string]string{"namespace": contract.AppNamespace, "horizontalpodautoscaler": contract.AppName},
					Vars:   Vars{Value: "10", HPA: contract.AppName},
				}},
			},
			{
				Name:     "headroom left",
				Series:   []Series{hpa(current, "6x30"), hpa(max, "10x30"), hpa(min, "2x30")},
				EvalTime: "25m",
			},
			{
				Name:     "a fixed size, min equal to max",
				Series:   []Series{hpa(current, "3x30"), hpa(max, "3x30"), hpa(min, "3x30")},
				EvalTime: "25m",
			},
		},
	}
}

// reservationsRoute is a route label as the service writes it (a mux path
// template), for the unit tests' input series.
const reservationsRoute = contract.RouteReservations

func appLabels(kv ...string) map[string]string {
	m := map[string]string{"namespace": contract.AppNamespace, "job": contract.AppName}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func httpCount(route, method, status, values string) Series {
	return Series{Metric: contract.MetricHTTPRequestDuration + "_count", Values: values,
		Labels: appLabels("route", route, "method", method, "status", status, "pod", "podo-api-1")}
}

func reservations(outcome, values string) Series {
	return Series{Metric: contract.MetricReservations, Values: values,
		Labels: appLabels("outcome", outcome, "pod", "podo-api-1")}
}

// The YAML shapes of a Prometheus rules file and a promtool test file.
type (
	ruleFile struct {
		Groups []ruleGroup `yaml:"groups"`
	}
	ruleGroup struct {
		Name  string `yaml:"name"`
		Rules []rule `yaml:"rules"`
	}
	rule struct {
		Record      string            `yaml:"record,omitempty"`
		Alert       string            `yaml:"alert,omitempty"`
		Expr        string            `yaml:"expr"`
		For         string            `yaml:"for,omitempty"`
		Labels      map[string]string `yaml:"labels,omitempty"`
		Annotations map[string]string `yaml:"annotations,omitempty"`
	}
	testFile struct {
		RuleFiles          []string    `yaml:"rule_files"`
		EvaluationInterval string      `yaml:"evaluation_interval"`
		Tests              []testGroup `yaml:"tests"`
	}
	testGroup struct {
		Name          string          `yaml:"name"`
		Interval      string          `yaml:"interval"`
		InputSeries   []inputSeries   `yaml:"input_series"`
		AlertRuleTest []alertRuleTest `yaml:"alert_rule_test"`
	}
	inputSeries struct {
		Series string `yaml:"series"`
		Values string `yaml:"values"`
	}
	alertRuleTest struct {
		EvalTime  string     `yaml:"eval_time"`
		Alertname string     `yaml:"alertname"`
		ExpAlerts []expAlert `yaml:"exp_alerts"`
	}
	expAlert struct {
		ExpLabels      map[string]string `yaml:"exp_labels"`
		ExpAnnotations map[string]string `yaml:"exp_annotations"`
	}
)

func (a Alert) labels() map[string]string {
	labels := map[string]string{"severity": a.Severity, "service": contract.AppName}
	for k, v := range a.Labels {
		labels[k] = v
	}
	return labels
}

func (a Alert) annotations(v Vars) map[string]string {
	return map[string]string{
		"summary":     a.Summary(v),
		"description": a.Description(v),
		"runbook_url": alerts.RunbookURL(a.Runbook),
	}
}

// Header opens both generated files.
const Header = "# Code generated by alerts/cmd/genrules from alerts/internal/rulegen; DO NOT EDIT.\n" +
	"# Regenerate with: make alerts-rules\n"

// Render returns the rules file and its promtool unit test file.
func Render() (rules, tests []byte, err error) {
	var rf ruleFile
	tf := testFile{RuleFiles: []string{RulesFile}, EvaluationInterval: "1m"}
	for _, g := range Rules() {
		rg := ruleGroup{Name: g.Name}
		for _, r := range g.Records {
			rg.Rules = append(rg.Rules, rule{Record: r.Name, Expr: r.Expr, Labels: r.Labels})
		}
		for _, a := range g.Alerts {
			if _, err := alerts.Runbook(a.Runbook); err != nil {
				return nil, nil, fmt.Errorf("alert %s: %w", a.Name, err)
			}
			rg.Rules = append(rg.Rules, rule{
				Alert:  a.Name,
				Expr:   a.Expr,
				For:    a.For,
				Labels: a.labels(),
				Annotations: a.annotations(Vars{
					Value: a.ValueFormat, Pod: "{{ $labels.pod }}", HPA: "{{ $labels.horizontalpodautoscaler }}", Show: "{{ $labels.show }}"}),
			})
			for _, c := range a.Tests {
				tf.Tests = append(tf.Tests, a.testGroup(c))
			}
		}
		rf.Groups = append(rf.Groups, rg)
	}
	if rules, err = marshal(rf); err != nil {
		return nil, nil, err
	}
	if tests, err = marshal(tf); err != nil {
		return nil, nil, err
	}
	return rules, tests, nil
}

func (a Alert) testGroup(c Case) testGroup {
	tg := testGroup{Name: a.Name + ": " + c.Name, Interval: "1m"}
	for _, s := range c.Series {
		tg.InputSeries = append(tg.InputSeries, inputSeries{Series: s.String(), Values: s.Values})
	}
	exp := []expAlert{} // an empty list: the alert must not fire
	for _, f := range c.Fires {
		labels := a.labels()
		for k, v := range f.Labels {
			labels[k] = v
		}
		exp = append(exp, expAlert{ExpLabels: labels, ExpAnnotations: a.annotations(f.Vars)})
	}
	tg.AlertRuleTest = []alertRuleTest{{EvalTime: c.EvalTime, Alertname: a.Name, ExpAlerts: exp}}
	return tg
}

// String writes the series in PromQL notation, labels sorted.
func (s Series) String() string {
	var keys []string
	for k := range s.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(s.Metric + "{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%q", k, s.Labels[k])
	}
	b.WriteString("}")
	return b.String()
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(Header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
