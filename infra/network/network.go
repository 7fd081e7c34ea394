// Package network builds the VPC that everything else of Podo lives in: three
// public subnets for the internet-facing load balancer and the NAT gateways,
// three private subnets for the nodes, the database, the cache and the VPN.
package network

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/naming"
)

// Args are the inputs of the network.
type Args struct {
	Names naming.Namer
	// CIDR is the VPC range, a /16.
	CIDR string
	// AZs are the availability zones, one public and one private subnet each.
	AZs []string
	// SingleNATGateway shares one NAT gateway across the AZs (cheaper, for a
	// disposable dev stack); otherwise each AZ gets its own.
	SingleNATGateway bool
	// ClusterName is tagged on the subnets for the load balancer controller.
	ClusterName string
}

// Network is the VPC and its subnets.
type Network struct {
	pulumi.ResourceState

	VpcID            pulumi.StringOutput
	CIDR             string
	PublicSubnetIDs  pulumi.StringArrayOutput
	PrivateSubnetIDs pulumi.StringArrayOutput
}

// New builds the VPC, subnets, internet gateway, NAT gateways and routes.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Network, error) {
	n := &Network{CIDR: args.CIDR}
	if err := ctx.RegisterComponentResource("podo:network:Network", name, n, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(n)

	vpc, err := ec2.NewVpc(ctx, names.Name("vpc"), &ec2.VpcArgs{
		CidrBlock:          pulumi.String(args.CIDR),
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               names.Tags("vpc"),
	}, parent)
	if err != nil {
		return nil, err
	}
	igw, err := ec2.NewInternetGateway(ctx, names.Name("igw"), &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  names.Tags("igw"),
	}, parent)
	if err != nil {
		return nil, err
	}

	publicRT, err := ec2.NewRouteTable(ctx, names.Name("public"), &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Routes: ec2.RouteTableRouteArray{&ec2.RouteTableRouteArgs{
			CidrBlock: pulumi.String("0.0.0.0/0"),
			GatewayId: igw.ID(),
		}},
		Tags: names.Tags("public"),
	}, parent)
	if err != nil {
		return nil, err
	}

	clusterTag := map[string]string{"kubernetes.io/cluster/" + args.ClusterName: "shared"}
	var public, private pulumi.StringArray
	var nats []*ec2.NatGateway
	for i, az := range args.AZs {
		// Private subnets are the large ones: with the VPC CNI every pod takes a VPC address.
		privateCIDR, err := Subnet(args.CIDR, 3, i)
		if err != nil {
			return nil, err
		}
		publicCIDR, err := Subnet(args.CIDR, 6, 24+i)
		if err != nil {
			return nil, err
		}
		pub, err := ec2.NewSubnet(ctx, names.Name("public", az), &ec2.SubnetArgs{
			VpcId:               vpc.ID(),
			CidrBlock:           pulumi.String(publicCIDR),
			AvailabilityZone:    pulumi.String(az),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                names.Tags("public-"+az, clusterTag, map[string]string{"kubernetes.io/role/elb": "1", "tier": "public"}),
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, names.Name("public", az), &ec2.RouteTableAssociationArgs{
			SubnetId:     pub.ID(),
			RouteTableId: publicRT.ID(),
		}, parent); err != nil {
			return nil, err
		}
		public = append(public, pub.ID().ToStringOutput())

		if i == 0 || !args.SingleNATGateway {
			eip, err := ec2.NewEip(ctx, names.Name("nat", az), &ec2.EipArgs{
				Domain: pulumi.String("vpc"),
				Tags:   names.Tags("nat-" + az),
			}, parent)
			if err != nil {
				return nil, err
			}
			nat, err := ec2.NewNatGateway(ctx, names.Name("nat", az), &ec2.NatGatewayArgs{
				AllocationId: eip.ID(),
				SubnetId:     pub.ID(),
				Tags:         names.Tags("nat-" + az),
			}, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
			if err != nil {
				return nil, err
			}
			nats = append(nats, nat)
		}
		nat := nats[len(nats)-1]

		priv, err := ec2.NewSubnet(ctx, names.Name("private", az), &ec2.SubnetArgs{
			VpcId:            vpc.ID(),
			CidrBlock:        pulumi.String(privateCIDR),
			AvailabilityZone: pulumi.String(az),
			Tags:             names.Tags("private-"+az, clusterTag, map[string]string{"kubernetes.io/role/internal-elb": "1", "tier": "private"}),
		}, parent)
		if err != nil {
			return nil, err
		}
		privateRT, err := ec2.NewRouteTable(ctx, names.Name("private", az), &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Routes: ec2.RouteTableRouteArray{&ec2.RouteTableRouteArgs{
				CidrBlock:    pulumi.String("0.0.0.0/0"),
				NatGatewayId: nat.ID(),
			}},
			Tags: names.Tags("private-" + az),
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, names.Name("private", az), &ec2.RouteTableAssociationArgs{
			SubnetId:     priv.ID(),
			RouteTableId: privateRT.ID(),
		}, parent); err != nil {
			return nil, err
		}
		private = append(private, priv.ID().ToStringOutput())
	}

	n.VpcID = vpc.ID().ToStringOutput()
	n.PublicSubnetIDs = public.ToStringArrayOutput()
	n.PrivateSubnetIDs = private.ToStringArrayOutput()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":            n.VpcID,
		"publicSubnetIds":  n.PublicSubnetIDs,
		"privateSubnetIds": n.PrivateSubnetIDs,
	})
}

// Subnet carves subnet number num of size prefix+newBits out of the IPv4 range
// cidr, like Terraform's cidrsubnet.
func Subnet(cidr string, newBits, num int) (string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return "", err
	}
	bits := p.Bits() + newBits
	if !p.Addr().Is4() || bits > 32 || num >= 1<<newBits {
		return "", fmt.Errorf("subnet %d of /%d does not fit in %s", num, bits, cidr)
	}
	a := p.Masked().Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	base |= uint32(num) << (32 - bits)
	addr := netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)})
	return netip.PrefixFrom(addr, bits).String(), nil
}

// ResolverIP is the Amazon DNS resolver of a VPC: its base address plus two.
func ResolverIP(cidr string) (string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return "", err
	}
	return p.Masked().Addr().Next().Next().String(), nil
}
