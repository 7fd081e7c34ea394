package main

// Properties a mock cannot fail on but a real first `pulumi up` would: chart
// values that Helm hooks used to cover, the order in which controllers and
// Services come up, reads that break previews, and what EKS cannot scrape.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/infra/cluster"
	"github.com/podo-tickets/podo/infra/monitoring"
)

func TestThePrometheusOperatorNeedsNoSecretThatOnlyAHelmHookMakes(t *testing.T) {
	// Chart v4 renders no hooks; in kube-prometheus-stack the webhook
	// certificate Secret the operator mounts comes only from a hook Job.
	op := get(chart(t, "kube-prometheus-stack").In["values"], "prometheusOperator")
	if get(op, "admissionWebhooks", "enabled") != false || get(op, "tls", "enabled") != false {
		t.Errorf("prometheusOperator = %v: the operator would wait forever for its admission Secret", op)
	}
}

func TestNothingIsScrapedOrAlertedOnThatEKSKeepsOutOfReach(t *testing.T) {
	values := chart(t, "kube-prometheus-stack").In["values"]
	for _, part := range []string{"kubeControllerManager", "kubeScheduler", "kubeEtcd"} {
		if get(values, part, "enabled") != false {
			t.Errorf("%s is scraped: its Down alert would fire forever", part)
		}
	}
	for _, rule := range []string{"etcd", "kubeControllerManager", "kubeSchedulerAlerting", "kubeSchedulerRecording"} {
		if get(values, "defaultRules", "rules", rule) != false {
			t.Errorf("default rules %s are on", rule)
		}
	}
}

func TestNothingIsReadFromTheCluster(t *testing.T) {
	// A read runs during every preview, and fails it while the object does
	// not exist yet (after a partial first up).
	for _, r := range recorded {
		if r.Read && strings.HasPrefix(r.Type, "kubernetes:") {
			t.Errorf("%s %s is read, so previews fail until it exists", r.Type, r.Name)
		}
	}
}

func TestMonitoringNamesPointAtLoadBalancersOfServicesTheProgramCreates(t *testing.T) {
	records := map[string]rec{}
	for _, r := range ofType(t, "aws:route53/record:Record") {
		records[fmt.Sprint(r.In["name"])] = r
	}
	for _, ui := range monitoring.UIs() {
		name := ui.Host + "." + stackCfg["podo:domain"]
		svc := named(t, "kubernetes:core/v1:Service", "podo-dev-ui-"+ui.Host)
		want := "internal-" + svc.Name + ".elb.ap-northeast-2.amazonaws.com"
		if got := strs(records[name].In["records"]); !slices.Equal(got, []string{want}) {
			t.Errorf("%s -> %v, want the load balancer of %s (%s)", name, got, svc.Name, want)
		}
		if !dependsOn(svc, "podo-dev-kube-prometheus-stack") {
			t.Errorf("%s is created before the chart that runs its pods", svc.Name)
		}
	}
}

func TestChartsWithServicesWaitForTheLoadBalancerControllersWebhook(t *testing.T) {
	// The controller's Service webhook fails every Service created before
	// its pods run (failurePolicy Fail), and a failed create is not retried.
	for _, c := range ofType(t, "kubernetes:helm.sh/v4:Chart") {
		if c.Name == "podo-dev-lb-controller" {
			continue
		}
		if !dependsOn(c, "podo-dev-lb-controller") {
			t.Errorf("chart %s (%v) does not wait for the load balancer controller", c.Name, c.In["chart"])
		}
	}
}

func TestClusterRunsAKubernetesVersionWithAMatchingAutoscaler(t *testing.T) {
	c := ofType(t, "eks:index:Cluster")[0]
	// 1.33 left EKS standard support on 2026-07-29 (extended support costs
	// six times as much); 1.35 is in standard support until 2027-03.
	if slices.Contains([]string{"1.30", "1.31", "1.32", "1.33", "1.34"}, fmt.Sprint(c.In["version"])) {
		t.Errorf("EKS %v is past standard support", c.In["version"])
	}
	if c.In["version"] != cluster.AutoscalerMinor {
		t.Errorf("cluster %v runs cluster-autoscaler %s (chart %s): the autoscaler must match the minor version", c.In["version"], cluster.AutoscalerMinor, cluster.AutoscalerChartVersion)
	}
	if v := chart(t, "cluster-autoscaler").In["version"]; v != cluster.AutoscalerChartVersion {
		t.Errorf("cluster-autoscaler chart %v", v)
	}
}

func TestEngineersOnTheVPNReachTheClusterAPI(t *testing.T) {
	for _, r := range ofType(t, "aws:ec2/securityGroupRule:SecurityGroupRule") {
		if r.In["type"] == "ingress" && r.In["securityGroupId"] == nodeSG && r.In["sourceSecurityGroupId"] == "podo-dev-sg-vpn_id" &&
			r.In["protocol"] == "tcp" && r.In["fromPort"] == float64(443) && r.In["toPort"] == float64(443) {
			return
		}
	}
	t.Error("no rule admits 443 from the VPN's security group to the cluster's: kubectl times out on the VPN")
}

func TestCoreDNSIsAManagedAddonUpgradedWithTheCluster(t *testing.T) {
	for _, a := range ofType(t, "aws:eks/addon:Addon") {
		if a.In["addonName"] == "coredns" {
			if !dependsOn(a, "podo-dev-nodes") {
				t.Error("the CoreDNS add-on does not wait for nodes to run on")
			}
			return
		}
	}
	t.Error("no CoreDNS add-on: pulumi-eks leaves it self-managed with a managed node group")
}

func TestControlPlaneLogsExpire(t *testing.T) {
	c := ofType(t, "eks:index:Cluster")[0]
	g := named(t, "aws:cloudwatch/logGroup:LogGroup", "podo-dev-eks-logs")
	if g.In["name"] != "/aws/eks/podo-dev-eks/cluster" || g.In["retentionInDays"] == nil {
		t.Errorf("log group %v keeps %v days", g.In["name"], g.In["retentionInDays"])
	}
	if !dependsOn(c, g.Name) {
		t.Error("the cluster is created before its log group: EKS would create it without retention")
	}
}

func TestTheLoadBalancerControllerMayCallWhatItsVersionCalls(t *testing.T) {
	var doc policyDoc
	for _, p := range ofType(t, "aws:iam/rolePolicy:RolePolicy") {
		if p.In["role"] == "podo-dev-irsa-lb-controller" {
			doc = parsePolicy(t, p.In["policy"])
		}
	}
	granted := map[string]bool{}
	for _, s := range doc.Statement {
		for _, a := range list(s.Action) {
			granted[a] = true
			if a == "elasticloadbalancing:AddTags" && s.Condition == nil &&
				slices.ContainsFunc(list(s.Resource), func(r string) bool { return r == "*" || strings.Contains(r, ":loadbalancer/") }) {
				t.Errorf("AddTags on %v: any load balancer, not only the controller's own or new ones", s.Resource)
			}
		}
	}
	// v2.13.2 calls these once a second rule, listener attributes or
	// capacity settings are used (docs/install/iam_policy.json at v2.13.2).
	for _, a := range []string{"elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:ModifyListenerAttributes",
		"elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools"} {
		if !granted[a] {
			t.Errorf("the controller may not call %s", a)
		}
	}
}
