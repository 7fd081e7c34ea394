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
	"github.com/podo-tickets/podo/infra/naming"
	"github.com/podo-tickets/podo/infra/workloads"
)

var testNames = naming.Namer{Project: "podo", Stack: "dev"}

const (
	warningTopic   = "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-oncall"
	pageTopic      = "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-oncall-page"
	heartbeatTopic = "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-oncall-heartbeat"
)

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
		"podo-dev-site-unreachable":                {"SuccessPercent", "LessThanThreshold", 100},
		"podo-dev-oncall-heartbeat-missing":        {"NumberOfMessagesPublished", "LessThanThreshold", 1},
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

// Critical alarms page, warnings email; each tells its topic when it fires and when it clears.
func TestCriticalAlarmsPageAndWarningsEmail(t *testing.T) {
	critical := []string{"podo-dev-alb-5xx-rate", "podo-dev-oncall-heartbeat-missing", "podo-dev-rds-free-storage-low", "podo-dev-site-unreachable"}
	for name, a := range alarmsByName(t) {
		severity := get(a.In, "tags", "severity")
		want := warningTopic
		if slices.Contains(critical, name) {
			want = pageTopic
			if severity != alarms.Critical {
				t.Errorf("%s: severity %v, want critical", name, severity)
			}
		} else if severity != alarms.Warning {
			t.Errorf("%s: severity %v, want warning", name, severity)
		}
		if !slices.Equal(strs(a.In["alarmActions"]), []string{want}) || !slices.Equal(strs(a.In["okActions"]), []string{want}) {
			t.Errorf("%s: alarm actions %v, OK actions %v, want %s", name, a.In["alarmActions"], a.In["okActions"], want)
		}
	}
}

// RDS and ElastiCache publish 1-minute metrics: their alarms decide within about 5 minutes, not 15.
func TestDataStoreAlarmsDecideWithinFiveMinutes(t *testing.T) {
	for name, a := range alarmsByName(t) {
		if ns := a.In["namespace"]; ns != "AWS/RDS" && ns != "AWS/ElastiCache" {
			continue
		}
		period, _ := a.In["period"].(float64)
		periods, _ := a.In["evaluationPeriods"].(float64)
		if period*periods > 300 {
			t.Errorf("%s: %v periods of %v s", name, periods, period)
		}
	}
}

// A few 502s at 3 a.m. are not an outage: below MinRequests a minute the ratio is 0.
func TestTheLoadBalancer5xxRatioNeedsAMinimumOfRequests(t *testing.T) {
	a := alarmsByName(t)["podo-dev-alb-5xx-rate"]
	var expr string
	for _, q := range a.In["metricQueries"].([]any) {
		if get(q, "returnData") == true {
			expr = fmt.Sprint(get(q, "expression"))
		}
	}
	if !strings.HasPrefix(expr, fmt.Sprintf("IF(FILL(requests, 0) >= %d, ", alarms.MinRequests)) || !strings.HasSuffix(expr, ", 0)") {
		t.Errorf("5xx ratio = %q", expr)
	}
}

// The dead-man's switch: Alertmanager sends the always-firing Watchdog to the
// heartbeat topic every minute, and an AWS-side alarm pages when it stays
// silent (no data counts as silence), whatever broke in the cluster.
func TestTheWatchdogFeedsAHeartbeatThatAnAWSAlarmWatches(t *testing.T) {
	a := alarmsByName(t)["podo-dev-oncall-heartbeat-missing"]
	if a.In["namespace"] != "AWS/SNS" || get(a.In, "dimensions", "TopicName") != "podo-dev-oncall-heartbeat" ||
		a.In["treatMissingData"] != "breaching" || a.In["statistic"] != "Sum" {
		t.Errorf("heartbeat alarm %v", a.In)
	}
	config := get(chart(t, "kube-prometheus-stack").In["values"], "alertmanager", "config")
	route := routeFor(t, config, `alertname = "Watchdog"`)
	if route["receiver"] != monitoring.ReceiverHeartbeat || route["repeat_interval"] != "1m" {
		t.Errorf("Watchdog route %v", route)
	}
	if got := receiverTopic(t, config, monitoring.ReceiverHeartbeat); got != heartbeatTopic {
		t.Errorf("heartbeat receiver publishes to %s", got)
	}
	if len(subscriptionsOf(t, heartbeatTopic)) != 0 {
		t.Error("the heartbeat topic has subscribers: they would get a message a minute")
	}
}

// The outside view: a canary asks the site and the API's readiness through
// DNS, TLS, CloudFront and the ALB, and a failed or missing run pages.
func TestASyntheticCheckWatchesTheSiteAndTheAPIFromOutside(t *testing.T) {
	c := ofType(t, "aws:synthetics/canary:Canary")[0]
	urls := strings.Fields(fmt.Sprint(get(c.In, "runConfig", "environmentVariables", "PODO_CHECK_URLS")))
	want := []string{"https://" + stackCfg["podo:domain"] + "/", "https://api." + stackCfg["podo:domain"] + contract.ReadinessPath}
	if !slices.Equal(urls, want) || c.In["startCanary"] != true {
		t.Errorf("canary checks %v (started %v), want %v", urls, c.In["startCanary"], want)
	}
	a := alarmsByName(t)["podo-dev-site-unreachable"]
	if a.In["namespace"] != "CloudWatchSynthetics" || get(a.In, "dimensions", "CanaryName") != c.In["name"] || a.In["treatMissingData"] != "breaching" {
		t.Errorf("site alarm %v watches canary %v", a.In, c.In["name"])
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
		if !strings.Contains(desc, " Logs: "+monitoring.LogsDashboardURL("ap-northeast-2", testNames)) {
			t.Errorf("%s: description lacks the logs link: %q", name, desc)
		}
	}
}

func subscriptionsOf(t *testing.T, topic string) map[string]string {
	out := map[string]string{}
	for _, s := range ofType(t, "aws:sns/topicSubscription:TopicSubscription") {
		if s.In["topic"] == topic {
			out[fmt.Sprint(s.In["endpoint"])] = fmt.Sprint(s.In["protocol"])
		}
	}
	return out
}

// Who gets what: the emails get every warning and a copy of every page; the pagers only pages.
func TestEmailsGetWarningsAndPagesAndPagersOnlyPages(t *testing.T) {
	var emails []string
	if err := json.Unmarshal([]byte(stackCfg["podo:alarmEmails"]), &emails); err != nil || len(emails) == 0 {
		t.Fatalf("podo:alarmEmails = %q", stackCfg["podo:alarmEmails"])
	}
	var pagers []alarms.Pager
	if err := json.Unmarshal([]byte(stackCfg["podo:pagers"]), &pagers); err != nil || len(pagers) == 0 {
		t.Fatalf("podo:pagers = %q", stackCfg["podo:pagers"])
	}
	want := map[string]map[string]string{warningTopic: {}, pageTopic: {}}
	for _, e := range emails {
		want[warningTopic][e] = "email"
		want[pageTopic][e] = "email"
	}
	for _, p := range pagers {
		want[pageTopic][p.Endpoint] = p.Protocol
	}
	for topic, w := range want {
		if got := subscriptionsOf(t, topic); !reflect.DeepEqual(got, w) {
			t.Errorf("%s: subscriptions %v, want %v", topic, got, w)
		}
	}
}

func TestAPagingURLIsASecretInTheState(t *testing.T) {
	var pagers []alarms.Pager
	_ = json.Unmarshal([]byte(stackCfg["podo:pagers"]), &pagers)
	for _, s := range ofType(t, "aws:sns/topicSubscription:TopicSubscription") {
		if s.In["protocol"] == "https" && !secretInputs[s.Name+".endpoint"] {
			t.Errorf("%s: the endpoint %v is not a secret", s.Name, s.In["endpoint"])
		}
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

// routeFor returns the Alertmanager child route with exactly these matchers.
func routeFor(t *testing.T, config any, matchers ...string) map[string]any {
	t.Helper()
	for _, r := range get(config, "route", "routes").([]any) {
		if slices.Equal(strs(get(r, "matchers")), matchers) {
			return r.(map[string]any)
		}
	}
	t.Fatalf("no route matches %v: %v", matchers, get(config, "route", "routes"))
	return nil
}

func receiverTopic(t *testing.T, config any, receiver string) string {
	t.Helper()
	for _, r := range get(config, "receivers").([]any) {
		if get(r, "name") == receiver {
			return fmt.Sprint(get(r, "sns_configs", 0, "topic_arn"))
		}
	}
	t.Fatalf("no receiver %s", receiver)
	return ""
}

// Alertmanager follows the same split as the CloudWatch alarms.
func TestAlertmanagerPagesCriticalAlertsAndEmailsTheRest(t *testing.T) {
	config := get(chart(t, "kube-prometheus-stack").In["values"], "alertmanager", "config")
	if get(config, "route", "receiver") != monitoring.ReceiverWarning || receiverTopic(t, config, monitoring.ReceiverWarning) != warningTopic {
		t.Errorf("default receiver %v publishes to %s", get(config, "route", "receiver"), receiverTopic(t, config, monitoring.ReceiverWarning))
	}
	if r := routeFor(t, config, `severity = "critical"`); r["receiver"] != monitoring.ReceiverPage || receiverTopic(t, config, monitoring.ReceiverPage) != pageTopic {
		t.Errorf("critical route %v", r)
	}
	// Earlier routes win: the heartbeat and the drops come before the page.
	routes := get(config, "route", "routes").([]any)
	if last := routes[len(routes)-1]; !slices.Equal(strs(get(last, "matchers")), []string{`severity = "critical"`}) {
		t.Errorf("the last route is %v, want the critical one", last)
	}
	role := named(t, "aws:iam/rolePolicy:RolePolicy", "podo-dev-irsa-alertmanager")
	resources := list(parsePolicy(t, role.In["policy"]).Statement[0].Resource)
	slices.Sort(resources)
	if !slices.Equal(resources, []string{warningTopic, heartbeatTopic, pageTopic}) {
		t.Errorf("alertmanager may publish to %v", resources)
	}
}

// kube-prometheus-stack's crash-loop and HPA alerts say again, in Podo's
// namespace, what PodoPodRestarting and PodoHPAAtMax say with a runbook of the estate.
func TestStockAlertsThatDuplicatePodosAreDroppedInItsNamespace(t *testing.T) {
	config := get(chart(t, "kube-prometheus-stack").In["values"], "alertmanager", "config")
	r := routeFor(t, config, `namespace = "podo"`, `alertname =~ "KubePodCrashLooping|KubeHpaMaxedOut"`)
	if r["receiver"] != monitoring.ReceiverNull {
		t.Errorf("duplicates go to %v", r["receiver"])
	}
	var podo []string
	for _, g := range alertGroups(t) {
		podo = append(podo, g...)
	}
	for _, own := range []string{"PodoPodRestarting", "PodoHPAAtMax"} {
		if !slices.Contains(podo, own) {
			t.Errorf("%s, which replaces the stock alert, is not in the rules", own)
		}
	}
	inhibits := fmt.Sprint(get(config, "inhibit_rules"))
	if !strings.Contains(inhibits, `alertname = "PodoAppDown"`) {
		t.Errorf("PodoAppDown does not silence its consequences: %s", inhibits)
	}
}

// alertGroups lists the alert names of the PrometheusRule, by group.
func alertGroups(t *testing.T) map[string][]string {
	out := map[string][]string{}
	rule := ofType(t, "kubernetes:monitoring.coreos.com/v1:PrometheusRule")[0]
	for _, g := range get(rule.In, "spec", "groups").([]any) {
		for _, r := range get(g, "rules").([]any) {
			if a := get(r, "alert"); a != nil {
				out[fmt.Sprint(get(g, "name"))] = append(out[fmt.Sprint(get(g, "name"))], fmt.Sprint(a))
			}
		}
	}
	return out
}

// From alert to the failing requests in one click: every alert's message
// links the prefilled Logs Insights query, and every alarm the logs dashboard.
func TestEveryAlertLinksThePrefilledLogsQuery(t *testing.T) {
	config := get(chart(t, "kube-prometheus-stack").In["values"], "alertmanager", "config")
	link := monitoring.LogsInsightsURL("ap-northeast-2", []string{monitoring.ContainerLogGroup("podo-dev-eks")}, dashboards.AppLogsQuery())
	for _, receiver := range []string{monitoring.ReceiverPage, monitoring.ReceiverWarning} {
		for _, r := range get(config, "receivers").([]any) {
			if get(r, "name") == receiver && !strings.Contains(fmt.Sprint(get(r, "sns_configs", 0, "message")), "Logs: "+link+"\n") {
				t.Errorf("%s's message lacks the logs link: %v", receiver, get(r, "sns_configs", 0, "message"))
			}
		}
	}
	dash := named(t, "aws:cloudwatch/dashboard:Dashboard", "podo-dev-logs")
	body := fmt.Sprint(dash.In["dashboardBody"])
	if !strings.Contains(body, "SOURCE '/aws/eks/podo-dev-eks/containers'") || !strings.Contains(body, "SOURCE '/aws/rds/instance/podo-dev-mysql/slowquery'") {
		t.Errorf("logs dashboard %s", body)
	}
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

// Grafana has no persistence: the community dashboards the cluster dashboard
// links must be provisioned, not imported by hand.
func TestGrafanaProvisionsTheCommunityDashboardsByIDAndRevision(t *testing.T) {
	values := chart(t, "kube-prometheus-stack").In["values"]
	boards, _ := get(values, "grafana", "dashboards", "community").(map[string]any)
	if len(boards) != len(dashboards.Community) {
		t.Fatalf("community dashboards %v, want %d", boards, len(dashboards.Community))
	}
	for _, c := range dashboards.Community {
		b := boards[fmt.Sprintf("k8s-%d", c.ID)]
		if get(b, "gnetId") != float64(c.ID) || get(b, "revision") != float64(c.Revision) || c.Revision < 1 {
			t.Errorf("dashboard %d: %v", c.ID, b)
		}
	}
	provider := get(values, "grafana", "dashboardProviders", "dashboardproviders.yaml", "providers", 0)
	if get(provider, "name") != "community" || get(provider, "folder") != dashboards.CommunityFolder {
		t.Errorf("provider %v", provider)
	}
}

// The logs query reads data.<field>: Fluent Bit must merge the JSON line under that key.
func TestFluentBitMergesTheServicesJSONWhereTheLogsQueryReadsIt(t *testing.T) {
	values := chart(t, "aws-for-fluent-bit").In["values"]
	if key := get(values, "filter", "mergeLogKey"); key != nil && key != dashboards.LogKey {
		t.Errorf("filter.mergeLogKey = %v, the queries read %s.", key, dashboards.LogKey)
	}
	if !strings.Contains(dashboards.AppLogsQuery(), dashboards.LogKey+".request_id") {
		t.Errorf("query %s", dashboards.AppLogsQuery())
	}
}
