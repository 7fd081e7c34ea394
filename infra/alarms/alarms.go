// Package alarms is the on-call path for the managed parts of the stack and
// for the watchers themselves. Two SNS topics split by severity: critical
// alarms page (the paging subscriptions of the stack config: PagerDuty,
// Opsgenie or SMS) and warnings go to the on-call email addresses. CloudWatch
// alarms watch RDS, ElastiCache and the public load balancer, the outside view
// (a synthetic check of the site and the API) and a heartbeat topic that the
// in-cluster Watchdog alert publishes to: when it falls silent, Prometheus,
// Alertmanager or their path to SNS is down, and the page says so. Every alarm
// notifies its topic when it fires and when it clears, and carries its
// runbook's summary (from alerts/runbooks) plus a dashboard and a logs link as
// its description.
package alarms

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/infra/naming"
)

// MaxDescription is CloudWatch's limit on an AlarmDescription.
const MaxDescription = 1024

// Severities: what an alarm asks of a person.
const (
	// Critical pages at any hour: users are failing now, or will be soon.
	Critical = "critical"
	// Warning is read in working hours: capacity running low, a symptom that can wait.
	Warning = "warning"
)

// Pager is a paging subscription of the critical topic.
type Pager struct {
	// Protocol is "https" (a PagerDuty or Opsgenie CloudWatch integration URL) or "sms".
	Protocol string `json:"protocol"`
	Endpoint string `json:"endpoint"`
}

// Args are the inputs of the alarms.
type Args struct {
	Names naming.Namer
	// Emails subscribe to both topics (each confirms once by email): they get
	// every warning, and a written copy of every page.
	Emails []string
	// Pagers subscribe to the critical topic only.
	Pagers []Pager
	// DashboardURL is linked from every alarm's description.
	DashboardURL string
	// LogsURL opens the logs on-call reads first (prefilled Logs Insights
	// queries of the service's failing and slow requests and of MySQL's slow
	// statements); every alarm links it.
	LogsURL string

	DBInstanceID     pulumi.StringInput
	DBInstanceClass  string
	DBStorageGB      int
	DBMaxConnections int

	// CacheNodeIDs are the ElastiCache node ids (<replication group>-001, ...).
	CacheNodeIDs []string

	// LoadBalancer is the public ALB's ARN suffix (app/<name>/<id>); nil
	// while the service is not deployed.
	LoadBalancer pulumi.StringInput

	// Canary is the synthetic check's name; "" when there is none.
	Canary string
}

// Alarms is the topics and the alarms.
type Alarms struct {
	pulumi.ResourceState

	// PageTopicARN takes critical alerts, WarningTopicARN warnings, and
	// HeartbeatTopicARN the Watchdog's heartbeat.
	PageTopicARN, WarningTopicARN, HeartbeatTopicARN pulumi.StringOutput
}

// HeartbeatTopic is the name of the topic the always-firing Watchdog alert
// publishes to; an alarm pages when it stays silent.
func HeartbeatTopic(names naming.Namer) string { return names.Name("oncall", "heartbeat") }

// MinRequests is the load balancer's requests a minute below which its 5xx
// ratio is noise (a few 502s at 3 a.m.); the synthetic check covers an outage.
const MinRequests = 60

// Spec is one alarm on one metric.
type Spec struct {
	Runbook    string
	Severity   string // Critical or Warning
	Suffix     string // tells apart alarms of one runbook on several resources
	Namespace  string
	Metric     string
	Statistic  string // Average, Maximum, Minimum, Sum, or a percentile like p99
	Comparison string
	Threshold  float64
	Period     int
	Periods    int // evaluation periods
	Datapoints int // of which this many must breach
	Dimensions pulumi.StringMap
	// Missing is how missing data counts (CloudWatch's TreatMissingData).
	Missing string
	// Queries, when set, replace Metric with metric math.
	Queries cloudwatch.MetricAlarmMetricQueryArray
}

const (
	greater = "GreaterThanThreshold"
	less    = "LessThanThreshold"
	gib     = 1 << 30
)

// Specs are the stack's alarms and their thresholds. Alarms on 1-minute
// metrics decide on 3 of the last 5 minutes, so a problem pages within about 5.
func Specs(args *Args) ([]Spec, error) {
	memGiB, err := InstanceMemoryGiB(args.DBInstanceClass)
	if err != nil {
		return nil, err
	}
	db := pulumi.StringMap{"DBInstanceIdentifier": args.DBInstanceID}
	rds := func(runbook, severity, metric, stat, cmp string, threshold float64, period, periods, datapoints int) Spec {
		return Spec{Runbook: runbook, Severity: severity, Namespace: "AWS/RDS", Metric: metric, Statistic: stat, Comparison: cmp,
			Threshold: threshold, Period: period, Periods: periods, Datapoints: datapoints, Dimensions: db, Missing: "missing"}
	}
	specs := []Spec{
		rds("rds-cpu-high", Warning, "CPUUtilization", "Average", greater, 80, 60, 5, 3),
		// Relative to max_connections, which the stack sets in the parameter group.
		rds("rds-connections-high", Warning, "DatabaseConnections", "Maximum", greater, 0.8*float64(args.DBMaxConnections), 60, 5, 3),
		// Relative to the allocated storage, in bytes. A full disk stops every booking.
		rds("rds-free-storage-low", Critical, "FreeStorageSpace", "Minimum", less, 0.1*float64(args.DBStorageGB)*gib, 300, 1, 1),
		// Relative to the instance class's memory, in bytes.
		rds("rds-freeable-memory-low", Warning, "FreeableMemory", "Average", less, 0.1*memGiB*gib, 60, 5, 3),
		// Latencies are in seconds: 20 ms and 50 ms per I/O.
		rds("rds-read-latency-high", Warning, "ReadLatency", "Average", greater, 0.020, 60, 5, 3),
		rds("rds-write-latency-high", Warning, "WriteLatency", "Average", greater, 0.050, 60, 5, 3),
	}
	for _, node := range args.CacheNodeIDs {
		dims := pulumi.StringMap{"CacheClusterId": pulumi.String(node)}
		cache := func(runbook, metric, stat string, threshold float64, period, periods, datapoints int, missing string) Spec {
			return Spec{Runbook: runbook, Severity: Warning, Suffix: node, Namespace: "AWS/ElastiCache", Metric: metric, Statistic: stat,
				Comparison: greater, Threshold: threshold, Period: period, Periods: periods, Datapoints: datapoints,
				Dimensions: dims, Missing: missing}
		}
		specs = append(specs,
			cache("cache-cpu-high", "EngineCPUUtilization", "Average", 75, 60, 5, 3, "missing"),
			cache("cache-memory-high", "DatabaseMemoryUsagePercentage", "Average", 80, 60, 5, 3, "missing"),
			// Every key the service writes expires on its own: any eviction means the node is too small.
			cache("cache-evictions", "Evictions", "Sum", 0, 300, 1, 1, "notBreaching"),
			// Only a replica reports ReplicationLag, and roles swap on failover: watch every node.
			cache("cache-replication-lag", "ReplicationLag", "Maximum", 1, 60, 5, 3, "notBreaching"),
		)
	}
	if args.LoadBalancer != nil {
		lb := pulumi.StringMap{"LoadBalancer": args.LoadBalancer}
		count := func(id, metric string) *cloudwatch.MetricAlarmMetricQueryArgs {
			return &cloudwatch.MetricAlarmMetricQueryArgs{
				Id: pulumi.String(id),
				Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace: pulumi.String("AWS/ApplicationELB"), MetricName: pulumi.String(metric),
					Dimensions: lb, Period: pulumi.Int(60), Stat: pulumi.String("Sum"),
				},
			}
		}
		specs = append(specs,
			Spec{Runbook: "alb-5xx-rate", Severity: Critical, Comparison: greater, Threshold: 5, Period: 60, Periods: 5, Datapoints: 3, Missing: "notBreaching",
				Queries: cloudwatch.MetricAlarmMetricQueryArray{
					count("target5xx", "HTTPCode_Target_5XX_Count"),
					count("elb5xx", "HTTPCode_ELB_5XX_Count"),
					count("requests", "RequestCount"),
					&cloudwatch.MetricAlarmMetricQueryArgs{
						Id:    pulumi.String("rate"),
						Label: pulumi.String(fmt.Sprintf("5xx responses, %% of requests (0 below %d requests a minute)", MinRequests)),
						Expression: pulumi.String(fmt.Sprintf(
							"IF(FILL(requests, 0) >= %d, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)", MinRequests)),
						ReturnData: pulumi.Bool(true),
					},
				}},
			Spec{Runbook: "alb-target-response-time", Severity: Warning, Namespace: "AWS/ApplicationELB", Metric: "TargetResponseTime",
				Statistic: "p99", Comparison: greater, Threshold: 1, Period: 60, Periods: 5, Datapoints: 3,
				Dimensions: lb, Missing: "notBreaching"},
		)
	}
	if args.Canary != "" {
		// One run every 5 minutes: two failed runs in a row page. No data means
		// the check itself stopped, which is as blind as a failure.
		specs = append(specs, Spec{Runbook: "site-unreachable", Severity: Critical, Namespace: "CloudWatchSynthetics",
			Metric: "SuccessPercent", Statistic: "Average", Comparison: less, Threshold: 100, Period: 300, Periods: 2, Datapoints: 2,
			Dimensions: pulumi.StringMap{"CanaryName": pulumi.String(args.Canary)}, Missing: "breaching"})
	}
	// The dead-man's switch: the Watchdog publishes every minute while
	// Prometheus, Alertmanager and their IRSA path to SNS all work.
	specs = append(specs, Spec{Runbook: "oncall-heartbeat-missing", Severity: Critical, Namespace: "AWS/SNS",
		Metric: "NumberOfMessagesPublished", Statistic: "Sum", Comparison: less, Threshold: 1, Period: 60, Periods: 10, Datapoints: 10,
		Dimensions: pulumi.StringMap{"TopicName": pulumi.String(HeartbeatTopic(args.Names))}, Missing: "breaching"})
	return specs, nil
}

// New builds the topics, their subscriptions and the alarms.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Alarms, error) {
	a := &Alarms{}
	if err := ctx.RegisterComponentResource("podo:alarms:Alarms", name, a, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(a)

	topic := func(name, display string) (*sns.Topic, error) {
		return sns.NewTopic(ctx, name, &sns.TopicArgs{
			Name:        pulumi.String(name),
			DisplayName: pulumi.String(display),
			Tags:        names.Tags(strings.TrimPrefix(name, names.Name()+"-")),
		}, parent)
	}
	// The warning topic keeps the name the single topic had, and so its subscribers.
	warning, err := topic(names.Name("oncall"), "Podo "+names.Stack+" on-call")
	if err != nil {
		return nil, err
	}
	page, err := topic(names.Name("oncall", "page"), "Podo "+names.Stack+" PAGE")
	if err != nil {
		return nil, err
	}
	heartbeat, err := topic(HeartbeatTopic(names), "Podo "+names.Stack+" heartbeat")
	if err != nil {
		return nil, err
	}
	subscribe := func(name string, t *sns.Topic, protocol string, endpoint pulumi.StringInput) error {
		_, err := sns.NewTopicSubscription(ctx, name, &sns.TopicSubscriptionArgs{
			Topic: t.Arn, Protocol: pulumi.String(protocol), Endpoint: endpoint,
		}, parent)
		return err
	}
	for i, email := range args.Emails {
		if err := subscribe(names.Name("oncall", fmt.Sprint(i)), warning, "email", pulumi.String(email)); err != nil {
			return nil, err
		}
		if err := subscribe(names.Name("oncall", "page", "email", fmt.Sprint(i)), page, "email", pulumi.String(email)); err != nil {
			return nil, err
		}
	}
	for i, p := range args.Pagers {
		if p.Protocol != "https" && p.Protocol != "sms" {
			return nil, fmt.Errorf("alarms: pager %d: protocol %q, want https or sms", i, p.Protocol)
		}
		// A paging URL holds its integration key: it stays secret in the state.
		endpoint := pulumi.ToSecret(pulumi.String(p.Endpoint)).(pulumi.StringOutput)
		if err := subscribe(names.Name("oncall", "page", fmt.Sprint(i)), page, p.Protocol, endpoint); err != nil {
			return nil, err
		}
	}
	if len(args.Pagers) == 0 {
		_ = ctx.Log.Warn("podo:pagers is empty: critical alarms reach email only and page nobody (docs/oncall.md)", nil)
	}

	specs, err := Specs(args)
	if err != nil {
		return nil, err
	}
	topics := map[string]pulumi.Array{Critical: {page.Arn}, Warning: {warning.Arn}}
	for _, s := range specs {
		description, err := Description(s.Runbook, Links{Dashboard: args.DashboardURL, Logs: args.LogsURL})
		if err != nil {
			return nil, err
		}
		actions, ok := topics[s.Severity]
		if !ok {
			return nil, fmt.Errorf("alarms: %s has severity %q", s.Runbook, s.Severity)
		}
		alarmName := names.Name(s.Runbook)
		if s.Suffix != "" {
			alarmName = names.Name(s.Runbook, strings.TrimPrefix(s.Suffix, names.Name()+"-"))
		}
		alarm := &cloudwatch.MetricAlarmArgs{
			Name:               pulumi.String(alarmName),
			AlarmDescription:   pulumi.String(description),
			ComparisonOperator: pulumi.String(s.Comparison),
			Threshold:          pulumi.Float64(s.Threshold),
			EvaluationPeriods:  pulumi.Int(s.Periods),
			DatapointsToAlarm:  pulumi.Int(s.Datapoints),
			TreatMissingData:   pulumi.String(s.Missing),
			AlarmActions:       actions,
			OkActions:          actions,
			Tags:               names.Tags(s.Runbook, map[string]string{"severity": s.Severity}),
		}
		if s.Queries != nil {
			alarm.MetricQueries = s.Queries
		} else {
			alarm.Namespace = pulumi.String(s.Namespace)
			alarm.MetricName = pulumi.String(s.Metric)
			alarm.Period = pulumi.Int(s.Period)
			alarm.Dimensions = s.Dimensions
			if strings.HasPrefix(s.Statistic, "p") {
				alarm.ExtendedStatistic = pulumi.String(s.Statistic)
			} else {
				alarm.Statistic = pulumi.String(s.Statistic)
			}
		}
		if _, err := cloudwatch.NewMetricAlarm(ctx, alarmName, alarm, parent); err != nil {
			return nil, err
		}
	}

	a.PageTopicARN, a.WarningTopicARN, a.HeartbeatTopicARN = page.Arn, warning.Arn, heartbeat.Arn
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"pageTopicArn": a.PageTopicARN, "warningTopicArn": a.WarningTopicARN, "heartbeatTopicArn": a.HeartbeatTopicARN,
	})
}

// Links are the pages an alarm's description points to besides its runbook.
type Links struct {
	Dashboard string
	Logs      string
}

// Description is an alarm's description: its runbook's summary, then the
// dashboard and the logs to open, within CloudWatch's 1,024 characters. The
// summary gives up mitigation steps to make room for the links; the logs link
// is left out only if even the runbook's meaning and address would not fit
// beside it (a test keeps every alarm's in).
func Description(runbook string, links Links) (string, error) {
	doc, err := alerts.Runbook(runbook)
	if err != nil {
		return "", err
	}
	tail := ""
	if links.Dashboard != "" {
		tail += " Dashboard: " + links.Dashboard
	}
	// What Summary always keeps: the title, the meaning and the runbook's address.
	kept := len(doc.Title) + len(". ") + len(alerts.PlainText(doc.Meaning)) + len(" Runbook: ") + len(alerts.RunbookURL(runbook))
	if links.Logs != "" && kept+len(tail)+len(" Logs: ")+len(links.Logs) <= MaxDescription {
		tail += " Logs: " + links.Logs
	}
	return doc.Summary(MaxDescription-len(tail)) + tail, nil
}

// InstanceMemoryGiB is the memory of an RDS instance class, for the
// FreeableMemory threshold: burstable (t) and general purpose (m) classes
// have 8 GiB per "large", memory optimised (r) classes twice that.
func InstanceMemoryGiB(class string) (float64, error) {
	parts := strings.Split(class, ".") // db.t4g.medium
	if len(parts) != 3 || parts[1] == "" {
		return 0, fmt.Errorf("alarms: cannot read instance class %q", class)
	}
	sizes := map[string]float64{"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128}
	gib, ok := sizes[parts[2]]
	if !ok {
		return 0, fmt.Errorf("alarms: unknown size of instance class %q", class)
	}
	switch parts[1][0] {
	case 't', 'm':
		return gib, nil
	case 'r', 'x':
		return 2 * gib, nil
	}
	return 0, fmt.Errorf("alarms: unknown family of instance class %q", class)
}
