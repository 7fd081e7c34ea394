package main

import (
	"strings"
	"testing"

	"github.com/podo-tickets/podo/infra/site"
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

func TestSiteFilesHaveContentTypesAndCacheHeaders(t *testing.T) {
	want := map[string][2]string{
		"index.html":             {"text/html; charset=utf-8", site.CacheIndex},
		"assets/index-4f2a9c.js": {"text/javascript; charset=utf-8", site.CacheImmutable},
		"favicon.svg":            {"image/svg+xml", site.CacheDefault},
	}
	var objects []rec
	for _, o := range ofType(t, "aws:s3/bucketObjectv2:BucketObjectv2") {
		if o.In["bucket"] == "podo-dev-site_id" {
			objects = append(objects, o)
		}
	}
	if len(objects) != len(want) {
		t.Errorf("%d objects uploaded, want %d", len(objects), len(want))
	}
	for _, o := range objects {
		w := want[o.In["key"].(string)]
		if o.In["contentType"] != w[0] || o.In["cacheControl"] != w[1] {
			t.Errorf("%v: %v / %v, want %v", o.In["key"], o.In["contentType"], o.In["cacheControl"], w)
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
