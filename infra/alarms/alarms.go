// Package alarms is the on-call path for the managed parts of the stack: one
// SNS topic with the on-call email addresses, and CloudWatch alarms on RDS,
// ElastiCache and the public load balancer. Every alarm notifies the topic
// when it fires and when it clears, and carries its runbook's summary (from
// alerts/runbooks) plus a dashboard link as its description, so the email
// says what fired, the value against the threshold (CloudWatch's own email
// text), what it means and what to do.
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

// Args are the inputs of the alarms.
type Args struct {
	Names naming.Namer
	// Emails subscribe to the topic (each confirms once by email).
	Emails []string
	// DashboardURL is linked from every alarm's description.
	DashboardURL string

	DBInstanceID     pulumi.StringInput
	DBInstanceClass  string
	DBStorageGB      int
	DBMaxConnections int

	// CacheNodeIDs are the ElastiCache node ids (<replication group>-001, ...).
	CacheNodeIDs []string

	// LoadBalancer is the public ALB's ARN suffix (app/<name>/<id>); nil
	// while the service is not deployed.
	LoadBalancer pulumi.StringInput
}

// Alarms is the topic and the alarms.
type Alarms struct {
	pulumi.ResourceState

	TopicARN pulumi.StringOutput
}

// Spec is one alarm on one metric.
type Spec struct {
	Runbook    string
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

// Specs are the stack's alarms and their thresholds.
func Specs(args *Args) ([]Spec, error) {
	memGiB, err := InstanceMemoryGiB(args.DBInstanceClass)
	if err != nil {
		return nil, err
	}
	db := pulumi.StringMap{"DBInstanceIdentifier": args.DBInstanceID}
	rds := func(runbook, metric, stat, cmp string, threshold float64, period, periods, datapoints int) Spec {
		return Spec{Runbook: runbook, Namespace: "AWS/RDS", Metric: metric, Statistic: stat, Comparison: cmp,
			Threshold: threshold, Period: period, Periods: periods, Datapoints: datapoints, Dimensions: db, Missing: "missing"}
	}
	specs := []Spec{
		rds("rds-cpu-high", "CPUUtilization", "Average", greater, 80, 300, 3, 3),
		// Relative to max_connections, which the stack sets in the parameter group.
		rds("rds-connections-high", "DatabaseConnections", "Maximum", greater, 0.8*float64(args.DBMaxConnections), 60, 5, 3),
		// Relative to the allocated storage, in bytes.
		rds("rds-free-storage-low", "FreeStorageSpace", "Minimum", less, 0.1*float64(args.DBStorageGB)*gib, 300, 1, 1),
		// Relative to the instance class's memory, in bytes.
		rds("rds-freeable-memory-low", "FreeableMemory", "Average", less, 0.1*memGiB*gib, 300, 3, 3),
		// Latencies are in seconds: 20 ms and 50 ms per I/O.
		rds("rds-read-latency-high", "ReadLatency", "Average", greater, 0.020, 300, 3, 3),
		rds("rds-write-latency-high", "WriteLatency", "Average", greater, 0.050, 300, 3, 3),
	}
	for _, node := range args.CacheNodeIDs {
		dims := pulumi.StringMap{"CacheClusterId": pulumi.String(node)}
		cache := func(runbook, metric, stat string, threshold float64, period, periods, datapoints int, missing string) Spec {
			return Spec{Runbook: runbook, Suffix: node, Namespace: "AWS/ElastiCache", Metric: metric, Statistic: stat,
				Comparison: greater, Threshold: threshold, Period: period, Periods: periods, Datapoints: datapoints,
				Dimensions: dims, Missing: missing}
		}
		specs = append(specs,
			cache("cache-cpu-high", "EngineCPUUtilization", "Average", 75, 300, 3, 3, "missing"),
			cache("cache-memory-high", "DatabaseMemoryUsagePercentage", "Average", 80, 300, 3, 3, "missing"),
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
			Spec{Runbook: "alb-5xx-rate", Comparison: greater, Threshold: 5, Period: 60, Periods: 5, Datapoints: 3, Missing: "notBreaching",
				Queries: cloudwatch.MetricAlarmMetricQueryArray{
					count("target5xx", "HTTPCode_Target_5XX_Count"),
					count("elb5xx", "HTTPCode_ELB_5XX_Count"),
					count("requests", "RequestCount"),
					&cloudwatch.MetricAlarmMetricQueryArgs{
						Id:         pulumi.String("rate"),
						Label:      pulumi.String("5xx responses, % of requests"),
						Expression: pulumi.String("100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests"),
						ReturnData: pulumi.Bool(true),
					},
				}},
			Spec{Runbook: "alb-target-response-time", Namespace: "AWS/ApplicationELB", Metric: "TargetResponseTime",
				Statistic: "p99", Comparison: greater, Threshold: 1, Period: 60, Periods: 5, Datapoints: 3,
				Dimensions: lb, Missing: "notBreaching"},
		)
	}
	return specs, nil
}

// New builds the topic, its subscriptions and the alarms.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Alarms, error) {
	a := &Alarms{}
	if err := ctx.RegisterComponentResource("podo:alarms:Alarms", name, a, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(a)

	topic, err := sns.NewTopic(ctx, names.Name("oncall"), &sns.TopicArgs{
		Name:        pulumi.String(names.Name("oncall")),
		DisplayName: pulumi.String("Podo " + names.Stack + " on-call"),
		Tags:        names.Tags("oncall"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for i, email := range args.Emails {
		if _, err := sns.NewTopicSubscription(ctx, names.Name("oncall", fmt.Sprint(i)), &sns.TopicSubscriptionArgs{
			Topic:    topic.Arn,
			Protocol: pulumi.String("email"),
			Endpoint: pulumi.String(email),
		}, parent); err != nil {
			return nil, err
		}
	}

	specs, err := Specs(args)
	if err != nil {
		return nil, err
	}
	actions := pulumi.Array{topic.Arn}
	for _, s := range specs {
		description, err := Description(s.Runbook, args.DashboardURL)
		if err != nil {
			return nil, err
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
			Tags:               names.Tags(s.Runbook),
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

	a.TopicARN = topic.Arn
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{"topicArn": a.TopicARN})
}

// Description is an alarm's description: its runbook's summary and the
// dashboard to open, within CloudWatch's 1,024 characters.
func Description(runbook, dashboardURL string) (string, error) {
	doc, err := alerts.Runbook(runbook)
	if err != nil {
		return "", err
	}
	tail := ""
	if dashboardURL != "" {
		tail = " Dashboard: " + dashboardURL
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
