// Package cluster builds the EKS cluster the booking service runs on: the
// control plane (pulumi-eks, access entries, OIDC provider for IRSA, control
// plane logs), a managed node group on Amazon Linux 2023 in the private
// subnets, the EBS CSI add-on, and the cluster's own controllers as Helm
// releases: the AWS Load Balancer Controller, cluster-autoscaler and
// metrics-server.
package cluster

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-eks/sdk/v3/go/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/naming"
)

// Args are the inputs of the cluster.
type Args struct {
	Names            naming.Namer
	Region           string
	Version          string
	VpcID            pulumi.StringInput
	PublicSubnetIDs  pulumi.StringArrayInput
	PrivateSubnetIDs pulumi.StringArrayInput
	// PublicAccessCIDRs may reach the Kubernetes API endpoint (pulumi, kubectl).
	PublicAccessCIDRs []string
	InstanceTypes     []string
	// LogRetentionDays is how long the control plane's logs are kept.
	LogRetentionDays int
	NodesMin         int
	NodesDesired     int
	NodesMax         int
}

// Cluster is the EKS cluster and its system controllers.
type Cluster struct {
	pulumi.ResourceState

	Name string
	// Kubeconfig is the cluster's kubeconfig (JSON, secret).
	Kubeconfig pulumi.StringOutput
	OIDC       irsa.OIDC
	// NodeSecurityGroupID is the EKS-created security group on every managed
	// node, and so on every pod (VPC CNI): the source the data stores admit.
	NodeSecurityGroupID pulumi.StringOutput
	// ClusterSecurityGroupID guards the private API endpoint (443).
	ClusterSecurityGroupID pulumi.StringOutput
	// Provider deploys Kubernetes objects to this cluster.
	Provider *kubernetes.Provider
	// LoadBalancerController is the Helm release that turns Ingresses into
	// ALBs; workloads depend on it.
	LoadBalancerController pulumi.Resource
}

// Name is the EKS cluster's name, which the subnets are tagged with before the cluster exists.
func Name(names naming.Namer) string { return names.Name("eks") }

// Chart versions, pinned so that an up is reproducible.
const (
	eksChartsRepo            = "https://aws.github.io/eks-charts"
	loadBalancerChartVersion = "1.13.2" // controller v2.13.2
	// AutoscalerChartVersion runs cluster-autoscaler 1.35.0, which must match
	// the cluster's minor version (AutoscalerMinor).
	AutoscalerChartVersion = "9.59.0"
	AutoscalerMinor        = "1.35"
	metricsServerVersion   = "3.12.2"
	systemNamespace        = "kube-system"
	loadBalancerSA         = "aws-load-balancer-controller"
	autoscalerSA           = "cluster-autoscaler"
	ebsCSISA               = "ebs-csi-controller-sa"
)

// New builds the cluster.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Cluster, error) {
	c := &Cluster{Name: Name(args.Names)}
	if err := ctx.RegisterComponentResource("podo:cluster:Cluster", name, c, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(c)

	nodeRole, err := iam.NewRole(ctx, names.Name("nodes"), &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		Tags:             names.Tags("nodes"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, policy := range []string{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"} {
		if _, err := iam.NewRolePolicyAttachment(ctx, names.Name("nodes", policy), &iam.RolePolicyAttachmentArgs{
			Role:      nodeRole.Name,
			PolicyArn: pulumi.String("arn:aws:iam::aws:policy/" + policy),
		}, parent); err != nil {
			return nil, err
		}
	}

	// EKS writes control plane logs to this group; made here first, it has a
	// retention instead of keeping audit logs forever.
	controlPlaneLogs, err := cloudwatch.NewLogGroup(ctx, names.Name("eks", "logs"), &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/eks/" + c.Name + "/cluster"),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            names.Tags("eks-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}

	cidrs := pulumi.ToStringArray(args.PublicAccessCIDRs)
	// Access entries only: no aws-auth ConfigMap to drift.
	apiAuth := eks.AuthenticationModeApi
	eksCluster, err := eks.NewCluster(ctx, names.Name("eks"), &eks.ClusterArgs{
		Name:                         pulumi.String(c.Name),
		Version:                      pulumi.String(args.Version),
		VpcId:                        args.VpcID,
		PublicSubnetIds:              args.PublicSubnetIDs,
		PrivateSubnetIds:             args.PrivateSubnetIDs,
		NodeAssociatePublicIpAddress: pulumi.BoolRef(false),
		EndpointPrivateAccess:        pulumi.Bool(true),
		EndpointPublicAccess:         pulumi.Bool(true),
		PublicAccessCidrs:            cidrs,
		AuthenticationMode:           &apiAuth,
		CreateOidcProvider:           pulumi.Bool(true),
		SkipDefaultNodeGroup:         pulumi.BoolRef(true),
		SkipDefaultSecurityGroups:    pulumi.BoolRef(true),
		EnabledClusterLogTypes:       pulumi.ToStringArray([]string{"api", "audit", "authenticator", "controllerManager", "scheduler"}),
		Tags:                         names.Tags("eks"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{controlPlaneLogs}))
	if err != nil {
		return nil, err
	}
	c.Kubeconfig = pulumi.ToSecret(eksCluster.KubeconfigJson).(pulumi.StringOutput)
	c.OIDC = irsa.OIDC{ProviderARN: eksCluster.OidcProviderArn, Issuer: eksCluster.OidcIssuer}
	c.NodeSecurityGroupID = eksCluster.NodeSecurityGroupId
	c.ClusterSecurityGroupID = eksCluster.ClusterSecurityGroupId

	nodes, err := eks.NewManagedNodeGroup(ctx, names.Name("nodes"), &eks.ManagedNodeGroupArgs{
		Cluster:       eksCluster,
		NodeRoleArn:   nodeRole.Arn,
		SubnetIds:     args.PrivateSubnetIDs,
		AmiType:       pulumi.String("AL2023_x86_64_STANDARD"),
		InstanceTypes: pulumi.ToStringArray(args.InstanceTypes),
		ScalingConfig: &awseks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(args.NodesMin),
			DesiredSize: pulumi.Int(args.NodesDesired),
			MaxSize:     pulumi.Int(args.NodesMax),
		},
		// The autoscaler owns the desired size once the group exists.
		IgnoreScalingChanges: pulumi.BoolRef(true),
		EnableIMDSv2:         pulumi.BoolRef(true),
		Tags:                 names.Tags("nodes"),
	}, parent)
	if err != nil {
		return nil, err
	}

	// pulumi-eks makes CoreDNS a managed add-on only with its default node
	// group or Fargate; without this EKS's self-managed copy is never
	// upgraded with the cluster. It needs nodes to run on, and takes over
	// the copy EKS installed.
	if _, err := awseks.NewAddon(ctx, names.Name("coredns"), &awseks.AddonArgs{
		ClusterName:              pulumi.String(c.Name),
		AddonName:                pulumi.String("coredns"),
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
		Tags:                     names.Tags("coredns"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{nodes})); err != nil {
		return nil, err
	}

	ebsRole, err := irsa.New(ctx, names.Name("irsa", "ebs-csi"), &irsa.Args{
		Names: names, OIDC: c.OIDC, Namespace: systemNamespace, ServiceAccount: ebsCSISA,
		ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"},
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := awseks.NewAddon(ctx, names.Name("ebs-csi"), &awseks.AddonArgs{
		ClusterName:           pulumi.String(c.Name),
		AddonName:             pulumi.String("aws-ebs-csi-driver"),
		ServiceAccountRoleArn: ebsRole.ARN,
		Tags:                  names.Tags("ebs-csi"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{eksCluster})); err != nil {
		return nil, err
	}

	c.Provider, err = kubernetes.NewProvider(ctx, names.Name("k8s"), &kubernetes.ProviderArgs{
		Kubeconfig:            c.Kubeconfig,
		EnableServerSideApply: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	k8s := []pulumi.ResourceOption{parent, pulumi.Provider(c.Provider)}

	lbRole, err := irsa.New(ctx, names.Name("irsa", "lb-controller"), &irsa.Args{
		Names: names, OIDC: c.OIDC, Namespace: systemNamespace, ServiceAccount: loadBalancerSA,
		Policy: pulumi.String(LoadBalancerControllerPolicy),
	}, parent)
	if err != nil {
		return nil, err
	}
	lb, err := helmv4.NewChart(ctx, names.Name("lb-controller"), &helmv4.ChartArgs{
		Chart:          pulumi.String("aws-load-balancer-controller"),
		Version:        pulumi.String(loadBalancerChartVersion),
		Namespace:      pulumi.String(systemNamespace),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String(eksChartsRepo)},
		Values: pulumi.Map{
			"clusterName": pulumi.String(c.Name),
			"region":      pulumi.String(args.Region),
			"vpcId":       args.VpcID,
			"serviceAccount": pulumi.Map{
				"name":        pulumi.String(loadBalancerSA),
				"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": lbRole.ARN},
			},
		},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	c.LoadBalancerController = lb
	// Every Service created while the controller's Service webhook
	// (failurePolicy Fail) has no endpoints is rejected, and not retried:
	// charts with Services come after the controller.
	afterLB := append(k8s, pulumi.DependsOn([]pulumi.Resource{lb}))

	autoscalerRole, err := irsa.New(ctx, names.Name("irsa", "autoscaler"), &irsa.Args{
		Names: names, OIDC: c.OIDC, Namespace: systemNamespace, ServiceAccount: autoscalerSA,
		Policy: pulumi.String(autoscalerPolicy(c.Name)),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := helmv4.NewChart(ctx, names.Name("autoscaler"), &helmv4.ChartArgs{
		Chart:          pulumi.String("cluster-autoscaler"),
		Version:        pulumi.String(AutoscalerChartVersion),
		Namespace:      pulumi.String(systemNamespace),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String("https://kubernetes.github.io/autoscaler")},
		Values: pulumi.Map{
			"awsRegion":     pulumi.String(args.Region),
			"autoDiscovery": pulumi.Map{"clusterName": pulumi.String(c.Name)},
			"extraArgs": pulumi.Map{
				"expander":                    pulumi.String("least-waste"),
				"balance-similar-node-groups": pulumi.Bool(true),
				"skip-nodes-with-system-pods": pulumi.Bool(false),
			},
			"rbac": pulumi.Map{"serviceAccount": pulumi.Map{
				"name":        pulumi.String(autoscalerSA),
				"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": autoscalerRole.ARN},
			}},
		},
	}, afterLB...); err != nil {
		return nil, err
	}

	if _, err := helmv4.NewChart(ctx, names.Name("metrics-server"), &helmv4.ChartArgs{
		Chart:          pulumi.String("metrics-server"),
		Version:        pulumi.String(metricsServerVersion),
		Namespace:      pulumi.String(systemNamespace),
		RepositoryOpts: &helmv4.RepositoryOptsArgs{Repo: pulumi.String("https://kubernetes-sigs.github.io/metrics-server/")},
	}, afterLB...); err != nil {
		return nil, err
	}

	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"name":                pulumi.String(c.Name),
		"oidcProviderArn":     c.OIDC.ProviderARN,
		"nodeSecurityGroupId": c.NodeSecurityGroupID,
	})
}
