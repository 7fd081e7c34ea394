// Package firewall holds the security groups of the data stores and the VPN.
// MySQL and Redis admit their one port from two sources only: the cluster's
// nodes (and so its pods) and the Client VPN endpoint. Nothing here is open to
// the internet; the only public listener is the load balancer's 443, which the
// load balancer controller manages.
package firewall

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/naming"
)

// Ports of the data stores.
const (
	MySQLPort = 3306
	RedisPort = 6379
)

// Args are the inputs of the security groups.
type Args struct {
	Names naming.Namer
	VpcID pulumi.StringInput
	// VpcCIDR is where VPN clients may go once connected.
	VpcCIDR string
	// NodeSecurityGroupID is the cluster's node (and pod) security group.
	NodeSecurityGroupID pulumi.StringInput
	// ClusterSecurityGroupID guards the cluster's private API endpoint.
	ClusterSecurityGroupID pulumi.StringInput
}

// Firewall is the set of security groups.
type Firewall struct {
	pulumi.ResourceState

	// VPNSecurityGroupID is attached to the Client VPN endpoint's network
	// interfaces. Client VPN translates client addresses to its own, so the
	// data stores admit this group rather than the client range.
	VPNSecurityGroupID      pulumi.StringOutput
	DatabaseSecurityGroupID pulumi.StringOutput
	CacheSecurityGroupID    pulumi.StringOutput
}

// New builds the security groups.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Firewall, error) {
	f := &Firewall{}
	if err := ctx.RegisterComponentResource("podo:firewall:Firewall", name, f, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(f)

	vpn, err := ec2.NewSecurityGroup(ctx, names.Name("sg", "vpn"), &ec2.SecurityGroupArgs{
		Description: pulumi.String("Client VPN endpoint: clients may reach the VPC only"),
		VpcId:       args.VpcID,
		Egress: ec2.SecurityGroupEgressArray{&ec2.SecurityGroupEgressArgs{
			Description: pulumi.String("VPN clients to the VPC"),
			Protocol:    pulumi.String("-1"),
			FromPort:    pulumi.Int(0),
			ToPort:      pulumi.Int(0),
			CidrBlocks:  pulumi.StringArray{pulumi.String(args.VpcCIDR)},
		}},
		Tags: names.Tags("sg-vpn"),
	}, parent)
	if err != nil {
		return nil, err
	}

	// Inside the tunnel the API's name resolves to its private endpoint, so
	// kubectl and a local pulumi up reach it only with this rule.
	if _, err := ec2.NewSecurityGroupRule(ctx, names.Name("sg", "vpn-to-eks-api"), &ec2.SecurityGroupRuleArgs{
		Description:           pulumi.String("the Client VPN to the Kubernetes API"),
		Type:                  pulumi.String("ingress"),
		Protocol:              pulumi.String("tcp"),
		FromPort:              pulumi.Int(443),
		ToPort:                pulumi.Int(443),
		SecurityGroupId:       args.ClusterSecurityGroupID,
		SourceSecurityGroupId: vpn.ID(),
	}, parent); err != nil {
		return nil, err
	}

	store := func(part, description string, port int) (*ec2.SecurityGroup, error) {
		return ec2.NewSecurityGroup(ctx, names.Name("sg", part), &ec2.SecurityGroupArgs{
			Description: pulumi.String(description),
			VpcId:       args.VpcID,
			Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
				Description:    pulumi.String("cluster nodes and pods, and the Client VPN"),
				Protocol:       pulumi.String("tcp"),
				FromPort:       pulumi.Int(port),
				ToPort:         pulumi.Int(port),
				SecurityGroups: pulumi.StringArray{args.NodeSecurityGroupID, vpn.ID().ToStringOutput()},
			}},
			Tags: names.Tags("sg-" + part),
		}, parent)
	}
	db, err := store("mysql", "MySQL from the cluster and the VPN only", MySQLPort)
	if err != nil {
		return nil, err
	}
	cache, err := store("redis", "Redis from the cluster and the VPN only", RedisPort)
	if err != nil {
		return nil, err
	}

	f.VPNSecurityGroupID = vpn.ID().ToStringOutput()
	f.DatabaseSecurityGroupID = db.ID().ToStringOutput()
	f.CacheSecurityGroupID = cache.ID().ToStringOutput()
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"vpnSecurityGroupId":      f.VPNSecurityGroupID,
		"databaseSecurityGroupId": f.DatabaseSecurityGroupID,
		"cacheSecurityGroupId":    f.CacheSecurityGroupID,
	})
}
