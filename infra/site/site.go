// Package site hosts the single-page app: a private S3 bucket read only by
// CloudFront through origin access control, HTTPS only, unknown paths answered
// with index.html so client-side routes work, a certificate in us-east-1 and
// a Route53 alias for the site's domain. The files are not Pulumi's: the
// site workflow (.github/workflows/site.yml) is their one writer, and it
// keeps old hashed assets, so a tab opened before a deploy can still load
// its lazy chunks.
//
// With an API host, the distribution also answers the waiting room's line
// document (GET /api/shows/{id}/line) from the API, cached for a second at
// each edge with nothing of the viewer in the key: a line of any length costs
// the service about one request a second per edge location.
package site

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/infra/dns"
	"github.com/podo-tickets/podo/infra/naming"
)

// AWS managed CloudFront policies.
const (
	cachingOptimizedPolicyID = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	securityHeadersPolicyID  = "67f7725c-6f97-4210-82d7-5512b31e9d03"
	// cloudFrontZoneID is the hosted zone of every CloudFront distribution, for alias records.
	cloudFrontZoneID = "Z2FDTNDATAQYW2"
	originID         = "spa"
	apiOriginID      = "api"
)

// Cache-Control values the site workflow uploads with: index.html is
// revalidated so that a deploy shows at once; Vite puts content-hashed
// files under assets/, which never change.
const (
	CacheIndex     = "no-cache"
	CacheImmutable = "public, max-age=31536000, immutable"
	CacheDefault   = "public, max-age=300"
)

// Args are the inputs of the site.
type Args struct {
	Names naming.Namer
	// Domain is the site's host name (the SPA's origin).
	Domain       string
	HostedZoneID string
	// APIHost, when set, is the booking service's public host name: the line
	// document is fetched from it over HTTPS and cached at the edge.
	APIHost string
}

// Site is the bucket and the distribution in front of it.
type Site struct {
	pulumi.ResourceState

	URL             string
	BucketName      pulumi.StringOutput
	BucketARN       pulumi.StringOutput
	DistributionID  pulumi.StringOutput
	DistributionARN pulumi.StringOutput
}

// New builds the site.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Site, error) {
	s := &Site{URL: "https://" + args.Domain}
	if err := ctx.RegisterComponentResource("podo:site:Site", name, s, opts...); err != nil {
		return nil, err
	}
	names := args.Names
	parent := pulumi.Parent(s)

	// CloudFront takes certificates from us-east-1 only.
	usEast1, err := aws.NewProvider(ctx, names.Name("us-east-1"), &aws.ProviderArgs{
		Region: pulumi.String("us-east-1"),
	}, parent)
	if err != nil {
		return nil, err
	}
	cert, err := dns.Certificate(ctx, names, "site", args.Domain, args.HostedZoneID, parent, pulumi.Provider(usEast1))
	if err != nil {
		return nil, err
	}

	bucket, err := s3.NewBucketV2(ctx, names.Name("site"), &s3.BucketV2Args{
		Tags: names.Tags("site"),
	}, parent)
	if err != nil {
		return nil, err
	}
	block, err := s3.NewBucketPublicAccessBlock(ctx, names.Name("site"), &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, names.Name("site"), &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, names.Name("site"), &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent); err != nil {
		return nil, err
	}

	oac, err := cloudfront.NewOriginAccessControl(ctx, names.Name("site"), &cloudfront.OriginAccessControlArgs{
		Name:                          pulumi.String(names.Name("site")),
		Description:                   pulumi.String("CloudFront signs its requests to the site bucket"),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, parent)
	if err != nil {
		return nil, err
	}
	spaFallback := func(code int) *cloudfront.DistributionCustomErrorResponseArgs {
		return &cloudfront.DistributionCustomErrorResponseArgs{
			ErrorCode:          pulumi.Int(code),
			ResponseCode:       pulumi.Int(200),
			ResponsePagePath:   pulumi.String("/index.html"),
			ErrorCachingMinTtl: pulumi.Int(0),
		}
	}
	origins := cloudfront.DistributionOriginArray{&cloudfront.DistributionOriginArgs{
		OriginId:              pulumi.String(originID),
		DomainName:            bucket.BucketRegionalDomainName,
		OriginAccessControlId: oac.ID(),
	}}
	var behaviours cloudfront.DistributionOrderedCacheBehaviorArray
	if args.APIHost != "" {
		line, err := lineBehaviour(ctx, names, parent)
		if err != nil {
			return nil, err
		}
		origins = append(origins, &cloudfront.DistributionOriginArgs{
			OriginId:   pulumi.String(apiOriginID),
			DomainName: pulumi.String(args.APIHost),
			CustomOriginConfig: &cloudfront.DistributionOriginCustomOriginConfigArgs{
				HttpPort:             pulumi.Int(80),
				HttpsPort:            pulumi.Int(443),
				OriginProtocolPolicy: pulumi.String("https-only"),
				OriginSslProtocols:   pulumi.ToStringArray([]string{"TLSv1.2"}),
			},
		})
		behaviours = append(behaviours, line)
	}
	dist, err := cloudfront.NewDistribution(ctx, names.Name("site"), &cloudfront.DistributionArgs{
		Enabled:               pulumi.Bool(true),
		IsIpv6Enabled:         pulumi.Bool(true),
		HttpVersion:           pulumi.String("http2and3"),
		PriceClass:            pulumi.String("PriceClass_200"),
		DefaultRootObject:     pulumi.String("index.html"),
		Aliases:               pulumi.StringArray{pulumi.String(args.Domain)},
		Origins:               origins,
		OrderedCacheBehaviors: behaviours,
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(originID),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS"}),
			CachedMethods:           pulumi.ToStringArray([]string{"GET", "HEAD"}),
			CachePolicyId:           pulumi.String(cachingOptimizedPolicyID),
			ResponseHeadersPolicyId: pulumi.String(securityHeadersPolicyID),
			Compress:                pulumi.Bool(true),
		},
		// S3 answers 403 for a missing key when the reader may not list.
		CustomErrorResponses: cloudfront.DistributionCustomErrorResponseArray{spaFallback(403), spaFallback(404)},
		Restrictions: &cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: &cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
		ViewerCertificate: &cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      cert,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String("TLSv1.2_2021"),
		},
		Tags: names.Tags("site"),
	}, parent)
	if err != nil {
		return nil, err
	}

	policy := pulumi.All(bucket.Arn, dist.Arn).ApplyT(func(v []any) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"CloudFrontReadsThroughOAC","Effect":"Allow",` +
			`"Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"` + v[0].(string) + `/*",` +
			`"Condition":{"StringEquals":{"AWS:SourceArn":"` + v[1].(string) + `"}}}]}`
	}).(pulumi.StringOutput)
	if _, err := s3.NewBucketPolicy(ctx, names.Name("site"), &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{block})); err != nil {
		return nil, err
	}

	for _, typ := range []string{"A", "AAAA"} {
		if _, err := route53.NewRecord(ctx, names.Name("site", typ), &route53.RecordArgs{
			ZoneId: pulumi.String(args.HostedZoneID),
			Name:   pulumi.String(args.Domain),
			Type:   pulumi.String(typ),
			Aliases: route53.RecordAliasArray{&route53.RecordAliasArgs{
				Name:                 dist.DomainName,
				ZoneId:               pulumi.String(cloudFrontZoneID),
				EvaluateTargetHealth: pulumi.Bool(false),
			}},
		}, parent); err != nil {
			return nil, err
		}
	}

	s.BucketName = bucket.Bucket
	s.BucketARN = bucket.Arn
	s.DistributionID = dist.ID().ToStringOutput()
	s.DistributionARN = dist.Arn
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"url":            pulumi.String(s.URL),
		"bucket":         s.BucketName,
		"distributionId": s.DistributionID,
	})
}

// lineBehaviour sends the line document to the API and keeps it a second:
// GET and HEAD only (joining the line goes to the API's host, never here), and
// no cookie, header or query string in the cache key or sent on, so every
// viewer shares one copy and nobody's session reaches the origin through it.
func lineBehaviour(ctx *pulumi.Context, names naming.Namer, parent pulumi.ResourceOption) (*cloudfront.DistributionOrderedCacheBehaviorArgs, error) {
	policy, err := cloudfront.NewCachePolicy(ctx, names.Name("line"), &cloudfront.CachePolicyArgs{
		Name:       pulumi.String(names.Name("line")),
		Comment:    pulumi.String("The waiting room's line document: one shared copy per edge, for a second"),
		MinTtl:     pulumi.Int(0),
		DefaultTtl: pulumi.Int(contract.LineMaxAge),
		MaxTtl:     pulumi.Int(contract.LineMaxAge),
		ParametersInCacheKeyAndForwardedToOrigin: &cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginArgs{
			CookiesConfig:              &cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs{CookieBehavior: pulumi.String("none")},
			HeadersConfig:              &cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs{HeaderBehavior: pulumi.String("none")},
			QueryStringsConfig:         &cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs{QueryStringBehavior: pulumi.String("none")},
			EnableAcceptEncodingGzip:   pulumi.Bool(true),
			EnableAcceptEncodingBrotli: pulumi.Bool(true),
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	return &cloudfront.DistributionOrderedCacheBehaviorArgs{
		PathPattern:             pulumi.String(contract.LinePathPattern),
		TargetOriginId:          pulumi.String(apiOriginID),
		ViewerProtocolPolicy:    pulumi.String("https-only"),
		AllowedMethods:          pulumi.ToStringArray([]string{"GET", "HEAD"}),
		CachedMethods:           pulumi.ToStringArray([]string{"GET", "HEAD"}),
		CachePolicyId:           policy.ID(),
		ResponseHeadersPolicyId: pulumi.String(securityHeadersPolicyID),
		Compress:                pulumi.Bool(true),
	}, nil
}
