// Package workloads runs the booking service on the cluster: its namespace,
// its service account bound to its IRSA role, the Deployment (probes on the
// service's own health paths, zero-downtime rollouts, non-root with a
// read-only root filesystem, spread across AZs), the Service, the public ALB
// Ingress for api.<domain>, the HorizontalPodAutoscaler and the
// PodDisruptionBudget.
package workloads

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/infra/dns"
	"github.com/podo-tickets/podo/infra/naming"
)

// Args are the inputs of the workloads.
type Args struct {
	Names    naming.Namer
	Provider *kubernetes.Provider
	// Image is the service's image reference (repository:tag).
	Image pulumi.StringInput
	// RoleARN is the service's IRSA role.
	RoleARN pulumi.StringInput
	Region  string

	MySQLAddress pulumi.StringInput
	MySQLUser    string
	MySQLPort    int
	MySQLName    string
	// MySQLMaxConnections is the server's max_connections, shared by every pod's pool.
	MySQLMaxConnections int
	RedisAddress        pulumi.StringInput
	RedisPort           int
	SSMPath             string
	// APIHost is the public host name of the API (api.<domain>); SiteOrigin
	// is the SPA's origin, the one browser origin the API admits.
	APIHost      string
	SiteOrigin   string
	HostedZoneID string

	MinReplicas   int
	MaxReplicas   int
	TargetCPU     int
	CPURequest    string
	MemoryRequest string
	MemoryLimit   string

	// DependsOn holds what must run before the Ingress (the load balancer controller).
	DependsOn []pulumi.Resource
}

// Workloads are the service's Kubernetes objects.
type Workloads struct {
	pulumi.ResourceState

	APIURL string
	// Labels are the Service's labels (for the ServiceMonitor).
	Labels map[string]string
	// LoadBalancerHostname is the public ALB's DNS name.
	LoadBalancerHostname pulumi.StringOutput
}

// How a pod leaves the load balancer without failing requests: when it is
// told to stop it keeps serving for PreStopDelay while the controller takes
// it out of the target group, then drains for up to config.ShutdownTimeout.
// The target group waits DeregistrationDelay for in-flight requests, and
// Kubernetes waits TerminationGrace before it kills the pod; both outlast
// the delay plus the drain.
const (
	PreStopDelay        = 15 * time.Second
	DeregistrationDelay = 30 * time.Second
	TerminationGrace    = 45 * time.Second
	// ALBIdleTimeout is shorter than the server's idle timeout
	// (config.HTTPIdleTimeout), so the load balancer, not the server, closes
	// idle connections. Live seat maps stay open through it: the server
	// sends an SSE comment every 15 s.
	ALBIdleTimeout = 60 * time.Second
	// MemoryLimitShare is the part of the container's memory limit the Go
	// heap may use (GOMEMLIMIT); the rest is for what the runtime does not
	// count (stacks outside the heap, socket buffers of many live streams).
	MemoryLimitShare = 0.9
	// BlockedMetrics is the ALB action that answers /metrics itself, so that
	// only Prometheus, inside the cluster, reads the service's metrics.
	BlockedMetrics = "metrics-not-public"
)

// New deploys the service.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Workloads, error) {
	w := &Workloads{
		APIURL: "https://" + args.APIHost,
		Labels: ServiceLabels(),
	}
	if err := ctx.RegisterComponentResource("podo:workloads:Workloads", name, w, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	k8s := []pulumi.ResourceOption{pulumi.Parent(w), pulumi.Provider(args.Provider)}
	labels := pulumi.ToStringMap(w.Labels)
	meta := func(annotations pulumi.StringMap) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{
			Name:        pulumi.String(contract.AppName),
			Namespace:   pulumi.String(contract.AppNamespace),
			Labels:      labels,
			Annotations: annotations,
		}
	}

	cert, err := dns.Certificate(ctx, names, "api", args.APIHost, args.HostedZoneID, pulumi.Parent(w))
	if err != nil {
		return nil, err
	}

	ns, err := corev1.NewNamespace(ctx, names.Name("ns"), &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(contract.AppNamespace),
			// The controller gates each pod's readiness on its ALB target
			// being healthy, so a rollout waits for the load balancer.
			Labels: pulumi.StringMap{"elbv2.k8s.aws/pod-readiness-gate-inject": pulumi.String("enabled")},
		},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	inNS := append(k8s, pulumi.DependsOn([]pulumi.Resource{ns}))

	if _, err := corev1.NewServiceAccount(ctx, names.Name("sa"), &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(contract.ServiceAccountName),
			Namespace:   pulumi.String(contract.AppNamespace),
			Labels:      labels,
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": args.RoleARN},
		},
	}, inNS...); err != nil {
		return nil, err
	}

	env := corev1.EnvVarArray{
		envVar(contract.EnvHTTPAddr, pulumi.Sprintf(":%d", contract.HTTPPort)),
		envVar(contract.EnvMySQLDSN, pulumi.Sprintf("%s@tcp(%s:%d)/%s?tls=true", args.MySQLUser, args.MySQLAddress, args.MySQLPort, args.MySQLName)),
		envVar(contract.EnvMySQLMaxConns, pulumi.String(strconv.Itoa(PoolSize(args.MySQLMaxConnections, args.MaxReplicas)))),
		envVar(contract.EnvRedisAddr, pulumi.Sprintf("%s:%d", args.RedisAddress, args.RedisPort)),
		envVar(contract.EnvRedisTLS, pulumi.String("true")),
		envVar(contract.EnvSSMPath, pulumi.String(args.SSMPath)),
		envVar(contract.EnvPublicURL, pulumi.String(w.APIURL)),
		envVar(contract.EnvAllowedOrigins, pulumi.String(args.SiteOrigin)),
		// One ALB in front appends the address it saw to X-Forwarded-For: that entry is the
		// client's for the rate limits and stream caps, never one the client wrote.
		envVar(contract.EnvTrustedProxyHops, pulumi.String("1")),
		envVar("AWS_REGION", pulumi.String(args.Region)),
	}
	// The Go runtime collects harder as the heap nears its limit instead of
	// letting live streams push the pod into an OOM kill.
	memLimit, err := GoMemLimit(args.MemoryLimit)
	if err != nil {
		return nil, err
	}
	env = append(env, envVar("GOMEMLIMIT", pulumi.String(strconv.FormatInt(memLimit, 10))))
	probe := func(path string, period, failures int) *corev1.ProbeArgs {
		return &corev1.ProbeArgs{
			HttpGet: &corev1.HTTPGetActionArgs{
				Path: pulumi.String(path),
				Port: pulumi.String(contract.HTTPPortName),
			},
			PeriodSeconds:    pulumi.Int(period),
			TimeoutSeconds:   pulumi.Int(2),
			FailureThreshold: pulumi.Int(failures),
		}
	}
	spread := func(key string) *corev1.TopologySpreadConstraintArgs {
		return &corev1.TopologySpreadConstraintArgs{
			MaxSkew:           pulumi.Int(1),
			TopologyKey:       pulumi.String(key),
			WhenUnsatisfiable: pulumi.String("ScheduleAnyway"),
			LabelSelector:     &metav1.LabelSelectorArgs{MatchLabels: labels},
		}
	}
	deployment, err := appsv1.NewDeployment(ctx, names.Name("deployment"), &appsv1.DeploymentArgs{
		Metadata: meta(nil),
		Spec: &appsv1.DeploymentSpecArgs{
			// No replicas: the HorizontalPodAutoscaler owns the count.
			Selector: &metav1.LabelSelectorArgs{MatchLabels: labels},
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{
					MaxUnavailable: pulumi.Int(0),
					MaxSurge:       pulumi.Int(surge(args.MaxReplicas)),
				},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{
					Labels: labels,
					// /tmp is scratch space: the autoscaler may move the pod
					// and empty its node.
					Annotations: pulumi.StringMap{"cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": pulumi.String("tmp")},
				},
				Spec: &corev1.PodSpecArgs{
					ServiceAccountName:            pulumi.String(contract.ServiceAccountName),
					TerminationGracePeriodSeconds: pulumi.Int(int(TerminationGrace.Seconds())),
					SecurityContext: &corev1.PodSecurityContextArgs{
						RunAsNonRoot:   pulumi.Bool(true),
						RunAsUser:      pulumi.Int(65532),
						RunAsGroup:     pulumi.Int(65532),
						SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
					},
					TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
						spread("topology.kubernetes.io/zone"),
						spread("kubernetes.io/hostname"),
					},
					Containers: corev1.ContainerArray{&corev1.ContainerArgs{
						Name:  pulumi.String(contract.AppName),
						Image: args.Image,
						Ports: corev1.ContainerPortArray{&corev1.ContainerPortArgs{
							Name:          pulumi.String(contract.HTTPPortName),
							ContainerPort: pulumi.Int(contract.HTTPPort),
						}},
						Env:            env,
						ReadinessProbe: probe(contract.ReadinessPath, 5, 3),
						LivenessProbe:  probe(contract.LivenessPath, 10, 3),
						// Give a cold start (SSM read, migrations) a minute before liveness counts.
						StartupProbe: probe(contract.LivenessPath, 2, 30),
						// Distroless has no shell: the kubelet sleeps.
						Lifecycle: &corev1.LifecycleArgs{PreStop: &corev1.LifecycleHandlerArgs{
							Sleep: &corev1.SleepActionArgs{Seconds: pulumi.Int(int(PreStopDelay.Seconds()))},
						}},
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String(args.CPURequest), "memory": pulumi.String(args.MemoryRequest)},
							Limits:   pulumi.StringMap{"memory": pulumi.String(args.MemoryLimit)},
						},
						SecurityContext: &corev1.SecurityContextArgs{
							AllowPrivilegeEscalation: pulumi.Bool(false),
							ReadOnlyRootFilesystem:   pulumi.Bool(true),
							Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
						},
						VolumeMounts: corev1.VolumeMountArray{&corev1.VolumeMountArgs{
							Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp"),
						}},
					}},
					Volumes: corev1.VolumeArray{&corev1.VolumeArgs{
						Name:     pulumi.String("tmp"),
						EmptyDir: &corev1.EmptyDirVolumeSourceArgs{},
					}},
				},
			},
		},
	}, inNS...)
	if err != nil {
		return nil, err
	}

	service, err := corev1.NewService(ctx, names.Name("service"), &corev1.ServiceArgs{
		Metadata: meta(nil),
		Spec: &corev1.ServiceSpecArgs{
			Type:     pulumi.String("ClusterIP"),
			Selector: labels,
			Ports: corev1.ServicePortArray{&corev1.ServicePortArgs{
				Name:       pulumi.String(contract.HTTPPortName),
				Port:       pulumi.Int(contract.HTTPPort),
				TargetPort: pulumi.String(contract.HTTPPortName),
			}},
		},
	}, inNS...)
	if err != nil {
		return nil, err
	}

	ingress, err := networkingv1.NewIngress(ctx, names.Name("ingress"), &networkingv1.IngressArgs{
		Metadata: meta(pulumi.StringMap{
			"alb.ingress.kubernetes.io/scheme":                    pulumi.String("internet-facing"),
			"alb.ingress.kubernetes.io/target-type":               pulumi.String("ip"),
			"alb.ingress.kubernetes.io/listen-ports":              pulumi.String(`[{"HTTPS":443}]`),
			"alb.ingress.kubernetes.io/certificate-arn":           cert,
			"alb.ingress.kubernetes.io/ssl-policy":                pulumi.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
			"alb.ingress.kubernetes.io/healthcheck-path":          pulumi.String(contract.ReadinessPath),
			"alb.ingress.kubernetes.io/load-balancer-attributes":  pulumi.Sprintf("idle_timeout.timeout_seconds=%d", int(ALBIdleTimeout.Seconds())),
			"alb.ingress.kubernetes.io/target-group-attributes":   pulumi.Sprintf("deregistration_delay.timeout_seconds=%d", int(DeregistrationDelay.Seconds())),
			"alb.ingress.kubernetes.io/actions." + BlockedMetrics: pulumi.String(`{"type":"fixed-response","fixedResponseConfig":{"contentType":"text/plain","statusCode":"404","messageBody":"not found"}}`),
			"alb.ingress.kubernetes.io/load-balancer-name":        pulumi.String(LoadBalancerName(names)),
			"alb.ingress.kubernetes.io/tags":                      pulumi.String("project=" + names.Project + ",stack=" + names.Stack),
		}),
		Spec: &networkingv1.IngressSpecArgs{
			IngressClassName: pulumi.String("alb"),
			Rules: networkingv1.IngressRuleArray{&networkingv1.IngressRuleArgs{
				Host: pulumi.String(args.APIHost),
				Http: &networkingv1.HTTPIngressRuleValueArgs{
					// The ALB evaluates the paths in this order.
					Paths: networkingv1.HTTPIngressPathArray{&networkingv1.HTTPIngressPathArgs{
						Path:     pulumi.String(contract.MetricsPath),
						PathType: pulumi.String("Exact"),
						Backend: &networkingv1.IngressBackendArgs{
							Service: &networkingv1.IngressServiceBackendArgs{
								Name: pulumi.String(BlockedMetrics),
								Port: &networkingv1.ServiceBackendPortArgs{Name: pulumi.String("use-annotation")},
							},
						},
					}, &networkingv1.HTTPIngressPathArgs{
						Path:     pulumi.String("/"),
						PathType: pulumi.String("Prefix"),
						Backend: &networkingv1.IngressBackendArgs{
							Service: &networkingv1.IngressServiceBackendArgs{
								Name: service.Metadata.Name().Elem(),
								Port: &networkingv1.ServiceBackendPortArgs{Name: pulumi.String(contract.HTTPPortName)},
							},
						},
					}},
				},
			}},
		},
	}, append(inNS, pulumi.DependsOn(args.DependsOn))...)
	if err != nil {
		return nil, err
	}
	w.LoadBalancerHostname = ingress.Status.LoadBalancer().Ingress().ApplyT(func(lbs []networkingv1.IngressLoadBalancerIngress) (string, error) {
		if len(lbs) == 0 || lbs[0].Hostname == nil {
			return "", fmt.Errorf("ingress %s/%s has no load balancer address yet; run pulumi up again", contract.AppNamespace, contract.AppName)
		}
		return *lbs[0].Hostname, nil
	}).(pulumi.StringOutput)

	if _, err := route53.NewRecord(ctx, names.Name("api"), &route53.RecordArgs{
		ZoneId:  pulumi.String(args.HostedZoneID),
		Name:    pulumi.String(args.APIHost),
		Type:    pulumi.String("CNAME"),
		Ttl:     pulumi.Int(300),
		Records: pulumi.StringArray{w.LoadBalancerHostname},
	}, pulumi.Parent(w)); err != nil {
		return nil, err
	}

	if _, err := autoscalingv2.NewHorizontalPodAutoscaler(ctx, names.Name("hpa"), &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: meta(nil),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: &autoscalingv2.CrossVersionObjectReferenceArgs{
				ApiVersion: pulumi.String("apps/v1"),
				Kind:       pulumi.String("Deployment"),
				Name:       deployment.Metadata.Name().Elem(),
			},
			MinReplicas: pulumi.Int(args.MinReplicas),
			MaxReplicas: pulumi.Int(args.MaxReplicas),
			Metrics: autoscalingv2.MetricSpecArray{&autoscalingv2.MetricSpecArgs{
				Type: pulumi.String("Resource"),
				Resource: &autoscalingv2.ResourceMetricSourceArgs{
					Name: pulumi.String("cpu"),
					Target: &autoscalingv2.MetricTargetArgs{
						Type:               pulumi.String("Utilization"),
						AverageUtilization: pulumi.Int(args.TargetCPU),
					},
				},
			}},
		},
	}, inNS...); err != nil {
		return nil, err
	}

	if _, err := policyv1.NewPodDisruptionBudget(ctx, names.Name("pdb"), &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(nil),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.Int(1),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: labels},
		},
	}, inNS...); err != nil {
		return nil, err
	}

	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"apiUrl":               pulumi.String(w.APIURL),
		"loadBalancerHostname": w.LoadBalancerHostname,
		"replicas":             pulumi.String(fmt.Sprintf("%d-%d", args.MinReplicas, args.MaxReplicas)),
	})
}

func envVar(name string, value pulumi.StringInput) *corev1.EnvVarArgs {
	return &corev1.EnvVarArgs{Name: pulumi.String(name), Value: value}
}

// PoolSize is each pod's MySQL pool: at most maxReplicas pods plus a
// rollout's surge share three quarters of the server's max_connections, so
// that they stay under the connections alarm (80%) and leave room for
// engineers and migrations.
func PoolSize(maxConnections, maxReplicas int) int {
	return max(1, maxConnections*3/4/(maxReplicas+surge(maxReplicas)))
}

// GoMemLimit is MemoryLimitShare of a container memory limit written as
// Kubernetes does (512Mi, 1Gi, 536870912), in bytes.
func GoMemLimit(limit string) (int64, error) {
	units := []struct {
		suffix string
		bytes  int64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"", 1}}
	for _, u := range units {
		n, ok := strings.CutSuffix(limit, u.suffix)
		if !ok {
			continue
		}
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil || v <= 0 {
			break
		}
		return int64(float64(v*u.bytes) * MemoryLimitShare), nil
	}
	return 0, fmt.Errorf("workloads: memory limit %q: want a whole number of Ki, Mi, Gi, k, M, G or bytes", limit)
}

// surge is how many extra pods a rollout starts at once: a quarter, at least one.
func surge(replicas int) int { return max(1, (replicas+3)/4) }

// ServiceLabels are the labels of the service's pods and Service: what the
// ServiceMonitor selects.
func ServiceLabels() map[string]string {
	return map[string]string{contract.AppLabel: contract.AppName}
}

// LoadBalancerName is the name the controller gives the public ALB, so that
// alarms can find it.
func LoadBalancerName(names naming.Namer) string { return names.Name("api") }
