package main

import (
	"fmt"
	"testing"
)

func subnetsByTier(t *testing.T) (public, private []rec) {
	for _, s := range ofType(t, "aws:ec2/subnet:Subnet") {
		switch get(s.In, "tags", "tier") {
		case "public":
			public = append(public, s)
		case "private":
			private = append(private, s)
		}
	}
	return public, private
}

func TestThreePublicAndThreePrivateSubnetsInThreeDistinctAZs(t *testing.T) {
	public, private := subnetsByTier(t)
	for tier, subnets := range map[string][]rec{"public": public, "private": private} {
		azs := map[any]bool{}
		for _, s := range subnets {
			azs[s.In["availabilityZone"]] = true
		}
		if len(subnets) != 3 || len(azs) != 3 {
			t.Errorf("%s: %d subnets in %d AZs, want 3 in 3", tier, len(subnets), len(azs))
		}
	}
}

func TestPrivateSubnetsRouteToTheInternetOnlyThroughNAT(t *testing.T) {
	_, private := subnetsByTier(t)
	nats := map[string]bool{}
	for _, n := range ofType(t, "aws:ec2/natGateway:NatGateway") {
		nats[n.Name+"_id"] = true
	}
	tables := map[string]rec{}
	for _, rt := range ofType(t, "aws:ec2/routeTable:RouteTable") {
		tables[rt.Name+"_id"] = rt
	}
	for _, s := range private {
		var table rec
		for _, a := range ofType(t, "aws:ec2/routeTableAssociation:RouteTableAssociation") {
			if a.In["subnetId"] == s.Name+"_id" {
				table = tables[fmt.Sprint(a.In["routeTableId"])]
			}
		}
		routes, _ := table.In["routes"].([]any)
		if len(routes) == 0 {
			t.Errorf("private subnet %s has no route table with routes", s.Name)
		}
		for _, r := range routes {
			if get(r, "gatewayId") != nil || !nats[fmt.Sprint(get(r, "natGatewayId"))] {
				t.Errorf("private subnet %s routes %v to %v, not a NAT gateway", s.Name, get(r, "cidrBlock"), r)
			}
		}
	}
}

func TestSubnetsCarryTheLoadBalancerControllerTags(t *testing.T) {
	public, private := subnetsByTier(t)
	for _, s := range public {
		if get(s.In, "tags", "kubernetes.io/role/elb") != "1" {
			t.Errorf("public subnet %s lacks kubernetes.io/role/elb", s.Name)
		}
	}
	for _, s := range private {
		if get(s.In, "tags", "kubernetes.io/role/internal-elb") != "1" {
			t.Errorf("private subnet %s lacks kubernetes.io/role/internal-elb", s.Name)
		}
	}
}
