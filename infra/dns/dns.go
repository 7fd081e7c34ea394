// Package dns issues DNS-validated ACM certificates for the stack's host
// names in its Route53 hosted zone.
package dns

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/infra/naming"
)

// Certificate requests a DNS-validated ACM certificate for domain, writes the
// validation record into the hosted zone and waits for issue. It returns the
// certificate's ARN once valid.
func Certificate(ctx *pulumi.Context, names naming.Namer, part, domain, zoneID string, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	cert, err := acm.NewCertificate(ctx, names.Name(part, "cert"), &acm.CertificateArgs{
		DomainName:       pulumi.String(domain),
		ValidationMethod: pulumi.String("DNS"),
		Tags:             names.Tags(part + "-cert"),
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	option := cert.DomainValidationOptions.Index(pulumi.Int(0))
	record, err := route53.NewRecord(ctx, names.Name(part, "cert-validation"), &route53.RecordArgs{
		ZoneId:         pulumi.String(zoneID),
		Name:           option.ResourceRecordName().Elem(),
		Type:           option.ResourceRecordType().Elem(),
		Records:        pulumi.StringArray{option.ResourceRecordValue().Elem()},
		Ttl:            pulumi.Int(300),
		AllowOverwrite: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	valid, err := acm.NewCertificateValidation(ctx, names.Name(part, "cert"), &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{record.Fqdn},
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return valid.CertificateArn, nil
}
