// Package vpn builds the AWS Client VPN endpoint engineers use to reach the
// private parts of the stack (RDS, Redis, internal dashboards): mutual TLS,
// split tunnel (only VPC traffic goes through it), associated with the
// private subnets, authorised for the VPC range only, connections logged.
//
// Certificates: a stack may pass ACM ARNs of its own server certificate and
// client root chain; otherwise the program generates a CA, a server
// certificate and one client certificate per engineer (the keys are stack
// secrets). Who may connect is decided again at every connection by a client
// connect handler that admits only the certificates of the engineers listed
// now: taking a name off the list revokes that engineer's certificate.
// Certificates are re-issued in the last RenewalHours of their validity by
// any pulumi up with --refresh (the pulumi workflow always refreshes).
package vpn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2clientvpn"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
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
	// Engineers may connect, each with their own certificate (common name
	// <engineer>.client.<endpoint>); the list is the revocation list.
	Engineers        []string
	LogRetentionDays int
}

// VPN is the Client VPN endpoint.
type VPN struct {
	pulumi.ResourceState

	EndpointID pulumi.StringOutput
	// Clients are each engineer's certificate, key and expiry, when the
	// program generated the certificates; they go into the engineer's
	// .ovpn file.
	Clients pulumi.MapOutput
}

// Validity and renewal of the generated certificates, in hours. A
// certificate is re-issued once fewer than RenewalHours of its validity are
// left; the CA lasts longest because re-issuing it re-issues everything.
const (
	CAValidityHours     = 24 * 365 * 10
	ServerValidityHours = 24 * 365 * 2
	ClientValidityHours = 24 * 365
	RenewalHours        = 24 * 30
)

// CommonName is the client certificate common name of one engineer.
func CommonName(names naming.Namer, engineer string) string {
	return engineer + ".client." + names.Name("vpn")
}

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
		certs, err := generateCertificates(ctx, names, args.Engineers, parent)
		if err != nil {
			return nil, err
		}
		// The client certificates are issued by the same CA as the server's,
		// so the server certificate's chain authenticates clients too.
		serverARN, clientRootARN = certs.serverARN, certs.serverARN
		v.Clients = pulumi.ToSecret(certs.clients).(pulumi.MapOutput)
	}

	handler, err := connectHandler(ctx, names, args, parent)
	if err != nil {
		return nil, err
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
		ClientConnectOptions: &ec2clientvpn.EndpointClientConnectOptionsArgs{
			Enabled:           pulumi.Bool(true),
			LambdaFunctionArn: handler.Arn,
		},
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

// connectHandlerCode admits a connection when its certificate's common name
// is in ALLOWED_COMMON_NAMES (Client VPN's client connect handler interface).
const connectHandlerCode = `const allowed = new Set((process.env.ALLOWED_COMMON_NAMES || "").split(",").filter(Boolean));
export const handler = async (event) => {
  const allow = allowed.has(event["common-name"]);
  return {
    "allow": allow,
    "error-msg-on-denied-connection": allow ? "" : "This certificate is no longer allowed on the Podo VPN.",
    "posture-compliance-statuses": [],
    "schema-version": "v3",
  };
};
`

// connectHandler is the Lambda function Client VPN asks at every new
// connection (its name must start with AWSClientVPN-).
func connectHandler(ctx *pulumi.Context, names naming.Namer, args *Args, parent pulumi.ResourceOption) (*lambda.Function, error) {
	name := "AWSClientVPN-" + names.Name("vpn-connect")
	if _, err := cloudwatch.NewLogGroup(ctx, names.Name("vpn-connect"), &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/lambda/" + name),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            names.Tags("vpn-connect"),
	}, parent); err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, names.Name("vpn-connect"), &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		Tags:             names.Tags("vpn-connect"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, names.Name("vpn-connect"), &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
	}, parent); err != nil {
		return nil, err
	}
	var allowed []string
	for _, e := range slices.Sorted(slices.Values(args.Engineers)) {
		allowed = append(allowed, CommonName(names, e))
	}
	return lambda.NewFunction(ctx, names.Name("vpn-connect"), &lambda.FunctionArgs{
		Name:    pulumi.String(name),
		Role:    role.Arn,
		Runtime: pulumi.String("nodejs22.x"),
		Handler: pulumi.String("index.handler"),
		Code:    pulumi.NewAssetArchive(map[string]any{"index.mjs": pulumi.NewStringAsset(connectHandlerCode)}),
		Timeout: pulumi.Int(10),
		Environment: &lambda.FunctionEnvironmentArgs{Variables: pulumi.StringMap{
			"ALLOWED_COMMON_NAMES": pulumi.String(strings.Join(allowed, ",")),
		}},
		Tags: names.Tags("vpn-connect"),
	}, parent)
}

type certificates struct {
	serverARN pulumi.StringOutput
	// clients maps each engineer to {certificate, key, expires}.
	clients pulumi.MapOutput
}

// generateCertificates makes a CA, a server certificate (imported to ACM)
// and a client certificate per engineer, all RSA 2048 as Client VPN requires.
func generateCertificates(ctx *pulumi.Context, names naming.Namer, engineers []string, parent pulumi.ResourceOption) (*certificates, error) {
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
		ValidityPeriodHours: pulumi.Int(CAValidityHours),
		EarlyRenewalHours:   pulumi.Int(RenewalHours),
		AllowedUses:         pulumi.ToStringArray([]string{"cert_signing", "crl_signing"}),
		Subject:             &tls.SelfSignedCertSubjectArgs{CommonName: pulumi.String(names.Name("vpn", "ca"))},
	}, parent)
	if err != nil {
		return nil, err
	}
	issue := func(part, commonName string, validity int, uses []string) (*tls.PrivateKey, *tls.LocallySignedCert, error) {
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
			ValidityPeriodHours: pulumi.Int(validity),
			EarlyRenewalHours:   pulumi.Int(RenewalHours),
			AllowedUses:         pulumi.ToStringArray(uses),
		}, parent)
		return k, cert, err
	}
	serverKey, server, err := issue("server", "server."+names.Name("vpn"), ServerValidityHours, []string{"digital_signature", "key_encipherment", "server_auth"})
	if err != nil {
		return nil, err
	}
	clients := pulumi.Map{}
	for _, engineer := range engineers {
		k, cert, err := issue("client-"+engineer, CommonName(names, engineer), ClientValidityHours, []string{"digital_signature", "key_encipherment", "client_auth"})
		if err != nil {
			return nil, err
		}
		clients[engineer] = pulumi.Map{"certificate": cert.CertPem, "key": k.PrivateKeyPem, "expires": cert.ValidityEndTime}
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
	return &certificates{serverARN: imported.Arn, clients: clients.ToMapOutput()}, nil
}
