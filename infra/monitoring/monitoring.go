// Package monitoring runs the in-cluster half of on-call: kube-prometheus-stack
// (Prometheus, Alertmanager and Grafana, each behind an internal load
// balancer reachable only from the VPC and so through the VPN), Grafana with
// Podo's dashboards and a CloudWatch data source through IRSA, a
// ServiceMonitor for the booking service, its PrometheusRule, Alertmanager
// sending to the same SNS topics as the CloudWatch alarms (alertmanager.go),
// and Fluent Bit shipping pod logs to CloudWatch Logs through IRSA (logs.go).
package monitoring

import (
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/dashboards"
	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/naming"
)

// Names in the monitoring namespace.
const (
	Namespace             = "monitoring"
	GrafanaServiceAccount = "grafana"
	AlertmanagerSA        = "alertmanager"
	FluentBitSA           = "fluent-bit"
	// Release is kube-prometheus-stack's fullnameOverride: its Services are
	// kps-prometheus and kps-alertmanager; Grafana's is grafana.
	Release = "kps"
	// DashboardLabel is the label Grafana's sidecar provisions ConfigMaps by.
	DashboardLabel = "grafana_dashboard"

	promStackVersion = "75.0.0"
	fluentBitVersion = "0.1.34"
)

// Args are the inputs of monitoring.
type Args struct {
	Names       naming.Namer
	Provider    *kubernetes.Provider
	OIDC        irsa.OIDC
	Region      string
	AccountID   string
	ClusterName string
	// VpcCIDR is the only source the internal load balancers admit.
	VpcCIDR string
	// Domain gets grafana., prometheus. and alertmanager. records (private addresses).
	Domain       string
	HostedZoneID string
	// Topics are the on-call SNS topics Alertmanager publishes to.
	Topics           Topics
	LogRetentionDays int
	// LogsURL opens the service's failing and slow requests in Logs Insights;
	// every alert links it.
	LogsURL string
	// SlowQueryLogGroup is MySQL's exported slow-query log, on the logs dashboard.
	SlowQueryLogGroup string
	// AppLabels are the booking service's Service labels.
	AppLabels map[string]string
	// DependsOn is what must run first (the load balancer controller).
	DependsOn []pulumi.Resource
}

// Monitoring is the monitoring stack.
type Monitoring struct {
	pulumi.ResourceState

	GrafanaURL           string
	PrometheusURL        string
	AlertmanagerURL      string
	GrafanaAdminPassword pulumi.StringOutput
	LogGroup             pulumi.StringOutput
}

// UI is one of the monitoring UIs and the pods that serve it.
type UI struct {
	Host       string // grafana, prometheus, alertmanager (.<domain>)
	Port       int
	TargetPort int
	// Selector picks the UI's pods by the labels the chart and the
	// Prometheus operator give them (release and fullname are Release).
	Selector map[string]string
}

// UIs are the monitoring UIs reached through the VPN.
func UIs() []UI {
	return []UI{
		{"grafana", 80, 3000, map[string]string{"app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": Release}},
		{"prometheus", 9090, 9090, map[string]string{"app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": Release + "-prometheus"}},
		{"alertmanager", 9093, 9093, map[string]string{"app.kubernetes.io/name": "alertmanager", "alertmanager": Release + "-alertmanager"}},
	}
}

// GrafanaURL is where Grafana answers (through the VPN).
func GrafanaURL(domain string) string { return "http://grafana." + domain }

// InternalLoadBalancer are the Service annotations that make the AWS Load
// Balancer Controller put a Service behind an internal NLB.
var InternalLoadBalancer = map[string]string{
	"service.beta.kubernetes.io/aws-load-balancer-type":            "external",
	"service.beta.kubernetes.io/aws-load-balancer-scheme":          "internal",
	"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
}

// New builds the monitoring stack.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	m := &Monitoring{
		GrafanaURL:      GrafanaURL(args.Domain),
		PrometheusURL:   "http://prometheus." + args.Domain + ":9090",
		AlertmanagerURL: "http://alertmanager." + args.Domain + ":9093",
	}
	if err := ctx.RegisterComponentResource("podo:monitoring:Monitoring", name, m, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(m)
	k8s := []pulumi.ResourceOption{parent, pulumi.Provider(args.Provider)}

	ns, err := corev1.NewNamespace(ctx, names.Name("monitoring"), &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(Namespace)},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	inNS := append(k8s, pulumi.DependsOn([]pulumi.Resource{ns}))

	role := func(part, sa string, policy pulumi.StringInput) (*irsa.Role, error) {
		return irsa.New(ctx, names.Name("irsa", part), &irsa.Args{
			Names: names, OIDC: args.OIDC, Namespace: Namespace, ServiceAccount: sa, Policy: policy,
		}, parent)
	}
	grafanaRole, err := role("grafana", GrafanaServiceAccount, pulumi.String(grafanaCloudWatchPolicy))
	if err != nil {
		return nil, err
	}
	snsPolicy := pulumi.All(args.Topics.Page, args.Topics.Warning, args.Topics.Heartbeat).ApplyT(func(arns []any) (string, error) {
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{{Effect: "Allow", Action: "sns:Publish", Resource: arns}}})
	}).(pulumi.StringOutput)
	alertmanagerRole, err := role("alertmanager", AlertmanagerSA, snsPolicy)
	if err != nil {
		return nil, err
	}

	// Dashboards, one ConfigMap each, found by Grafana's sidecar.
	files := dashboards.Files()
	for _, file := range slices.Sorted(maps.Keys(files)) {
		base := strings.TrimSuffix(path.Base(file), ".json")
		if _, err := corev1.NewConfigMap(ctx, names.Name("dashboard", base), &corev1.ConfigMapArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:      pulumi.String("dashboard-" + base),
				Namespace: pulumi.String(Namespace),
				Labels:    pulumi.StringMap{DashboardLabel: pulumi.String("1")},
			},
			Data: pulumi.StringMap{file: pulumi.String(string(files[file]))},
		}, inNS...); err != nil {
			return nil, err
		}
	}

	admin, err := random.NewRandomPassword(ctx, names.Name("grafana-admin"), &random.RandomPasswordArgs{
		Length: pulumi.Int(32), Special: pulumi.Bool(false),
	}, parent)
	if err != nil {
		return nil, err
	}
	m.GrafanaAdminPassword = admin.Result

	stack, err := helmv4.NewChart(ctx, names.Name("kube-prometheus-stack"), &helmv4.ChartArgs{
		Name:           pulumi.String(Release),
		Chart:          pulumi.String("kube-prometheus-stack"),
		Version:        pulumi.String(promStackVersion),
		Namespace:      pulumi.String(Namespace),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String("https://prometheus-community.github.io/helm-charts")},
		Values: pulumi.Map{
			"fullnameOverride": pulumi.String(Release),
			// Chart v4 renders no Helm hooks, and only a hook Job makes the
			// operator's webhook certificate: without these two the operator
			// waits forever for a Secret that never comes.
			"prometheusOperator": pulumi.Map{
				"admissionWebhooks": pulumi.Map{"enabled": pulumi.Bool(false)},
				"tls":               pulumi.Map{"enabled": pulumi.Bool(false)},
			},
			// EKS runs the control plane out of reach: scraping it only
			// raises Down alerts that can never clear.
			"kubeControllerManager": pulumi.Map{"enabled": pulumi.Bool(false)},
			"kubeScheduler":         pulumi.Map{"enabled": pulumi.Bool(false)},
			"kubeEtcd":              pulumi.Map{"enabled": pulumi.Bool(false)},
			"defaultRules": pulumi.Map{"rules": pulumi.Map{
				"etcd":                   pulumi.Bool(false),
				"kubeControllerManager":  pulumi.Bool(false),
				"kubeSchedulerAlerting":  pulumi.Bool(false),
				"kubeSchedulerRecording": pulumi.Bool(false),
			}},
			"prometheus": pulumi.Map{
				"prometheusSpec": pulumi.Map{
					"retention": pulumi.String("15d"),
					// Select every ServiceMonitor and PrometheusRule, not only the chart's own.
					"serviceMonitorSelectorNilUsesHelmValues": pulumi.Bool(false),
					"podMonitorSelectorNilUsesHelmValues":     pulumi.Bool(false),
					"ruleSelectorNilUsesHelmValues":           pulumi.Bool(false),
					"storageSpec": pulumi.Map{"volumeClaimTemplate": pulumi.Map{"spec": pulumi.Map{
						"storageClassName": pulumi.String("gp2"),
						"accessModes":      pulumi.ToStringArray([]string{"ReadWriteOnce"}),
						"resources":        pulumi.Map{"requests": pulumi.Map{"storage": pulumi.String("20Gi")}},
					}}},
				},
			},
			"alertmanager": pulumi.Map{
				"serviceAccount": pulumi.Map{
					"name":        pulumi.String(AlertmanagerSA),
					"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": alertmanagerRole.ARN},
				},
				"config": alertmanagerConfig(args.Topics, args.Region, m.GrafanaURL, args.LogsURL),
			},
			"grafana": pulumi.Map{
				"fullnameOverride": pulumi.String("grafana"),
				"adminPassword":    admin.Result,
				"serviceAccount": pulumi.Map{
					"name":        pulumi.String(GrafanaServiceAccount),
					"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": grafanaRole.ARN},
				},
				"sidecar": pulumi.Map{"dashboards": pulumi.Map{
					"enabled": pulumi.Bool(true), "label": pulumi.String(DashboardLabel), "labelValue": pulumi.String("1"),
					"searchNamespace": pulumi.String(Namespace),
				}},
				// The community dashboards, downloaded from grafana.com by id at a pinned revision.
				"dashboardProviders": communityDashboardProviders(),
				"dashboards":         communityDashboards(),
				"additionalDataSources": pulumi.Array{pulumi.Map{
					"name": pulumi.String("CloudWatch"), "type": pulumi.String("cloudwatch"), "uid": pulumi.String("cloudwatch"),
					// authType default: the AWS SDK's chain, which picks up the IRSA web identity.
					"jsonData": pulumi.Map{"authType": pulumi.String("default"), "defaultRegion": pulumi.String(args.Region)},
				}},
			},
		},
	}, append(inNS, pulumi.DependsOn(args.DependsOn))...)
	if err != nil {
		return nil, err
	}
	afterStack := append(k8s, pulumi.DependsOn([]pulumi.Resource{stack}))

	// The booking service's scrape: the Service's own labels, in its namespace.
	if _, err := apiextensions.NewCustomResource(ctx, names.Name("servicemonitor"), &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("monitoring.coreos.com/v1"),
		Kind:       pulumi.String("ServiceMonitor"),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(contract.AppName), Namespace: pulumi.String(Namespace)},
		OtherFields: kubernetes.UntypedArgs{"spec": map[string]any{
			"namespaceSelector": map[string]any{"matchNames": []string{contract.AppNamespace}},
			"selector":          map[string]any{"matchLabels": args.AppLabels},
			"endpoints": []map[string]any{{
				"port": contract.HTTPPortName, "path": contract.MetricsPath, "interval": "15s", "scrapeTimeout": "10s",
			}},
		}},
	}, afterStack...); err != nil {
		return nil, err
	}
	var groups []any
	if err := json.Unmarshal(alerts.PrometheusRuleGroups(), &groups); err != nil {
		return nil, err
	}
	if _, err := apiextensions.NewCustomResource(ctx, names.Name("prometheusrule"), &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("monitoring.coreos.com/v1"),
		Kind:        pulumi.String("PrometheusRule"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(contract.AppName), Namespace: pulumi.String(Namespace)},
		OtherFields: kubernetes.UntypedArgs{"spec": map[string]any{"groups": groups}},
	}, afterStack...); err != nil {
		return nil, err
	}

	// Each UI gets an internal NLB from a Service the program owns, not
	// the chart's: its address is then an output of a resource this program
	// creates, known after it is created and unknown (not failing) in a
	// preview, and only the UI's port is exposed (no config-reloader port).
	// The CNAME records are private addresses, so they answer only through
	// the VPN.
	for _, ui := range UIs() {
		svc, err := corev1.NewService(ctx, names.Name("ui", ui.Host), &corev1.ServiceArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:        pulumi.String(ui.Host + "-internal"),
				Namespace:   pulumi.String(Namespace),
				Annotations: pulumi.ToStringMap(InternalLoadBalancer),
			},
			Spec: &corev1.ServiceSpecArgs{
				Type:                     pulumi.String("LoadBalancer"),
				LoadBalancerSourceRanges: pulumi.ToStringArray([]string{args.VpcCIDR}),
				Selector:                 pulumi.ToStringMap(ui.Selector),
				Ports: corev1.ServicePortArray{&corev1.ServicePortArgs{
					Name: pulumi.String("http"), Port: pulumi.Int(ui.Port), TargetPort: pulumi.Int(ui.TargetPort),
				}},
			},
		}, afterStack...)
		if err != nil {
			return nil, err
		}
		hostname := svc.Status.LoadBalancer().Ingress().ApplyT(func(ingress []corev1.LoadBalancerIngress) (string, error) {
			if len(ingress) == 0 || ingress[0].Hostname == nil {
				return "", fmt.Errorf("service %s/%s-internal has no load balancer address yet; run pulumi up again", Namespace, ui.Host)
			}
			return *ingress[0].Hostname, nil
		}).(pulumi.StringOutput)
		if _, err := route53.NewRecord(ctx, names.Name("ui", ui.Host), &route53.RecordArgs{
			ZoneId: pulumi.String(args.HostedZoneID), Name: pulumi.String(ui.Host + "." + args.Domain),
			Type: pulumi.String("CNAME"), Ttl: pulumi.Int(300), Records: pulumi.StringArray{hostname},
		}, parent); err != nil {
			return nil, err
		}
	}

	// Logs: Fluent Bit on every node, to one log group the program owns (and so its retention).
	logGroupName := ContainerLogGroup(args.ClusterName)
	logs, err := cloudwatch.NewLogGroup(ctx, names.Name("container-logs"), &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(logGroupName),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            names.Tags("container-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	m.LogGroup = logs.Name
	if err := newLogsDashboard(ctx, names, args.Region, logGroupName, args.SlowQueryLogGroup, parent); err != nil {
		return nil, err
	}
	logPolicy, err := irsa.JSON(irsa.Policy{Statement: []irsa.Statement{
		{Effect: "Allow", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s:*", args.Region, args.AccountID, logGroupName)},
		{Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*"},
	}})
	if err != nil {
		return nil, err
	}
	fluentRole, err := role("fluent-bit", FluentBitSA, pulumi.String(logPolicy))
	if err != nil {
		return nil, err
	}
	if _, err := helmv4.NewChart(ctx, names.Name("fluent-bit"), &helmv4.ChartArgs{
		Chart:          pulumi.String("aws-for-fluent-bit"),
		Version:        pulumi.String(fluentBitVersion),
		Namespace:      pulumi.String(Namespace),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String("https://aws.github.io/eks-charts")},
		Values: pulumi.Map{
			"serviceAccount": pulumi.Map{
				"create":      pulumi.Bool(true),
				"name":        pulumi.String(FluentBitSA),
				"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": fluentRole.ARN},
			},
			"cloudWatch": pulumi.Map{"enabled": pulumi.Bool(false)},
			"cloudWatchLogs": pulumi.Map{
				"enabled":         pulumi.Bool(true),
				"region":          pulumi.String(args.Region),
				"logGroupName":    logs.Name,
				"logStreamPrefix": pulumi.String("pod-"),
				"autoCreateGroup": pulumi.Bool(false),
			},
			"firehose":      pulumi.Map{"enabled": pulumi.Bool(false)},
			"kinesis":       pulumi.Map{"enabled": pulumi.Bool(false)},
			"elasticsearch": pulumi.Map{"enabled": pulumi.Bool(false)},
		},
		// The chart's Service must wait for the load balancer controller's
		// Service webhook (failurePolicy Fail) to have endpoints.
	}, append(inNS, pulumi.DependsOn(args.DependsOn))...); err != nil {
		return nil, err
	}

	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{
		"grafanaUrl":      pulumi.String(m.GrafanaURL),
		"prometheusUrl":   pulumi.String(m.PrometheusURL),
		"alertmanagerUrl": pulumi.String(m.AlertmanagerURL),
		"logGroup":        m.LogGroup,
	})
}

// communityProvider names the Grafana dashboard provider of the community dashboards.
const communityProvider = "community"

func communityDashboardProviders() pulumi.Map {
	return pulumi.Map{"dashboardproviders.yaml": pulumi.Map{
		"apiVersion": pulumi.Int(1),
		"providers": pulumi.Array{pulumi.Map{
			"name": pulumi.String(communityProvider), "orgId": pulumi.Int(1), "folder": pulumi.String(dashboards.CommunityFolder),
			"type": pulumi.String("file"), "disableDeletion": pulumi.Bool(true), "editable": pulumi.Bool(false),
			"options": pulumi.Map{"path": pulumi.String("/var/lib/grafana/dashboards/" + communityProvider)},
		}},
	}}
}

func communityDashboards() pulumi.Map {
	boards := pulumi.Map{}
	for _, c := range dashboards.Community {
		boards[fmt.Sprintf("k8s-%d", c.ID)] = pulumi.Map{
			"gnetId": pulumi.Int(c.ID), "revision": pulumi.Int(c.Revision), "datasource": pulumi.String("Prometheus"),
		}
	}
	return pulumi.Map{communityProvider: boards}
}

// grafanaCloudWatchPolicy is what Grafana's CloudWatch data source reads.
const grafanaCloudWatchPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:DescribeAlarmHistory", "cloudwatch:DescribeAlarms",
        "cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "cloudwatch:GetInsightRuleReport",
        "logs:DescribeLogGroups", "logs:GetLogGroupFields", "logs:StartQuery", "logs:StopQuery",
        "logs:GetQueryResults", "logs:GetLogEvents",
        "ec2:DescribeTags", "ec2:DescribeInstances", "ec2:DescribeRegions", "tag:GetResources"
      ],
      "Resource": "*"
    }
  ]
}`
