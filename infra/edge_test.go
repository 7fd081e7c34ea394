package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/infra/naming"
	"github.com/podo-tickets/podo/infra/vpn"
)

func TestSiteBucketBlocksAllPublicAccess(t *testing.T) {
	b := ofType(t, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0]
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		if b.In[k] != true {
			t.Errorf("%s = %v", k, b.In[k])
		}
	}
}

func TestCloudFrontReadsTheBucketThroughOACAndRedirectsToHTTPS(t *testing.T) {
	d := ofType(t, "aws:cloudfront/distribution:Distribution")[0]
	oac := ofType(t, "aws:cloudfront/originAccessControl:OriginAccessControl")[0]
	if get(d.In, "origins", 0, "originAccessControlId") != oac.Name+"_id" || oac.In["signingBehavior"] != "always" {
		t.Errorf("origin %v does not use OAC %s", get(d.In, "origins", 0), oac.Name)
	}
	if get(d.In, "defaultCacheBehavior", "viewerProtocolPolicy") != "redirect-to-https" {
		t.Errorf("viewerProtocolPolicy = %v", get(d.In, "defaultCacheBehavior", "viewerProtocolPolicy"))
	}
	policy := ofType(t, "aws:s3/bucketPolicy:BucketPolicy")[0]
	if !strings.Contains(policy.In["policy"].(string), `"AWS:SourceArn":"arn:aws:mock:ap-northeast-2:123456789012:podo-dev-site"`) {
		t.Errorf("bucket policy is not pinned to the distribution: %v", policy.In["policy"])
	}
}

func TestUnknownSitePathsFallBackToIndexHTML(t *testing.T) {
	d := ofType(t, "aws:cloudfront/distribution:Distribution")[0]
	for i, code := range []float64{403, 404} {
		e := get(d.In, "customErrorResponses", i)
		if get(e, "errorCode") != code || get(e, "responsePagePath") != "/index.html" || get(e, "responseCode") != float64(200) {
			t.Errorf("error response %v", e)
		}
	}
}

func TestVPNIsSplitTunnelAndAuthorisedOnlyForTheVPC(t *testing.T) {
	e := ofType(t, "aws:ec2clientvpn/endpoint:Endpoint")[0]
	if e.In["splitTunnel"] != true || e.In["clientCidrBlock"] != stackCfg["podo:vpnClientCidr"] {
		t.Errorf("splitTunnel = %v, client range %v", e.In["splitTunnel"], e.In["clientCidrBlock"])
	}
	if get(e.In, "connectionLogOptions", "enabled") != true {
		t.Error("connections are not logged")
	}
	for _, r := range ofType(t, "aws:ec2clientvpn/authorizationRule:AuthorizationRule") {
		if r.In["targetNetworkCidr"] != stackCfg["podo:vpcCidr"] {
			t.Errorf("authorised for %v, want only the VPC %s", r.In["targetNetworkCidr"], stackCfg["podo:vpcCidr"])
		}
	}
}

func TestVPNIsAssociatedWithThePrivateSubnets(t *testing.T) {
	_, private := subnetsByTier(t)
	ids := map[any]bool{}
	for _, s := range private {
		ids[s.Name+"_id"] = true
	}
	assoc := ofType(t, "aws:ec2clientvpn/networkAssociation:NetworkAssociation")
	for _, a := range assoc {
		if !ids[a.In["subnetId"]] {
			t.Errorf("VPN associated with %v, not a private subnet", a.In["subnetId"])
		}
	}
	if len(assoc) != len(private) {
		t.Errorf("%d associations for %d private subnets", len(assoc), len(private))
	}
}

func TestEachEngineerHasTheirOwnVPNCertificate(t *testing.T) {
	var engineers []string
	if err := json.Unmarshal([]byte(stackCfg["podo:vpnEngineers"]), &engineers); err != nil || len(engineers) < 2 {
		t.Fatalf("podo:vpnEngineers = %q", stackCfg["podo:vpnEngineers"])
	}
	names := naming.Namer{Project: "podo", Stack: "dev"}
	common := map[string]bool{}
	for _, csr := range ofType(t, "tls:index/certRequest:CertRequest") {
		common[fmt.Sprint(get(csr.In, "subject", "commonName"))] = true
	}
	clients := 0
	for _, c := range ofType(t, "tls:index/locallySignedCert:LocallySignedCert") {
		if slices.Contains(strs(c.In["allowedUses"]), "client_auth") {
			clients++
		}
	}
	for _, e := range engineers {
		if !common[vpn.CommonName(names, e)] {
			t.Errorf("no certificate for %s (%s)", e, vpn.CommonName(names, e))
		}
	}
	if clients != len(engineers) {
		t.Errorf("%d client certificates for %d engineers", clients, len(engineers))
	}
}

func TestTheVPNAdmitsOnlyTheListedEngineersCertificates(t *testing.T) {
	var engineers []string
	if err := json.Unmarshal([]byte(stackCfg["podo:vpnEngineers"]), &engineers); err != nil {
		t.Fatal(err)
	}
	names := naming.Namer{Project: "podo", Stack: "dev"}
	e := ofType(t, "aws:ec2clientvpn/endpoint:Endpoint")[0]
	fn := ofType(t, "aws:lambda/function:Function")[0]
	if get(e.In, "clientConnectOptions", "enabled") != true || get(e.In, "clientConnectOptions", "lambdaFunctionArn") != "arn:aws:mock:ap-northeast-2:"+testAccount+":"+fn.Name {
		t.Fatalf("client connect handler %v: revoking a certificate would need a CRL nobody imports", get(e.In, "clientConnectOptions"))
	}
	if !strings.HasPrefix(fmt.Sprint(fn.In["name"]), "AWSClientVPN-") {
		t.Errorf("handler %v: Client VPN calls only functions named AWSClientVPN-*", fn.In["name"])
	}
	var want []string
	for _, eng := range engineers {
		want = append(want, vpn.CommonName(names, eng))
	}
	slices.Sort(want)
	got := strings.Split(fmt.Sprint(get(fn.In, "environment", "variables", "ALLOWED_COMMON_NAMES")), ",")
	if !slices.Equal(got, want) {
		t.Errorf("the handler admits %v, want exactly the listed engineers %v", got, want)
	}
}

func TestVPNCertificatesAreRenewedBeforeTheyExpire(t *testing.T) {
	certs := append(ofType(t, "tls:index/locallySignedCert:LocallySignedCert"), ofType(t, "tls:index/selfSignedCert:SelfSignedCert")...)
	for _, c := range certs {
		renew, _ := c.In["earlyRenewalHours"].(float64)
		valid, _ := c.In["validityPeriodHours"].(float64)
		if renew < 24*7 || renew >= valid {
			t.Errorf("%s: renewed %v h before the end of %v h, want at least a week", c.Name, renew, valid)
		}
	}
}
