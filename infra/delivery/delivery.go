// Package delivery is how code reaches the stack: the ECR repository for the
// service's image, and the roles GitHub Actions assumes through OIDC, one per
// job (push the image, deploy the SPA, run pulumi). Each role trusts only
// jobs of this repository that run in its own GitHub environment
// (<stack>-image, <stack>-site, <stack>-pulumi), so a token minted in one job
// cannot assume another job's role; each environment admits the deploy
// branch only (set in the repository's settings, see README.md).
package delivery

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/naming"
)

// GitHubIssuer is the host of GitHub Actions' OIDC tokens.
const GitHubIssuer = "token.actions.githubusercontent.com"

// Args are the inputs of delivery.
type Args struct {
	Names naming.Namer
	// Repository is "owner/name" on GitHub.
	Repository string
	// OIDCProviderARN is the account's GitHub OIDC provider when it already
	// has one (IAM allows one per URL per account); empty creates it.
	OIDCProviderARN string
	// SiteBucketARN and DistributionARN are what the SPA deploy may touch.
	SiteBucketARN   pulumi.StringInput
	DistributionARN pulumi.StringInput
	// ClusterName gets an access entry for the pulumi role.
	ClusterName string
	// Cluster is waited for before the access entry is made.
	Cluster pulumi.Resource
}

// Delivery is the image repository and the GitHub roles.
type Delivery struct {
	pulumi.ResourceState

	RepositoryURL pulumi.StringOutput
	ImageRoleARN  pulumi.StringOutput
	SiteRoleARN   pulumi.StringOutput
	PulumiRoleARN pulumi.StringOutput
}

// New builds the repository, the OIDC provider and the roles.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Delivery, error) {
	d := &Delivery{}
	if err := ctx.RegisterComponentResource("podo:delivery:Delivery", name, d, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(d)

	repo, err := ecr.NewRepository(ctx, names.Name("api"), &ecr.RepositoryArgs{
		Name:                       pulumi.String(names.Project + "/" + names.Stack + "/api"),
		ImageTagMutability:         pulumi.String("IMMUTABLE"),
		ImageScanningConfiguration: &ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		EncryptionConfigurations:   ecr.RepositoryEncryptionConfigurationArray{&ecr.RepositoryEncryptionConfigurationArgs{EncryptionType: pulumi.String("KMS")}},
		Tags:                       names.Tags("api"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ecr.NewLifecyclePolicy(ctx, names.Name("api"), &ecr.LifecyclePolicyArgs{
		Repository: repo.Name,
		Policy: pulumi.String(`{"rules":[` +
			`{"rulePriority":1,"description":"drop untagged images after a week","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}},` +
			`{"rulePriority":2,"description":"keep the last 50 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}}]}`),
	}, parent); err != nil {
		return nil, err
	}

	providerARN := pulumi.String(args.OIDCProviderARN).ToStringOutput()
	if args.OIDCProviderARN == "" {
		provider, err := iam.NewOpenIdConnectProvider(ctx, names.Name("github"), &iam.OpenIdConnectProviderArgs{
			Url:           pulumi.String("https://" + GitHubIssuer),
			ClientIdLists: pulumi.StringArray{pulumi.String("sts.amazonaws.com")},
			Tags:          names.Tags("github"),
		}, parent)
		if err != nil {
			return nil, err
		}
		providerARN = provider.Arn
	}
	role := func(part, description string, policy pulumi.StringInput, managed string) (*iam.Role, error) {
		r, err := iam.NewRole(ctx, names.Name("github", part), &iam.RoleArgs{
			Description:      pulumi.String(description),
			AssumeRolePolicy: TrustPolicy(providerARN, args.Repository, Environment(names, part)),
			Tags:             names.Tags("github-" + part),
		}, parent)
		if err != nil {
			return nil, err
		}
		if policy != nil {
			if _, err := iam.NewRolePolicy(ctx, names.Name("github", part), &iam.RolePolicyArgs{Role: r.Name, Policy: policy}, parent); err != nil {
				return nil, err
			}
		}
		if managed != "" {
			if _, err := iam.NewRolePolicyAttachment(ctx, names.Name("github", part), &iam.RolePolicyAttachmentArgs{Role: r.Name, PolicyArn: pulumi.String(managed)}, parent); err != nil {
				return nil, err
			}
		}
		return r, nil
	}

	imagePolicy := repo.Arn.ApplyT(func(arn string) (string, error) {
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{
			{Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*"},
			{Effect: "Allow", Action: []string{
				"ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
				"ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
			}, Resource: arn},
		}})
	}).(pulumi.StringOutput)
	image, err := role(ImageRole, "GitHub Actions pushes the API image", imagePolicy, "")
	if err != nil {
		return nil, err
	}

	sitePolicy := pulumi.All(args.SiteBucketARN, args.DistributionARN).ApplyT(func(v []any) (string, error) {
		bucket, dist := v[0].(string), v[1].(string)
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{
			{Effect: "Allow", Action: "s3:ListBucket", Resource: bucket},
			{Effect: "Allow", Action: []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, Resource: bucket + "/*"},
			{Effect: "Allow", Action: []string{"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"}, Resource: dist},
		}})
	}).(pulumi.StringOutput)
	site, err := role(SiteRole, "GitHub Actions syncs the SPA and invalidates CloudFront", sitePolicy, "")
	if err != nil {
		return nil, err
	}

	// pulumi up creates and changes everything in this program, IAM included,
	// so its role is an administrator; the trust policy is what narrows it.
	deploy, err := role(PulumiRole, "GitHub Actions runs pulumi preview/up", nil, "arn:aws:iam::aws:policy/AdministratorAccess")
	if err != nil {
		return nil, err
	}
	entry, err := eks.NewAccessEntry(ctx, names.Name("github", "pulumi"), &eks.AccessEntryArgs{
		ClusterName:  pulumi.String(args.ClusterName),
		PrincipalArn: deploy.Arn,
		Type:         pulumi.String("STANDARD"),
		Tags:         names.Tags("github-pulumi"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{args.Cluster}))
	if err != nil {
		return nil, err
	}
	if _, err := eks.NewAccessPolicyAssociation(ctx, names.Name("github", "pulumi"), &eks.AccessPolicyAssociationArgs{
		ClusterName:  pulumi.String(args.ClusterName),
		PrincipalArn: entry.PrincipalArn,
		PolicyArn:    pulumi.String("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"),
		AccessScope:  &eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
	}, parent); err != nil {
		return nil, err
	}

	d.RepositoryURL = repo.RepositoryUrl
	d.ImageRoleARN = image.Arn
	d.SiteRoleARN = site.Arn
	d.PulumiRoleARN = deploy.Arn
	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{
		"repositoryUrl": d.RepositoryURL,
		"imageRoleArn":  d.ImageRoleARN,
		"siteRoleArn":   d.SiteRoleARN,
		"pulumiRoleArn": d.PulumiRoleARN,
	})
}

// Environment is the GitHub environment whose jobs may assume a role
// ("dev-pulumi" for the dev stack's pulumi role).
func Environment(names naming.Namer, role string) string { return names.Stack + "-" + role }

// The GitHub roles, by the part of their name and of their environment.
const (
	ImageRole  = "image"
	SiteRole   = "site"
	PulumiRole = "pulumi"
)

// TrustPolicy lets jobs of one repository in one GitHub environment assume a role.
func TrustPolicy(providerARN pulumi.StringOutput, repository, environment string) pulumi.StringOutput {
	return providerARN.ApplyT(func(arn string) (string, error) {
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{{
			Effect:    "Allow",
			Principal: map[string]any{"Federated": arn},
			Action:    "sts:AssumeRoleWithWebIdentity",
			Condition: map[string]map[string]any{"StringEquals": {
				GitHubIssuer + ":aud": "sts.amazonaws.com",
				GitHubIssuer + ":sub": "repo:" + repository + ":environment:" + environment,
			}},
		}}})
	}).(pulumi.StringOutput)
}
