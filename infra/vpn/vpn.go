// Package vpn builds the AWS Client VPN endpoint engineers use to reach the
// private parts of the stack (RDS, Redis, internal dashboards): mutual TLS,
// split tunnel (only VPC traffic goes through it), associated with the
// private subnets, authorised for the VPC range only, connections logged.
//
// Certificates: a stack may pass ACM ARNs of its own server certificate and
// client root chain; otherwise the program generates a CA, a server and a
// client certificate (fine for dev; the client key is a stack secret).
package vpn

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2clientvpn"
	"github.com/pulumi/pulumi-tls/sdk/v5/go/tls"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/naming"
)

// Args are the inputs of the VPN.
type Args struct {
	Names            naming.Namer
	VpcID            pulumi.StringInput
	VpcCIDR          string
	DNSServer        string
	PrivateSubnetIDs pulumi.StringArrayOutput
	// Subnets is how many private subnets to associate (one per AZ).
	Subnets         int
	SecurityGroupID pulumi.StringInput
	// ClientCIDR is the range VPN clients get addresses from; it must not
	// overlap the VPC.
	ClientCIDR string
	// ServerCertificateARN and ClientRootCertificateARN, when both set, are
	// used instead of generated certificates.
	ServerCertificateARN     string
	ClientRootCertificateARN string
	LogRetentionDays         int
}

// VPN is the Client VPN endpoint.
type VPN struct {
	pulumi.ResourceState

	EndpointID pulumi.StringOutput
	// ClientCertificate and ClientKey are set when the program generated the
	// certificates; they go into the engineer's .ovpn file.
	ClientCertificate pulumi.StringOutput
	ClientKey         pulumi.StringOutput
}

const validityHours = 24 * 365 * 2

// New builds the endpoint, its associations, authorisation and logs.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*VPN, error) {
	v := &VPN{}
	if err := ctx.RegisterComponentResource("podo:vpn:VPN", name, v, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(v)

	serverARN := pulumi.String(args.ServerCertificateARN).ToStringOutput()
	clientRootARN := pulumi.String(args.ClientRootCertificateARN).ToStringOutput()
	if args.ServerCertificateARN == "" || args.ClientRootCertificateARN == "" {
		certs, err := generateCertificates(ctx, names, parent)
		if err != nil {
			return nil, err
		}
		// The client certificate is issued by the same CA as the server's,
		// so the server certificate's chain authenticates clients too.
		serverARN, clientRootARN = certs.serverARN, certs.serverARN
		v.ClientCertificate = certs.clientCert
		v.ClientKey = certs.clientKey
	}

	logs, err := cloudwatch.NewLogGroup(ctx, names.Name("vpn"), &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/podo/" + names.Stack + "/client-vpn"),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            names.Tags("vpn"),
	}, parent)
	if err != nil {
		return nil, err
	}
	stream, err := cloudwatch.NewLogStream(ctx, names.Name("vpn"), &cloudwatch.LogStreamArgs{
		LogGroupName: logs.Name,
		Name:         pulumi.String("connections"),
	}, parent)
	if err != nil {
		return nil, err
	}

	endpoint, err := ec2clientvpn.NewEndpoint(ctx, names.Name("vpn"), &ec2clientvpn.EndpointArgs{
		Description:          pulumi.String(names.Name("vpn")),
		ServerCertificateArn: serverARN,
		ClientCidrBlock:      pulumi.String(args.ClientCIDR),
		SplitTunnel:          pulumi.Bool(true),
		VpcId:                args.VpcID,
		SecurityGroupIds:     pulumi.StringArray{args.SecurityGroupID},
		DnsServers:           pulumi.StringArray{pulumi.String(args.DNSServer)},
		TransportProtocol:    pulumi.String("udp"),
		SessionTimeoutHours:  pulumi.Int(8),
		AuthenticationOptions: ec2clientvpn.EndpointAuthenticationOptionArray{&ec2clientvpn.EndpointAuthenticationOptionArgs{
			Type:                    pulumi.String("certificate-authentication"),
			RootCertificateChainArn: clientRootARN,
		}},
		ConnectionLogOptions: &ec2clientvpn.EndpointConnectionLogOptionsArgs{
			Enabled:             pulumi.Bool(true),
			CloudwatchLogGroup:  logs.Name,
			CloudwatchLogStream: stream.Name,
		},
		Tags: names.Tags("vpn"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for i := 0; i < args.Subnets; i++ {
		if _, err := ec2clientvpn.NewNetworkAssociation(ctx, names.Name("vpn", fmt.Sprint(i)), &ec2clientvpn.NetworkAssociationArgs{
			ClientVpnEndpointId: endpoint.ID(),
			SubnetId:            args.PrivateSubnetIDs.Index(pulumi.Int(i)),
		}, parent); err != nil {
			return nil, err
		}
	}
	if _, err := ec2clientvpn.NewAuthorizationRule(ctx, names.Name("vpn", "vpc"), &ec2clientvpn.AuthorizationRuleArgs{
		ClientVpnEndpointId: endpoint.ID(),
		TargetNetworkCidr:   pulumi.String(args.VpcCIDR),
		AuthorizeAllGroups:  pulumi.Bool(true),
		Description:         pulumi.String("the VPC, nothing else"),
	}, parent); err != nil {
		return nil, err
	}

	v.EndpointID = endpoint.ID().ToStringOutput()
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{"endpointId": v.EndpointID})
}

type certificates struct {
	serverARN  pulumi.StringOutput
	clientCert pulumi.StringOutput
	clientKey  pulumi.StringOutput
}

// generateCertificates makes a CA, a server certificate (imported to ACM)
// and a client certificate, all RSA 2048 as Client VPN requires.
func generateCertificates(ctx *pulumi.Context, names naming.Namer, parent pulumi.ResourceOption) (*certificates, error) {
	key := func(part string) (*tls.PrivateKey, error) {
		return tls.NewPrivateKey(ctx, names.Name("vpn", part), &tls.PrivateKeyArgs{
			Algorithm: pulumi.String("RSA"),
			RsaBits:   pulumi.Int(2048),
		}, parent)
	}
	caKey, err := key("ca")
	if err != nil {
		return nil, err
	}
	ca, err := tls.NewSelfSignedCert(ctx, names.Name("vpn", "ca"), &tls.SelfSignedCertArgs{
		PrivateKeyPem:       caKey.PrivateKeyPem,
		IsCaCertificate:     pulumi.Bool(true),
		ValidityPeriodHours: pulumi.Int(validityHours),
		AllowedUses:         pulumi.ToStringArray([]string{"cert_signing", "crl_signing"}),
		Subject:             &tls.SelfSignedCertSubjectArgs{CommonName: pulumi.String(names.Name("vpn", "ca"))},
	}, parent)
	if err != nil {
		return nil, err
	}
	issue := func(part, commonName string, uses []string) (*tls.PrivateKey, *tls.LocallySignedCert, error) {
		k, err := key(part)
		if err != nil {
			return nil, nil, err
		}
		csr, err := tls.NewCertRequest(ctx, names.Name("vpn", part), &tls.CertRequestArgs{
			PrivateKeyPem: k.PrivateKeyPem,
			DnsNames:      pulumi.StringArray{pulumi.String(commonName)},
			Subject:       &tls.CertRequestSubjectArgs{CommonName: pulumi.String(commonName)},
		}, parent)
		if err != nil {
			return nil, nil, err
		}
		cert, err := tls.NewLocallySignedCert(ctx, names.Name("vpn", part), &tls.LocallySignedCertArgs{
			CertRequestPem:      csr.CertRequestPem,
			CaPrivateKeyPem:     caKey.PrivateKeyPem,
			CaCertPem:           ca.CertPem,
			ValidityPeriodHours: pulumi.Int(validityHours),
			AllowedUses:         pulumi.ToStringArray(uses),
		}, parent)
		return k, cert, err
	}
	serverKey, server, err := issue("server", "server."+names.Name("vpn"), []string{"digital_signature", "key_encipherment", "server_auth"})
	if err != nil {
		return nil, err
	}
	clientKey, client, err := issue("client", "client."+names.Name("vpn"), []string{"digital_signature", "key_encipherment", "client_auth"})
	if err != nil {
		return nil, err
	}
	imported, err := acm.NewCertificate(ctx, names.Name("vpn", "server"), &acm.CertificateArgs{
		PrivateKey:       serverKey.PrivateKeyPem,
		CertificateBody:  server.CertPem,
		CertificateChain: ca.CertPem,
		Tags:             names.Tags("vpn-server"),
	}, parent)
	if err != nil {
		return nil, err
	}
	return &certificates{
		serverARN:  imported.Arn,
		clientCert: client.CertPem,
		clientKey:  pulumi.ToSecret(clientKey.PrivateKeyPem).(pulumi.StringOutput),
	}, nil
}
