// Package secrets holds the service's secrets as SSM SecureString parameters
// under the stack's path (/podo/<stack>/), encrypted with a key of their own.
// The passwords the program generates (database, Redis AUTH token, JWT
// signing key) live only here and in the resources that must be set with
// them; the service reads them at start through its IRSA role.
package secrets

import (
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/naming"
)

// Args are the inputs of the secrets store.
type Args struct {
	Names naming.Namer
	// GoogleClientID and GoogleClientSecret come from the stack's secret config.
	GoogleClientID     pulumi.StringInput
	GoogleClientSecret pulumi.StringInput
}

// Secrets are the parameters and the key that encrypts them.
type Secrets struct {
	pulumi.ResourceState

	// Path is the parameter path, "/podo/<stack>/".
	Path   string
	KeyARN pulumi.StringOutput
	// MySQLPassword and RedisAuthToken are generated here; the database and
	// the cache are created with them.
	MySQLPassword  pulumi.StringOutput
	RedisAuthToken pulumi.StringOutput
}

// New generates the passwords and stores every secret.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Secrets, error) {
	names := args.Names
	s := &Secrets{Path: names.Path()}
	if err := ctx.RegisterComponentResource("podo:secrets:Secrets", name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)

	key, err := kms.NewKey(ctx, names.Name("secrets"), &kms.KeyArgs{
		Description:       pulumi.Sprintf("Encrypts the SecureString parameters under %s", s.Path),
		EnableKeyRotation: pulumi.Bool(true),
		Tags:              names.Tags("secrets"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := kms.NewAlias(ctx, names.Name("secrets"), &kms.AliasArgs{
		Name:        pulumi.String("alias/" + names.Name("secrets")),
		TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, err
	}
	s.KeyARN = key.Arn

	// Letters and digits only: the values travel through DSNs, AUTH
	// commands and shells, and RDS refuses some punctuation.
	generate := func(part string, length int) (pulumi.StringOutput, error) {
		p, err := random.NewRandomPassword(ctx, names.Name(part), &random.RandomPasswordArgs{
			Length:  pulumi.Int(length),
			Special: pulumi.Bool(false),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		return p.Result, nil
	}
	if s.MySQLPassword, err = generate("mysql-password", 32); err != nil {
		return nil, err
	}
	if s.RedisAuthToken, err = generate("redis-auth-token", 64); err != nil {
		return nil, err
	}
	jwt, err := generate("jwt-secret", 64)
	if err != nil {
		return nil, err
	}

	values := map[string]pulumi.StringInput{
		contract.SSMMySQLPassword:      s.MySQLPassword,
		contract.SSMRedisAuthToken:     s.RedisAuthToken,
		contract.SSMJWTSecret:          jwt,
		contract.SSMGoogleClientID:     args.GoogleClientID,
		contract.SSMGoogleClientSecret: args.GoogleClientSecret,
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if _, err := ssm.NewParameter(ctx, names.Name("ssm", k), &ssm.ParameterArgs{
			Name:  pulumi.String(s.Path + k),
			Type:  pulumi.String("SecureString"),
			KeyId: key.Arn,
			Value: pulumi.ToSecret(values[k]).(pulumi.StringOutput),
			Tags:  names.Tags("ssm-" + k),
		}, parent); err != nil {
			return nil, err
		}
	}

	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"path":   pulumi.String(s.Path),
		"keyArn": s.KeyARN,
	})
}

// ReadPolicy is the service's whole AWS permission: read the parameters
// under Path, and decrypt them with the stack's key when SSM asks.
func (s *Secrets) ReadPolicy(region, accountID string) pulumi.StringOutput {
	path := strings.TrimSuffix(s.Path, "/")
	base := "arn:aws:ssm:" + region + ":" + accountID + ":parameter" + path
	return s.KeyARN.ApplyT(func(key string) (string, error) {
		return irsa.JSON(irsa.Policy{Statement: []irsa.Statement{
			// The service asks by path "/podo/<stack>/": IAM sees it with or without the slash.
			{Sid: "ReadPath", Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: []string{base, base + "/*"}},
			{Sid: "ReadParameters", Effect: "Allow", Action: []string{"ssm:GetParameter", "ssm:GetParameters"}, Resource: base + "/*"},
			{Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: key, Condition: map[string]map[string]any{
				"StringEquals": {"kms:ViaService": "ssm." + region + ".amazonaws.com"},
			}},
		}})
	}).(pulumi.StringOutput)
}
