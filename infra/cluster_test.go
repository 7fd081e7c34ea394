package main

import (
	"fmt"
	"slices"
	"testing"
)

func TestNodesRunOnlyInPrivateSubnets(t *testing.T) {
	_, private := subnetsByTier(t)
	var privateIDs []string
	for _, s := range private {
		privateIDs = append(privateIDs, s.Name+"_id")
	}
	for _, ng := range ofType(t, "eks:index:ManagedNodeGroup") {
		got := strs(ng.In["subnetIds"])
		slices.Sort(got)
		slices.Sort(privateIDs)
		if !slices.Equal(got, privateIDs) {
			t.Errorf("node group %s subnets = %v, want the private ones %v", ng.Name, got, privateIDs)
		}
	}
	for _, c := range ofType(t, "eks:index:Cluster") {
		if c.In["nodeAssociatePublicIpAddress"] != false {
			t.Errorf("cluster %s may give nodes public addresses", c.Name)
		}
	}
}

func TestNodesRunAmazonLinux2023WithConfiguredScaling(t *testing.T) {
	ng := ofType(t, "eks:index:ManagedNodeGroup")[0]
	if ng.In["amiType"] != "AL2023_x86_64_STANDARD" {
		t.Errorf("amiType = %v", ng.In["amiType"])
	}
	sc := ng.In["scalingConfig"]
	if fmt.Sprint(get(sc, "minSize")) != stackCfg["podo:nodesMin"] || fmt.Sprint(get(sc, "maxSize")) != stackCfg["podo:nodesMax"] {
		t.Errorf("scaling = %v, want the dev stack's %s..%s", sc, stackCfg["podo:nodesMin"], stackCfg["podo:nodesMax"])
	}
}

func TestClusterLogsTheControlPlaneAndUsesAccessEntries(t *testing.T) {
	c := ofType(t, "eks:index:Cluster")[0]
	if logs := strs(c.In["enabledClusterLogTypes"]); len(logs) != 5 {
		t.Errorf("control plane logs = %v", logs)
	}
	if c.In["authenticationMode"] != "API" || c.In["createOidcProvider"] != true {
		t.Errorf("authenticationMode = %v, createOidcProvider = %v", c.In["authenticationMode"], c.In["createOidcProvider"])
	}
}

func TestClusterControllersAreHelmV4Releases(t *testing.T) {
	var charts []string
	for _, c := range ofType(t, "kubernetes:helm.sh/v4:Chart") {
		charts = append(charts, c.In["chart"].(string))
	}
	for _, want := range []string{"aws-load-balancer-controller", "cluster-autoscaler", "metrics-server"} {
		if !slices.Contains(charts, want) {
			t.Errorf("charts = %v, missing %s", charts, want)
		}
	}
}
