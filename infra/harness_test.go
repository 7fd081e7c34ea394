package main

// The tests run the real program once, under Pulumi's mocks, with the dev
// stack's configuration (../Pulumi.dev.yaml) plus test secrets, and record
// every resource it registers. Each test then asserts one property of that
// recorded estate, the way an auditor reading `pulumi preview` would.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

const (
	testAccount = "123456789012"
	testIssuer  = "oidc.eks.ap-northeast-2.amazonaws.com/id/TESTCLUSTER"
	nodeSG      = "sg-eks-nodes"
)

// rec is one registered resource: its type token, logical name, parent URN,
// inputs (plain Go values), the URNs it depends on, and whether it was read
// (a Get*) rather than registered.
type rec struct {
	Type      string
	Name      string
	Parent    string
	Custom    bool
	Read      bool
	DependsOn []string
	In        map[string]any
}

var (
	mu       sync.Mutex
	recorded []rec
	runErr   error
	stackCfg map[string]string
	// secretInputs names the inputs given as secrets, "<resource>.<input>".
	secretInputs = map[string]bool{}
)

func TestMain(m *testing.M) {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "running the program under mocks:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func run() error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	cfg, err := devConfig(filepath.Join(root, "Pulumi.dev.yaml"))
	if err != nil {
		return err
	}
	cfg["podo:imageTag"] = "0123abc"
	cfg["podo:googleClientId"] = "test-client-id"
	cfg["podo:googleClientSecret"] = "test-client-secret"
	stackCfg = cfg

	return pulumi.RunErr(program,
		pulumi.WithMocks("podo", "dev", mocks{sink: &recorded}),
		func(info *pulumi.RunInfo) {
			info.Config = cfg
			info.ConfigSecretKeys = []string{"podo:googleClientId", "podo:googleClientSecret"}
			info.RootDirectory = root
		})
}

// devConfig reads a stack file into the flat key → string form the Pulumi
// engine hands a program (lists and maps as JSON).
func devConfig(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range f.Config {
		switch v := v.(type) {
		case string:
			out[k] = v
		default:
			j, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			out[k] = string(j)
		}
	}
	return out, nil
}

// mocks answer for the AWS, Kubernetes and other providers and record every
// resource into sink.
type mocks struct{ sink *[]rec }

// runAlone runs one piece of the program under its own mocks and returns
// what it registered (for properties that need another configuration than
// the dev stack's).
func runAlone(t *testing.T, program pulumi.RunFunc) []rec {
	t.Helper()
	var recs []rec
	if err := pulumi.RunErr(program, pulumi.WithMocks("podo", "dev", mocks{sink: &recs})); err != nil {
		t.Fatal(err)
	}
	return recs
}

func (m mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	in := plainMap(args.Inputs)
	parent := args.RegisterRPC.GetParent()
	deps := args.RegisterRPC.GetDependencies()
	read := args.ReadRPC != nil // a read of an existing resource (pulumi's Get*)
	if read {
		parent = args.ReadRPC.GetParent()
		deps = args.ReadRPC.GetDependencies()
	}
	mu.Lock()
	for k, v := range args.Inputs {
		if v.IsSecret() {
			secretInputs[args.Name+"."+string(k)] = true
		}
	}
	*m.sink = append(*m.sink, rec{
		Type: args.TypeToken, Name: args.Name, Custom: args.Custom,
		Parent: parent, Read: read, DependsOn: deps, In: in,
	})
	mu.Unlock()

	id := args.Name + "_id"
	out := args.Inputs.Copy()
	set := func(k string, v any) {
		if _, ok := out[resource.PropertyKey(k)]; !ok {
			out[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	set("arn", "arn:aws:mock:ap-northeast-2:"+testAccount+":"+args.Name)
	set("name", args.Name)
	switch args.TypeToken {
	case "eks:index:Cluster":
		set("kubeconfigJson", `{"apiVersion":"v1","kind":"Config"}`)
		set("oidcProviderArn", "arn:aws:iam::"+testAccount+":oidc-provider/"+testIssuer)
		set("oidcIssuer", testIssuer)
		set("oidcProviderUrl", "https://"+testIssuer)
		set("nodeSecurityGroupId", nodeSG)
		set("clusterSecurityGroupId", nodeSG)
	case "aws:acm/certificate:Certificate":
		set("domainValidationOptions", []any{map[string]any{
			"domainName":          in["domainName"],
			"resourceRecordName":  "_x." + fmt.Sprint(in["domainName"]),
			"resourceRecordType":  "CNAME",
			"resourceRecordValue": "_y.acm-validations.aws",
		}})
	case "aws:route53/record:Record":
		set("fqdn", in["name"])
	case "aws:acm/certificateValidation:CertificateValidation":
		set("certificateArn", in["certificateArn"])
	case "random:index/randomId:RandomId":
		set("hex", "1a2b3c4d")
	case "random:index/randomPassword:RandomPassword":
		set("result", "generated-"+args.Name)
	case "tls:index/privateKey:PrivateKey":
		set("privateKeyPem", "KEY "+args.Name)
	case "tls:index/selfSignedCert:SelfSignedCert", "tls:index/locallySignedCert:LocallySignedCert":
		set("certPem", "CERT "+args.Name)
	case "tls:index/certRequest:CertRequest":
		set("certRequestPem", "CSR "+args.Name)
	case "aws:rds/instance:Instance":
		set("address", args.Name+".rds.amazonaws.com")
	case "aws:elasticache/replicationGroup:ReplicationGroup":
		set("primaryEndpointAddress", "master."+args.Name+".cache.amazonaws.com")
		set("memberClusters", []any{args.Name + "-001", args.Name + "-002"})
	case "aws:s3/bucketV2:BucketV2":
		set("bucket", args.Name+"-bucket")
		set("arn", "arn:aws:s3:::"+args.Name+"-bucket")
		set("bucketRegionalDomainName", args.Name+"-bucket.s3.ap-northeast-2.amazonaws.com")
	case "aws:cloudfront/distribution:Distribution":
		set("domainName", "d111111abcdef8.cloudfront.net")
	case "aws:ecr/repository:Repository":
		set("repositoryUrl", testAccount+".dkr.ecr.ap-northeast-2.amazonaws.com/"+fmt.Sprint(in["name"]))
	case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
		out["arn"] = resource.NewPropertyValue("arn:aws:iam::" + testAccount + ":oidc-provider/" + strings.TrimPrefix(fmt.Sprint(in["url"]), "https://"))
	case "aws:kms/key:Key":
		set("keyId", "key-"+args.Name)
		out["arn"] = resource.NewPropertyValue("arn:aws:kms:ap-northeast-2:" + testAccount + ":key/" + args.Name)
	case "kubernetes:core/v1:Service":
		set("status", map[string]any{"loadBalancer": map[string]any{"ingress": []any{
			map[string]any{"hostname": "internal-" + args.Name + ".elb.ap-northeast-2.amazonaws.com"},
		}}})
	case "kubernetes:networking.k8s.io/v1:Ingress":
		set("status", map[string]any{"loadBalancer": map[string]any{"ingress": []any{
			map[string]any{"hostname": "podo-dev-api-1.ap-northeast-2.elb.amazonaws.com"},
		}}})
	}
	return id, out, nil
}

func (mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:lb/getLoadBalancer:getLoadBalancer":
		return resource.NewPropertyMapFromMap(map[string]any{
			"name": args.Args["name"].StringValue(), "arnSuffix": "app/" + args.Args["name"].StringValue() + "/50dc6c495c0c9188",
		}), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{
			"accountId": testAccount, "arn": "arn:aws:iam::" + testAccount + ":user/test", "userId": "test", "id": testAccount,
		}), nil
	}
	return args.Args, nil
}

// plainMap turns recorded inputs into plain Go values: secrets unwrapped,
// resource references as their URN.
func plainMap(m resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[string(k)] = plain(v)
	}
	return out
}

func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsArray():
		var out []any
		for _, e := range v.ArrayValue() {
			out = append(out, plain(e))
		}
		return out
	case v.IsOutput():
		return plain(v.OutputValue().Element)
	case v.IsComputed():
		return nil
	case v.IsNull():
		return nil
	}
	return v.V
}

// dependsOn tells whether r waits for the resource of logical name dep.
func dependsOn(r rec, dep string) bool {
	return slices.ContainsFunc(r.DependsOn, func(urn string) bool { return strings.HasSuffix(urn, "::"+dep) })
}

// ofType returns the recorded resources of one type token, failing the test when there are none.
func ofType(t *testing.T, token string) []rec {
	t.Helper()
	if runErr != nil {
		t.Fatal(runErr)
	}
	var out []rec
	for _, r := range recorded {
		if r.Type == token {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s registered", token)
	}
	return out
}

// named returns the one resource of a type with a logical name.
func named(t *testing.T, token, name string) rec {
	t.Helper()
	for _, r := range ofType(t, token) {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s named %q", token, name)
	return rec{}
}

// get walks a path of keys and indexes through plain inputs.
func get(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[p]
		case int:
			a, ok := v.([]any)
			if !ok || p >= len(a) {
				return nil
			}
			v = a[p]
		}
	}
	return v
}

func strs(v any) []string {
	var out []string
	a, _ := v.([]any)
	for _, e := range a {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// policy parses an IAM policy document input.
type policyDoc struct {
	Statement []struct {
		Effect    string
		Principal map[string]any
		Action    any
		Resource  any
		Condition map[string]map[string]any
	}
}

func parsePolicy(t *testing.T, v any) policyDoc {
	t.Helper()
	var p policyDoc
	if err := json.Unmarshal([]byte(fmt.Sprint(v)), &p); err != nil {
		t.Fatalf("policy %v: %v", v, err)
	}
	return p
}

// list reads an IAM Action or Resource (a string or a list of strings).
func list(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return strs(v)
}
