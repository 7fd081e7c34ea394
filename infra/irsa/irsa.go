// Package irsa builds IAM roles for Kubernetes service accounts (IRSA): each
// role trusts the cluster's OIDC provider for exactly one
// namespace:serviceaccount and carries one inline policy.
package irsa

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/naming"
)

// OIDC is the cluster's identity provider, as the roles' trust policies need it.
type OIDC struct {
	// ProviderARN is the IAM OIDC provider's ARN.
	ProviderARN pulumi.StringOutput
	// Issuer is the issuer URL without https:// (oidc.eks.<region>.amazonaws.com/id/...).
	Issuer pulumi.StringOutput
}

// Args are the inputs of one IRSA role.
type Args struct {
	Names          naming.Namer
	OIDC           OIDC
	Namespace      string
	ServiceAccount string
	// Policy is the role's inline policy document (JSON). Empty means none.
	Policy pulumi.StringInput
	// ManagedPolicyARNs are AWS managed policies attached to the role.
	ManagedPolicyARNs []string
}

// Role is an IAM role that one service account may assume.
type Role struct {
	pulumi.ResourceState

	ARN pulumi.StringOutput
}

// New builds the role, its inline policy and its managed policy attachments.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Role, error) {
	r := &Role{}
	if err := ctx.RegisterComponentResource("podo:irsa:Role", name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.Sprintf("IRSA role of %s:%s", args.Namespace, args.ServiceAccount),
		AssumeRolePolicy: TrustPolicy(args.OIDC, args.Namespace, args.ServiceAccount),
		Tags:             args.Names.Tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if args.Policy != nil {
		if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: args.Policy,
		}, parent); err != nil {
			return nil, err
		}
	}
	for _, arn := range args.ManagedPolicyARNs {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-"+lastSegment(arn), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(arn),
		}, parent); err != nil {
			return nil, err
		}
	}
	r.ARN = role.Arn
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"arn": role.Arn})
}

// TrustPolicy lets exactly system:serviceaccount:<namespace>:<serviceAccount>
// assume a role through the cluster's OIDC provider.
func TrustPolicy(oidc OIDC, namespace, serviceAccount string) pulumi.StringOutput {
	return pulumi.All(oidc.ProviderARN, oidc.Issuer).ApplyT(func(v []any) (string, error) {
		arn, issuer := v[0].(string), v[1].(string)
		return JSON(Policy{Statement: []Statement{{
			Effect:    "Allow",
			Principal: map[string]any{"Federated": arn},
			Action:    "sts:AssumeRoleWithWebIdentity",
			Condition: map[string]map[string]any{"StringEquals": {
				issuer + ":sub": "system:serviceaccount:" + namespace + ":" + serviceAccount,
				issuer + ":aud": "sts.amazonaws.com",
			}},
		}}})
	}).(pulumi.StringOutput)
}

// Policy is an IAM policy document.
type Policy struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of an IAM policy document.
type Statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal map[string]any            `json:"Principal,omitempty"`
	Action    any                       `json:"Action"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// JSON renders a policy document, filling in the version.
func JSON(p Policy) (string, error) {
	p.Version = "2012-10-17"
	b, err := json.Marshal(p)
	return string(b), err
}

func lastSegment(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == '/' {
			return arn[i+1:]
		}
	}
	return arn
}
