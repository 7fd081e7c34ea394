package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/infra/delivery"
	"github.com/podo-tickets/podo/infra/naming"
)

func TestEverySSMParameterIsASecureStringUnderTheStackPath(t *testing.T) {
	var names []string
	for _, p := range ofType(t, "aws:ssm/parameter:Parameter") {
		if p.In["type"] != "SecureString" || p.In["keyId"] == nil {
			t.Errorf("%s: type %v, key %v", p.In["name"], p.In["type"], p.In["keyId"])
		}
		names = append(names, fmt.Sprint(p.In["name"]))
	}
	for _, want := range []string{contract.SSMMySQLPassword, contract.SSMRedisAuthToken, contract.SSMJWTSecret, contract.SSMGoogleClientID, contract.SSMGoogleClientSecret} {
		if !slices.Contains(names, "/podo/dev/"+want) {
			t.Errorf("parameters %v lack /podo/dev/%s", names, want)
		}
	}
}

// rolesTrusting returns the roles whose trust policy names a federated principal containing issuer.
func rolesTrusting(t *testing.T, issuer string) []rec {
	var out []rec
	for _, r := range ofType(t, "aws:iam/role:Role") {
		for _, s := range parsePolicy(t, r.In["assumeRolePolicy"]).Statement {
			if strings.Contains(fmt.Sprint(s.Principal["Federated"]), issuer) {
				out = append(out, r)
				break
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no role trusts %s", issuer)
	}
	return out
}

func TestEveryIRSATrustPolicyNamesExactlyOneServiceAccount(t *testing.T) {
	roles := rolesTrusting(t, testIssuer)
	if len(roles) < 4 {
		t.Errorf("%d IRSA roles, want at least app, load balancer controller, autoscaler, EBS CSI", len(roles))
	}
	for _, r := range roles {
		for _, s := range parsePolicy(t, r.In["assumeRolePolicy"]).Statement {
			if len(s.Condition) != 1 || s.Condition["StringEquals"] == nil {
				t.Errorf("%s: conditions %v, want StringEquals only", r.Name, s.Condition)
			}
			sub, ok := s.Condition["StringEquals"][testIssuer+":sub"].(string)
			if !ok || !strings.HasPrefix(sub, "system:serviceaccount:") || strings.Count(sub, ":") != 3 || strings.Contains(sub, "*") {
				t.Errorf("%s: sub = %v, want one system:serviceaccount:<ns>:<sa>", r.Name, s.Condition["StringEquals"][testIssuer+":sub"])
			}
		}
	}
}

func TestTheAppRoleTrustsTheAppServiceAccount(t *testing.T) {
	r := named(t, "aws:iam/role:Role", "podo-dev-irsa-app")
	sub := parsePolicy(t, r.In["assumeRolePolicy"]).Statement[0].Condition["StringEquals"][testIssuer+":sub"]
	if want := "system:serviceaccount:" + contract.AppNamespace + ":" + contract.ServiceAccountName; sub != want {
		t.Errorf("sub = %v, want %s", sub, want)
	}
}

func TestTheAppPolicyReachesOnlyItsSSMPathAndKey(t *testing.T) {
	var doc policyDoc
	for _, p := range ofType(t, "aws:iam/rolePolicy:RolePolicy") {
		if p.In["role"] == "podo-dev-irsa-app" {
			doc = parsePolicy(t, p.In["policy"])
		}
	}
	if len(doc.Statement) == 0 {
		t.Fatal("the app role has no policy")
	}
	path := "arn:aws:ssm:ap-northeast-2:" + testAccount + ":parameter/podo/dev"
	key := "arn:aws:kms:ap-northeast-2:" + testAccount + ":key/podo-dev-secrets"
	for _, s := range doc.Statement {
		for _, a := range list(s.Action) {
			if !slices.Contains([]string{"ssm:GetParametersByPath", "ssm:GetParameter", "ssm:GetParameters", "kms:Decrypt"}, a) {
				t.Errorf("action %s is more than reading secrets", a)
			}
		}
		for _, res := range list(s.Resource) {
			if res != path && res != path+"/*" && res != key {
				t.Errorf("resource %s is outside %s and its key", res, path)
			}
		}
	}
}

func TestEachGitHubRoleTrustsOnlyJobsInItsOwnEnvironment(t *testing.T) {
	roles := rolesTrusting(t, delivery.GitHubIssuer)
	if len(roles) != 3 {
		t.Errorf("%d GitHub roles, want image, site and pulumi", len(roles))
	}
	names := naming.Namer{Project: "podo", Stack: "dev"}
	for _, role := range []string{delivery.ImageRole, delivery.SiteRole, delivery.PulumiRole} {
		r := named(t, "aws:iam/role:Role", "podo-dev-github-"+role)
		want := "repo:" + stackCfg["podo:githubRepository"] + ":environment:" + delivery.Environment(names, role)
		for _, s := range parsePolicy(t, r.In["assumeRolePolicy"]).Statement {
			eq := s.Condition["StringEquals"]
			if len(s.Condition) != 1 || eq[delivery.GitHubIssuer+":sub"] != want || eq[delivery.GitHubIssuer+":aud"] != "sts.amazonaws.com" {
				t.Errorf("%s: condition %v, want sub %s only", r.Name, s.Condition, want)
			}
		}
	}
}

func TestAStackReusesTheAccountsGitHubOIDCProviderWhenGivenOne(t *testing.T) {
	// IAM allows one provider per URL per account: a second stack, or an
	// account that has one, must not create another (EntityAlreadyExists).
	existing := "arn:aws:iam::" + testAccount + ":oidc-provider/" + delivery.GitHubIssuer
	recs := runAlone(t, func(ctx *pulumi.Context) error {
		var eks struct{ pulumi.ResourceState }
		if err := ctx.RegisterComponentResource("test:index:Cluster", "eks", &eks); err != nil {
			return err
		}
		_, err := delivery.New(ctx, "delivery", &delivery.Args{
			Names: naming.Namer{Project: "podo", Stack: "prod"}, Repository: "podo-tickets/podo", OIDCProviderARN: existing,
			SiteBucketARN: pulumi.String("arn:aws:s3:::site"), DistributionARN: pulumi.String("arn:aws:cloudfront::1:distribution/X"),
			ClusterName: "podo-prod-eks", Cluster: &eks,
		})
		return err
	})
	roles := 0
	for _, r := range recs {
		switch r.Type {
		case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
			t.Errorf("created %s although the account's provider was given", r.Name)
		case "aws:iam/role:Role":
			roles++
			if p := parsePolicy(t, r.In["assumeRolePolicy"]).Statement[0].Principal["Federated"]; p != existing {
				t.Errorf("%s trusts %v, want the given provider", r.Name, p)
			}
		}
	}
	if roles != 3 {
		t.Errorf("%d roles, want 3", roles)
	}
	// The dev stack names none, so it creates the account's one.
	if stackCfg["podo:githubOidcProviderArn"] == "" {
		ofType(t, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
	}
}

func TestTheImageRepositoryScansOnPushAndExpiresOldImages(t *testing.T) {
	repo := ofType(t, "aws:ecr/repository:Repository")[0]
	if get(repo.In, "imageScanningConfiguration", "scanOnPush") != true {
		t.Error("no scan on push")
	}
	ofType(t, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
}
