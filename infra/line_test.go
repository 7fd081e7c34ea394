package main

import (
	"slices"
	"testing"

	"github.com/podo-tickets/podo/app/contract"
)

// The waiting room's line document is the one API answer the site's CDN
// keeps: a second at each edge, one copy for every viewer, fetched over HTTPS
// from the API's host, GET only.
func TestTheLineDocumentIsCachedASecondAtTheEdgeForEveryViewerAlike(t *testing.T) {
	d := ofType(t, "aws:cloudfront/distribution:Distribution")[0]
	var behaviour map[string]any
	for _, b := range get(d.In, "orderedCacheBehaviors").([]any) {
		if get(b, "pathPattern") == contract.LinePathPattern {
			behaviour = b.(map[string]any)
		}
	}
	if behaviour == nil {
		t.Fatalf("no cache behaviour for %s", contract.LinePathPattern)
	}
	if m := strs(behaviour["allowedMethods"]); !slices.Equal(m, []string{"GET", "HEAD"}) || behaviour["viewerProtocolPolicy"] != "https-only" {
		t.Errorf("methods %v, viewer protocol %v: want GET and HEAD over HTTPS only", m, behaviour["viewerProtocolPolicy"])
	}
	var origin any
	for _, o := range get(d.In, "origins").([]any) {
		if get(o, "originId") == behaviour["targetOriginId"] {
			origin = o
		}
	}
	if get(origin, "domainName") != "api."+stackCfg["podo:domain"] || get(origin, "customOriginConfig", "originProtocolPolicy") != "https-only" {
		t.Errorf("the line document comes from %v: want the API's host over HTTPS", origin)
	}
	var policy *rec
	for _, p := range ofType(t, "aws:cloudfront/cachePolicy:CachePolicy") {
		if p.Name+"_id" == behaviour["cachePolicyId"] {
			policy = &p
		}
	}
	if policy == nil {
		t.Fatalf("cache policy %v is not the program's", behaviour["cachePolicyId"])
	}
	if policy.In["defaultTtl"] != float64(contract.LineMaxAge) || policy.In["maxTtl"] != float64(contract.LineMaxAge) {
		t.Errorf("kept for %v s (at most %v s), want %d", policy.In["defaultTtl"], policy.In["maxTtl"], contract.LineMaxAge)
	}
	key := get(policy.In, "parametersInCacheKeyAndForwardedToOrigin")
	for part, field := range map[string]string{"cookiesConfig": "cookieBehavior", "headersConfig": "headerBehavior", "queryStringsConfig": "queryStringBehavior"} {
		if v := get(key, part, field); v != "none" {
			t.Errorf("%s.%s = %v: a viewer's cookies, headers or query would split the one copy (and send sessions on)", part, field, v)
		}
	}
}
