package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/app/config"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/infra/workloads"
)

func container(t *testing.T) any {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	return get(d.In, "spec", "template", "spec", "containers", 0)
}

func TestDeploymentProbesUseTheAppsHealthPaths(t *testing.T) {
	c := container(t)
	for probe, path := range map[string]string{"readinessProbe": contract.ReadinessPath, "livenessProbe": contract.LivenessPath} {
		if get(c, probe, "httpGet", "path") != path || get(c, probe, "httpGet", "port") != contract.HTTPPortName {
			t.Errorf("%s = %v, want %s on port %s", probe, get(c, probe), path, contract.HTTPPortName)
		}
	}
	if get(c, "ports", 0, "containerPort") != float64(contract.HTTPPort) {
		t.Errorf("port = %v", get(c, "ports", 0))
	}
}

func TestRollingUpdateNeverTakesAPodAwayFirst(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	if v := get(d.In, "spec", "strategy", "rollingUpdate", "maxUnavailable"); v != float64(0) {
		t.Errorf("maxUnavailable = %v", v)
	}
}

func TestHPAAndPDBCoverTheDeployment(t *testing.T) {
	hpa := ofType(t, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")[0]
	if get(hpa.In, "spec", "scaleTargetRef", "name") != contract.AppName ||
		fmt.Sprint(get(hpa.In, "spec", "minReplicas")) != stackCfg["podo:appMinReplicas"] ||
		fmt.Sprint(get(hpa.In, "spec", "maxReplicas")) != stackCfg["podo:appMaxReplicas"] {
		t.Errorf("HPA spec = %v", hpa.In["spec"])
	}
	pdb := ofType(t, "kubernetes:policy/v1:PodDisruptionBudget")[0]
	if get(pdb.In, "spec", "selector", "matchLabels", contract.AppLabel) != contract.AppName {
		t.Errorf("PDB selector = %v", get(pdb.In, "spec", "selector"))
	}
}

func TestPodsRunAsNonRootWithAReadOnlyRootFilesystem(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	c := container(t)
	if get(d.In, "spec", "template", "spec", "securityContext", "runAsNonRoot") != true ||
		get(c, "securityContext", "readOnlyRootFilesystem") != true ||
		get(c, "securityContext", "allowPrivilegeEscalation") != false {
		t.Errorf("security contexts: pod %v, container %v", get(d.In, "spec", "template", "spec", "securityContext"), get(c, "securityContext"))
	}
}

func TestPodsSpreadAcrossZones(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	if get(d.In, "spec", "template", "spec", "topologySpreadConstraints", 0, "topologyKey") != "topology.kubernetes.io/zone" {
		t.Errorf("spread = %v", get(d.In, "spec", "template", "spec", "topologySpreadConstraints"))
	}
}

func TestDeploymentEnvPointsAtTheStacksStores(t *testing.T) {
	env := map[string]any{}
	for _, e := range get(container(t), "env").([]any) {
		env[fmt.Sprint(get(e, "name"))] = get(e, "value")
	}
	want := map[string]string{
		contract.EnvMySQLDSN:       "podo@tcp(podo-dev-mysql.rds.amazonaws.com:3306)/podo?tls=true",
		contract.EnvRedisAddr:      "master.podo-dev-redis.cache.amazonaws.com:6379",
		contract.EnvRedisTLS:       "true",
		contract.EnvSSMPath:        "/podo/dev/",
		contract.EnvPublicURL:      "https://api." + stackCfg["podo:domain"],
		contract.EnvAllowedOrigins: "https://" + stackCfg["podo:domain"],
		// behind the one ALB, the client's address is the entry it appended
		contract.EnvTrustedProxyHops: "1",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %v, want %s", k, env[k], v)
		}
	}
	if _, leaked := env[contract.EnvRedisPassword]; leaked {
		t.Errorf("%s is in the Deployment; it must come from SSM", contract.EnvRedisPassword)
	}
}

func TestGoMemoryLimitLeavesRoomUnderTheContainerLimit(t *testing.T) {
	limit, err := workloads.GoMemLimit("1Gi")
	if err != nil || limit >= 1<<30 || limit < 1<<30*8/10 {
		t.Fatalf("GoMemLimit(1Gi) = %d, %v; want 80-99 %% of the limit", limit, err)
	}
	want, _ := workloads.GoMemLimit(stackCfg["podo:appMemoryLimit"])
	for _, e := range get(container(t), "env").([]any) {
		if get(e, "name") == "GOMEMLIMIT" {
			if got := fmt.Sprint(get(e, "value")); got != strconv.FormatInt(want, 10) {
				t.Fatalf("GOMEMLIMIT = %q (from %v), want %d bytes, below the %s limit", got, get(e, "valueFrom"), want, stackCfg["podo:appMemoryLimit"])
			}
			return
		}
	}
	t.Fatal("no GOMEMLIMIT: the runtime would not collect harder near the memory limit")
}

func ingressAnnotation(t *testing.T, key string) string {
	ing := ofType(t, "kubernetes:networking.k8s.io/v1:Ingress")[0]
	return fmt.Sprint(get(ing.In, "metadata", "annotations", "alb.ingress.kubernetes.io/"+key))
}

func TestRolloutsWaitForTheLoadBalancerBeforeAPodCountsAsReady(t *testing.T) {
	for _, ns := range ofType(t, "kubernetes:core/v1:Namespace") {
		if get(ns.In, "metadata", "name") == contract.AppNamespace {
			if get(ns.In, "metadata", "labels", "elbv2.k8s.aws/pod-readiness-gate-inject") != "enabled" {
				t.Errorf("namespace %s labels %v: pods count as ready before their ALB target is healthy", contract.AppNamespace, get(ns.In, "metadata", "labels"))
			}
			return
		}
	}
	t.Fatalf("no namespace %s", contract.AppNamespace)
}

func TestAStoppingPodLeavesTheLoadBalancerBeforeItStopsServing(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	preStop, _ := get(container(t), "lifecycle", "preStop", "sleep", "seconds").(float64)
	grace, _ := get(d.In, "spec", "template", "spec", "terminationGracePeriodSeconds").(float64)
	var dereg float64
	fmt.Sscanf(ingressAnnotation(t, "target-group-attributes"), "deregistration_delay.timeout_seconds=%g", &dereg)
	drain := config.ShutdownTimeout.Seconds()
	if preStop < 5 {
		t.Errorf("preStop sleeps %v s: the ALB still sends requests while the pod shuts down", preStop)
	}
	if dereg < preStop+drain || dereg > 120 {
		t.Errorf("deregistration delay %v s, want at least the preStop %v s plus the %v s drain", dereg, preStop, drain)
	}
	if grace <= preStop+drain {
		t.Errorf("grace period %v s does not cover preStop %v s plus the %v s drain", grace, preStop, drain)
	}
}

func TestTheLoadBalancerClosesIdleConnectionsBeforeTheServerDoes(t *testing.T) {
	var idle float64
	fmt.Sscanf(ingressAnnotation(t, "load-balancer-attributes"), "idle_timeout.timeout_seconds=%g", &idle)
	if idle <= 15 || idle >= config.HTTPIdleTimeout.Seconds() {
		t.Errorf("ALB idle timeout %v s, want above the 15 s SSE heartbeat and below the server's %v", idle, config.HTTPIdleTimeout)
	}
}

func TestMetricsAreNotServedThroughThePublicLoadBalancer(t *testing.T) {
	ing := ofType(t, "kubernetes:networking.k8s.io/v1:Ingress")[0]
	paths := get(ing.In, "spec", "rules", 0, "http", "paths").([]any)
	first := paths[0]
	action := get(first, "backend", "service", "name")
	if get(first, "path") != contract.MetricsPath || get(first, "backend", "service", "port", "name") != "use-annotation" {
		t.Fatalf("the first path is %v: %s goes to the service", first, contract.MetricsPath)
	}
	var a struct {
		Type                string
		FixedResponseConfig struct{ StatusCode string }
	}
	if err := json.Unmarshal([]byte(ingressAnnotation(t, "actions."+fmt.Sprint(action))), &a); err != nil || a.Type != "fixed-response" || a.FixedResponseConfig.StatusCode != "404" {
		t.Errorf("action %v = %+v (%v), want a fixed 404", action, a, err)
	}
}

func TestTheAutoscalerMayMoveAppPodsOffANode(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	var local []string
	for _, v := range get(d.In, "spec", "template", "spec", "volumes").([]any) {
		if get(v, "emptyDir") != nil {
			local = append(local, fmt.Sprint(get(v, "name")))
		}
	}
	safe := fmt.Sprint(get(d.In, "spec", "template", "metadata", "annotations", "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes"))
	for _, v := range local {
		if !slices.Contains(strings.Split(safe, ","), v) {
			t.Errorf("emptyDir %s is not marked safe to evict: nodes running the app never scale down", v)
		}
	}
}

func TestServiceAccountIsBoundToTheAppRole(t *testing.T) {
	sa := ofType(t, "kubernetes:core/v1:ServiceAccount")[0]
	if get(sa.In, "metadata", "name") != contract.ServiceAccountName ||
		get(sa.In, "metadata", "annotations", "eks.amazonaws.com/role-arn") != "arn:aws:mock:ap-northeast-2:123456789012:podo-dev-irsa-app" {
		t.Errorf("service account metadata = %v", sa.In["metadata"])
	}
}

func TestIngressIsHTTPSOnlyWithTheAPICertificate(t *testing.T) {
	ing := ofType(t, "kubernetes:networking.k8s.io/v1:Ingress")[0]
	a := get(ing.In, "metadata", "annotations")
	if get(a, "alb.ingress.kubernetes.io/listen-ports") != `[{"HTTPS":443}]` || get(a, "alb.ingress.kubernetes.io/certificate-arn") == nil {
		t.Errorf("annotations = %v", a)
	}
	if get(ing.In, "spec", "rules", 0, "host") != "api."+stackCfg["podo:domain"] {
		t.Errorf("host = %v", get(ing.In, "spec", "rules", 0, "host"))
	}
}

func TestPodPoolsFitUnderTheConnectionsAlarmAtFullScaleDuringARollout(t *testing.T) {
	d := ofType(t, "kubernetes:apps/v1:Deployment")[0]
	var pool int
	for _, e := range get(container(t), "env").([]any) {
		if get(e, "name") == contract.EnvMySQLMaxConns {
			pool, _ = strconv.Atoi(fmt.Sprint(get(e, "value")))
		}
	}
	surge, _ := get(d.In, "spec", "strategy", "rollingUpdate", "maxSurge").(float64)
	maxPods := atoi(t, stackCfg["podo:appMaxReplicas"]) + int(surge)
	alarm := alarmsByName(t)["podo-dev-rds-connections-high"].In["threshold"].(float64)
	if pool < 1 || float64(pool*maxPods) >= alarm {
		t.Errorf("%d pods × pool %d = %d connections, the alarm fires above %v", maxPods, pool, pool*maxPods, alarm)
	}
}

func atoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
