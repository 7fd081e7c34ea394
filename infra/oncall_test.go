package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/dashboards"
	"github.com/podo-tickets/podo/infra/alarms"
	"github.com/podo-tickets/podo/infra/monitoring"
	"github.com/podo-tickets/podo/infra/workloads"
)

const topicARN = "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-oncall"

func alarmsByName(t *testing.T) map[string]rec {
	out := map[string]rec{}
	for _, a := range ofType(t, "aws:cloudwatch/metricAlarm:MetricAlarm") {
		out[fmt.Sprint(a.In["name"])] = a
	}
	return out
}

func TestAlarmSetAndThresholds(t *testing.T) {
	// The dev stack: max_connections 150, 20 GB allocated, db.t4g.medium (4 GiB), two Redis nodes.
	want := map[string]struct {
		metric     string
		comparison string
		threshold  float64
	}{
		"podo-dev-rds-cpu-high":                    {"CPUUtilization", "GreaterThanThreshold", 80},
		"podo-dev-rds-connections-high":            {"DatabaseConnections", "GreaterThanThreshold", 120},
		"podo-dev-rds-free-storage-low":            {"FreeStorageSpace", "LessThanThreshold", 2 << 30},
		"podo-dev-rds-freeable-memory-low":         {"FreeableMemory", "LessThanThreshold", 0.4 * (1 << 30)},
		"podo-dev-rds-read-latency-high":           {"ReadLatency", "GreaterThanThreshold", 0.02},
		"podo-dev-rds-write-latency-high":          {"WriteLatency", "GreaterThanThreshold", 0.05},
		"podo-dev-cache-cpu-high-redis-001":        {"EngineCPUUtilization", "GreaterThanThreshold", 75},
		"podo-dev-cache-cpu-high-redis-002":        {"EngineCPUUtilization", "GreaterThanThreshold", 75},
		"podo-dev-cache-memory-high-redis-001":     {"DatabaseMemoryUsagePercentage", "GreaterThanThreshold", 80},
		"podo-dev-cache-memory-high-redis-002":     {"DatabaseMemoryUsagePercentage", "GreaterThanThreshold", 80},
		"podo-dev-cache-evictions-redis-001":       {"Evictions", "GreaterThanThreshold", 0},
		"podo-dev-cache-evictions-redis-002":       {"Evictions", "GreaterThanThreshold", 0},
		"podo-dev-cache-replication-lag-redis-001": {"ReplicationLag", "GreaterThanThreshold", 1},
		"podo-dev-cache-replication-lag-redis-002": {"ReplicationLag", "GreaterThanThreshold", 1},
		"podo-dev-alb-5xx-rate":                    {"", "GreaterThanThreshold", 5},
		"podo-dev-alb-target-response-time":        {"TargetResponseTime", "GreaterThanThreshold", 1},
	}
	got := alarmsByName(t)
	if len(got) != len(want) {
		t.Errorf("%d alarms, want %d", len(got), len(want))
	}
	for name, w := range want {
		a, ok := got[name]
		if !ok {
			t.Errorf("no alarm %s", name)
			continue
		}
		metric, _ := a.In["metricName"].(string)
		if metric != w.metric || a.In["comparisonOperator"] != w.comparison || a.In["threshold"] != w.threshold {
			t.Errorf("%s: %s %v %v, want %s %s %v", name, metric, a.In["comparisonOperator"], a.In["threshold"], w.metric, w.comparison, w.threshold)
		}
	}
}

func TestLoadBalancerAlarmsWatchThePublicALB(t *testing.T) {
	got := alarmsByName(t)
	if d := get(got["podo-dev-alb-target-response-time"].In, "dimensions", "LoadBalancer"); d != "app/podo-dev-api/50dc6c495c0c9188" {
		t.Errorf("response time alarm watches %v", d)
	}
	rate := got["podo-dev-alb-5xx-rate"]
	var metrics []string
	for _, q := range rate.In["metricQueries"].([]any) {
		if m := get(q, "metric", "metricName"); m != nil {
			metrics = append(metrics, fmt.Sprint(m))
		}
	}
	slices.Sort(metrics)
	if !slices.Equal(metrics, []string{"HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"}) {
		t.Errorf("5xx rate is computed from %v", metrics)
	}
}

func TestEveryAlarmNotifiesTheTopicWhenItFiresAndWhenItClears(t *testing.T) {
	for name, a := range alarmsByName(t) {
		if !slices.Equal(strs(a.In["alarmActions"]), []string{topicARN}) || !slices.Equal(strs(a.In["okActions"]), []string{topicARN}) {
			t.Errorf("%s: alarm actions %v, OK actions %v", name, a.In["alarmActions"], a.In["okActions"])
		}
	}
}

func TestEveryAlarmDescriptionCarriesItsRunbookWithin1024Characters(t *testing.T) {
	for name, a := range alarmsByName(t) {
		desc := fmt.Sprint(a.In["alarmDescription"])
		runbook := strings.TrimPrefix(name, "podo-dev-")
		if i := strings.Index(runbook, "-redis-"); i > 0 {
			runbook = runbook[:i]
		}
		doc, err := alerts.Runbook(runbook)
		if err != nil {
			t.Fatal(err)
		}
		if len(desc) > alarms.MaxDescription {
			t.Errorf("%s: description is %d characters", name, len(desc))
		}
		if !strings.Contains(desc, alerts.PlainText(doc.Meaning)) || !strings.Contains(desc, alerts.RunbookURL(runbook)) {
			t.Errorf("%s: description lacks its runbook's meaning or address: %q", name, desc)
		}
	}
}

func TestTheTopicEmailsTheConfiguredAddresses(t *testing.T) {
	var want []string
	if err := json.Unmarshal([]byte(stackCfg["podo:alarmEmails"]), &want); err != nil || len(want) == 0 {
		t.Fatalf("podo:alarmEmails = %q", stackCfg["podo:alarmEmails"])
	}
	var got []string
	for _, s := range ofType(t, "aws:sns/topicSubscription:TopicSubscription") {
		if s.In["protocol"] != "email" || s.In["topic"] != topicARN {
			t.Errorf("subscription %v", s.In)
		}
		got = append(got, fmt.Sprint(s.In["endpoint"]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("emails %v, want %v", got, want)
	}
}

func chart(t *testing.T, name string) rec {
	for _, c := range ofType(t, "kubernetes:helm.sh/v4:Chart") {
		if c.In["chart"] == name {
			return c
		}
	}
	t.Fatalf("no chart %s", name)
	return rec{}
}

func TestEveryMonitoringUIIsBehindAnInternalLoadBalancer(t *testing.T) {
	for _, ui := range monitoring.UIs() {
		svc := named(t, "kubernetes:core/v1:Service", "podo-dev-ui-"+ui.Host)
		annotations, _ := get(svc.In, "metadata", "annotations").(map[string]any)
		if get(svc.In, "spec", "type") != "LoadBalancer" || annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] != "internal" ||
			!slices.Equal(strs(get(svc.In, "spec", "loadBalancerSourceRanges")), []string{stackCfg["podo:vpcCidr"]}) {
			t.Errorf("%s service = %v, want an internal load balancer open to the VPC only", ui.Host, svc.In["spec"])
		}
		if ports := get(svc.In, "spec", "ports").([]any); len(ports) != 1 {
			t.Errorf("%s exposes %d ports, want only the UI's", ui.Host, len(ports))
		}
	}
	values := chart(t, "kube-prometheus-stack").In["values"]
	for _, ui := range []string{"prometheus", "alertmanager", "grafana"} {
		if typ := get(values, ui, "service", "type"); typ != nil && typ != "ClusterIP" {
			t.Errorf("the chart's %s Service is a %v: a second load balancer", ui, typ)
		}
	}
}

func TestServiceMonitorSelectsTheAppServicesLabels(t *testing.T) {
	var labels any
	for _, s := range ofType(t, "kubernetes:core/v1:Service") {
		if get(s.In, "metadata", "namespace") == contract.AppNamespace {
			labels = get(s.In, "metadata", "labels")
		}
	}
	sm := ofType(t, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor")[0]
	if selector := get(sm.In, "spec", "selector", "matchLabels"); labels == nil || !reflect.DeepEqual(selector, labels) {
		t.Errorf("ServiceMonitor selects %v, the Service is labelled %v", selector, labels)
	}
	if ns := strs(get(sm.In, "spec", "namespaceSelector", "matchNames")); !slices.Equal(ns, []string{contract.AppNamespace}) {
		t.Errorf("ServiceMonitor looks in %v", ns)
	}
	if !reflect.DeepEqual(get(sm.In, "spec", "selector", "matchLabels"), map[string]any{contract.AppLabel: workloads.ServiceLabels()[contract.AppLabel]}) {
		t.Error("ServiceMonitor selector is not the workloads' labels")
	}
}

func TestPrometheusRuleCarriesTheAlertsModulesGroups(t *testing.T) {
	var want any
	if err := json.Unmarshal(alerts.PrometheusRuleGroups(), &want); err != nil {
		t.Fatal(err)
	}
	rule := ofType(t, "kubernetes:monitoring.coreos.com/v1:PrometheusRule")[0]
	if got := get(rule.In, "spec", "groups"); !reflect.DeepEqual(normalise(t, got), want) {
		t.Errorf("PrometheusRule groups differ from alerts.PrometheusRuleGroups()")
	}
}

// normalise round-trips through JSON so numbers and maps compare alike.
func normalise(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGrafanaProvisionsEveryDashboard(t *testing.T) {
	provisioned := map[string]bool{}
	for _, cm := range ofType(t, "kubernetes:core/v1:ConfigMap") {
		if get(cm.In, "metadata", "labels", monitoring.DashboardLabel) == "1" {
			for file := range get(cm.In, "data").(map[string]any) {
				provisioned[file] = true
			}
		}
	}
	for file := range dashboards.Files() {
		if !provisioned[file] {
			t.Errorf("dashboard %s is not provisioned", file)
		}
	}
	values := chart(t, "kube-prometheus-stack").In["values"]
	if get(values, "grafana", "additionalDataSources", 0, "type") != "cloudwatch" ||
		get(values, "grafana", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn") != "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-irsa-grafana" {
		t.Errorf("grafana's CloudWatch data source or its IRSA role is missing: %v", get(values, "grafana"))
	}
}

func TestAlertmanagerSendsToTheOnCallTopic(t *testing.T) {
	values := chart(t, "kube-prometheus-stack").In["values"]
	config := get(values, "alertmanager", "config")
	if get(config, "route", "receiver") != "oncall" {
		t.Errorf("default receiver = %v", get(config, "route", "receiver"))
	}
	for _, r := range get(config, "receivers").([]any) {
		if get(r, "name") == "oncall" && get(r, "sns_configs", 0, "topic_arn") == topicARN {
			return
		}
	}
	t.Errorf("no receiver publishes to %s: %v", topicARN, get(config, "receivers"))
}

func TestFluentBitRoleTrustsOnlyItsServiceAccount(t *testing.T) {
	role := named(t, "aws:iam/role:Role", "podo-dev-irsa-fluent-bit")
	sub := parsePolicy(t, role.In["assumeRolePolicy"]).Statement[0].Condition["StringEquals"][testIssuer+":sub"]
	want := "system:serviceaccount:" + monitoring.Namespace + ":" + monitoring.FluentBitSA
	values := chart(t, "aws-for-fluent-bit").In["values"]
	if sub != want || get(values, "serviceAccount", "name") != monitoring.FluentBitSA {
		t.Errorf("trust sub %v, chart service account %v; want %s", sub, get(values, "serviceAccount", "name"), want)
	}
}

func TestContainerLogsHaveARetentionPeriod(t *testing.T) {
	for _, g := range ofType(t, "aws:cloudwatch/logGroup:LogGroup") {
		if n, _ := g.In["retentionInDays"].(float64); n <= 0 {
			t.Errorf("log group %v keeps logs forever", g.In["name"])
		}
	}
	values := chart(t, "aws-for-fluent-bit").In["values"]
	if get(values, "cloudWatchLogs", "logGroupName") != "/aws/eks/podo-dev-eks/containers" {
		t.Errorf("fluent bit writes to %v", get(values, "cloudWatchLogs", "logGroupName"))
	}
}
