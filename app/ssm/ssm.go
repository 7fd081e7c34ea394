// Package ssm reads the service's secrets from AWS Systems Manager Parameter
// Store at start: the SecureStrings under one path (e.g. /podo/dev/), decrypted,
// through whatever credentials the environment gives (in EKS, the pod's IRSA role).
// Secrets never pass through the repository, the Deployment or the logs.
package ssm

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	awsssm "github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/podo-tickets/podo/app/contract"
)

// envFor says which environment variable each parameter stands in for.
var envFor = map[string]string{
	contract.SSMRedisAuthToken:     contract.EnvRedisPassword,
	contract.SSMJWTSecret:          contract.EnvJWTSecret,
	contract.SSMGoogleClientID:     contract.EnvGoogleClientID,
	contract.SSMGoogleClientSecret: contract.EnvGoogleClientSecret,
}

// Options let tests point the client at their own endpoint.
type Options struct {
	Endpoint string // empty: AWS's
	Region   string // empty: from the environment
	Creds    aws.CredentialsProvider
}

// Load reads every parameter under path and returns a getenv that answers
// with them before falling back to base. The MySQL password is put into the DSN.
func Load(ctx context.Context, path string, base func(string) string, opt Options) (func(string) string, error) {
	var loadOpts []func(*config.LoadOptions) error
	if opt.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(opt.Region))
	}
	if opt.Creds != nil {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(opt.Creds))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("ssm: aws config: %w", err)
	}
	client := awsssm.NewFromConfig(cfg, func(o *awsssm.Options) {
		if opt.Endpoint != "" {
			o.BaseEndpoint = aws.String(opt.Endpoint)
		}
	})
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	values := map[string]string{}
	p := awsssm.NewGetParametersByPathPaginator(client, &awsssm.GetParametersByPathInput{Path: aws.String(path), WithDecryption: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("ssm: reading %s: %w", path, err)
		}
		for _, prm := range page.Parameters {
			values[strings.TrimPrefix(aws.ToString(prm.Name), path)] = aws.ToString(prm.Value)
		}
	}
	env := map[string]string{}
	for name, v := range values {
		if e, ok := envFor[name]; ok {
			env[e] = v
		}
	}
	if pw, ok := values[contract.SSMMySQLPassword]; ok {
		dsn, err := withPassword(base(contract.EnvMySQLDSN), pw)
		if err != nil {
			return nil, err
		}
		env[contract.EnvMySQLDSN] = dsn
	}
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return base(k)
	}, nil
}

// withPassword puts a password into a go-sql-driver DSN of the form user@tcp(host)/db.
func withPassword(dsn, password string) (string, error) {
	at := strings.Index(dsn, "@")
	if at < 0 {
		return "", fmt.Errorf("ssm: %s has no user@ part to give the password to", contract.EnvMySQLDSN)
	}
	user := dsn[:at]
	if i := strings.Index(user, ":"); i >= 0 {
		user = user[:i]
	}
	return user + ":" + password + dsn[at:], nil
}
