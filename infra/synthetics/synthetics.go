// Package synthetics is the outside view of the estate: a CloudWatch
// Synthetics canary that, every few minutes and from outside the VPC, asks the
// public site for its page and the API for its readiness, through DNS, TLS
// (the certificates are checked), CloudFront and the load balancer, the way a
// buyer's browser does. Its SuccessPercent metric is what the site-unreachable
// alarm watches (package alarms), so a failure that no in-cluster signal can
// see (a DNS record, an expired certificate, CloudFront or the ALB) still pages.
package synthetics

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/synthetics"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/naming"
)

// Runtime is the canary's Synthetics runtime (Node.js).
const Runtime = "syn-nodejs-puppeteer-9.1"

// Schedule is how often the canary runs; the alarm counts in runs.
const Schedule = "rate(5 minutes)"

// script is the canary: a GET of every URL in PODO_CHECK_URLS, each one a step
// that fails unless the answer is 200.
//
//go:embed canary.js
var script string

// Args are the inputs of the canary.
type Args struct {
	Names     naming.Namer
	Region    string
	AccountID string
	// URLs are the HTTPS addresses that must answer 200.
	URLs []string
}

// Canary is the synthetic check.
type Canary struct {
	pulumi.ResourceState

	// Name is the canary's name, the CanaryName dimension of its metrics.
	Name string
}

// Name is the canary's name: at most 21 lowercase characters, AWS's limit.
func Name(names naming.Namer) (string, error) {
	n := names.Name("site")
	if len(n) > 21 || strings.ToLower(n) != n {
		return "", fmt.Errorf("synthetics: canary name %q is longer than 21 characters or not lowercase", n)
	}
	return n, nil
}

// New builds the canary, its artifact bucket and its role.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Canary, error) {
	c := &Canary{}
	if err := ctx.RegisterComponentResource("podo:synthetics:Canary", name, c, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(c)
	canaryName, err := Name(names)
	if err != nil {
		return nil, err
	}
	c.Name = canaryName

	// The code and the runs' artifacts (screenshots, HAR files, logs), private and expiring.
	bucket, err := s3.NewBucketV2(ctx, names.Name("canary"), &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(true),
		Tags:         names.Tags("canary"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketPublicAccessBlock(ctx, names.Name("canary"), &s3.BucketPublicAccessBlockArgs{
		Bucket: bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, parent); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, names.Name("canary"), &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, names.Name("canary"), &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-runs"), Status: pulumi.String("Enabled"),
			Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("runs/")},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(14)},
		}},
	}, parent); err != nil {
		return nil, err
	}

	// The key names the script's content, so a changed script is a new key and the canary is updated.
	sum := sha256.Sum256([]byte(script))
	key := "code/canary-" + hex.EncodeToString(sum[:6]) + ".zip"
	code, err := s3.NewBucketObjectv2(ctx, names.Name("canary", "code"), &s3.BucketObjectv2Args{
		Bucket: bucket.ID(),
		Key:    pulumi.String(key),
		// Node.js canaries load their handler from nodejs/node_modules/.
		Source: pulumi.NewAssetArchive(map[string]any{"nodejs/node_modules/podo.js": pulumi.NewStringAsset(script)}),
		Tags:   names.Tags("canary-code"),
	}, parent)
	if err != nil {
		return nil, err
	}

	trust, err := irsa.JSON(irsa.Policy{Statement: []irsa.Statement{{
		Effect: "Allow", Principal: map[string]any{"Service": "lambda.amazonaws.com"}, Action: "sts:AssumeRole",
	}}})
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, names.Name("canary"), &iam.RoleArgs{
		Description:      pulumi.String("The synthetic check of the site and the API"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             names.Tags("canary"),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy := bucket.Arn.ApplyT(func(arn string) (string, error) {
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{
			{Effect: "Allow", Action: []string{"s3:PutObject", "s3:GetObject"}, Resource: arn + "/*"},
			{Effect: "Allow", Action: "s3:GetBucketLocation", Resource: arn},
			{Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*"},
			{Effect: "Allow", Action: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
				Resource: fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/cwsyn-%s-*", args.Region, args.AccountID, canaryName)},
			{Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
				Condition: map[string]map[string]any{"StringEquals": {"cloudwatch:namespace": "CloudWatchSynthetics"}}},
		}})
	}).(pulumi.StringOutput)
	rolePolicy, err := iam.NewRolePolicy(ctx, names.Name("canary"), &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, parent)
	if err != nil {
		return nil, err
	}

	if _, err := synthetics.NewCanary(ctx, canaryName, &synthetics.CanaryArgs{
		Name:               pulumi.String(canaryName),
		ArtifactS3Location: pulumi.Sprintf("s3://%s/runs/", bucket.Bucket),
		ExecutionRoleArn:   role.Arn,
		Handler:            pulumi.String("podo.handler"),
		RuntimeVersion:     pulumi.String(Runtime),
		S3Bucket:           bucket.Bucket,
		S3Key:              code.Key,
		Schedule:           &synthetics.CanaryScheduleArgs{Expression: pulumi.String(Schedule)},
		RunConfig: &synthetics.CanaryRunConfigArgs{
			TimeoutInSeconds:     pulumi.Int(60),
			EnvironmentVariables: pulumi.StringMap{"PODO_CHECK_URLS": pulumi.String(strings.Join(args.URLs, " "))},
		},
		StartCanary:            pulumi.Bool(true),
		SuccessRetentionPeriod: pulumi.Int(7),
		FailureRetentionPeriod: pulumi.Int(14),
		Tags:                   names.Tags("site-canary"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{rolePolicy})); err != nil {
		return nil, err
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"name": pulumi.String(c.Name)})
}
