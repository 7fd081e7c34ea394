package main

import (
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/podo-tickets/podo/infra/alarms"
)

// Config is the stack's configuration (Pulumi.<stack>.yaml, namespace podo),
// read once. Defaults fit a dev stack; see Pulumi.dev.yaml for every key.
type Config struct {
	Region string

	VpcCIDR          string
	AZs              []string
	SingleNATGateway bool

	ClusterVersion    string
	PublicAccessCIDRs []string
	NodeInstanceTypes []string
	NodesMin          int
	NodesDesired      int
	NodesMax          int

	DBInstanceClass       string
	DBStorageGB           int
	DBMaxStorageGB        int
	DBBackupRetentionDays int
	DBMaxConnections      int
	// Disposable stacks may be destroyed without a final snapshot.
	Disposable bool

	CacheNodeType string
	CacheNodes    int

	VPNClientCIDR               string
	VPNServerCertificateARN     string
	VPNClientRootCertificateARN string
	LogRetentionDays            int

	// Domain is the site's host; the API is api.<Domain>.
	Domain       string
	HostedZoneID string
	// SiteDir is the built SPA, relative to the project root.
	SiteDir string

	GitHubRepository string
	GitHubBranch     string

	// ImageTag is the API image to run; empty means the service is not
	// deployed yet (first up: the image repository does not exist before it).
	ImageTag         string
	AppMinReplicas   int
	AppMaxReplicas   int
	AppTargetCPU     int
	AppCPURequest    string
	AppMemoryRequest string
	AppMemoryLimit   string

	// AlarmEmails receive every warning and a copy of every page (each
	// confirms its subscription once).
	AlarmEmails []string
	// Pagers are paged by critical alarms and alerts: {protocol: https|sms, endpoint}.
	Pagers []alarms.Pager

	GoogleClientID     pulumi.StringOutput
	GoogleClientSecret pulumi.StringOutput
}

func loadConfig(ctx *pulumi.Context) Config {
	c := config.New(ctx, "podo")
	aws := config.New(ctx, "aws")
	str := func(key, def string) string {
		if v := c.Get(key); v != "" {
			return v
		}
		return def
	}
	num := func(key string, def int) int {
		if v, err := c.TryInt(key); err == nil {
			return v
		}
		return def
	}
	list := func(key string, def []string) []string {
		var v []string
		if err := c.TryObject(key, &v); err == nil && len(v) > 0 {
			return v
		}
		return def
	}
	cfg := Config{
		Region:           aws.Require("region"),
		VpcCIDR:          str("vpcCidr", "10.20.0.0/16"),
		AZs:              list("availabilityZones", nil),
		SingleNATGateway: c.GetBool("singleNatGateway"),

		ClusterVersion:    str("clusterVersion", "1.33"),
		PublicAccessCIDRs: list("clusterPublicAccessCidrs", []string{"0.0.0.0/0"}),
		NodeInstanceTypes: list("nodeInstanceTypes", []string{"t3.large"}),
		NodesMin:          num("nodesMin", 2),
		NodesDesired:      num("nodesDesired", 3),
		NodesMax:          num("nodesMax", 6),

		DBInstanceClass:       str("dbInstanceClass", "db.t4g.medium"),
		DBStorageGB:           num("dbStorageGb", 20),
		DBMaxStorageGB:        num("dbMaxStorageGb", 100),
		DBBackupRetentionDays: num("dbBackupRetentionDays", 7),
		DBMaxConnections:      num("dbMaxConnections", 150),
		Disposable:            c.GetBool("disposable"),

		CacheNodeType: str("cacheNodeType", "cache.t4g.small"),
		CacheNodes:    num("cacheNodes", 2),

		VPNClientCIDR:               str("vpnClientCidr", "10.22.0.0/16"),
		VPNServerCertificateARN:     c.Get("vpnServerCertificateArn"),
		VPNClientRootCertificateARN: c.Get("vpnClientRootCertificateArn"),
		LogRetentionDays:            num("logRetentionDays", 30),

		Domain:       c.Require("domain"),
		HostedZoneID: c.Require("hostedZoneId"),
		SiteDir:      str("siteDir", "frontend/dist"),

		GitHubRepository: c.Require("githubRepository"),
		GitHubBranch:     str("githubBranch", "main"),

		ImageTag:         c.Get("imageTag"),
		AppMinReplicas:   num("appMinReplicas", 2),
		AppMaxReplicas:   num("appMaxReplicas", 6),
		AppTargetCPU:     num("appTargetCpu", 60),
		AppCPURequest:    str("appCpuRequest", "250m"),
		AppMemoryRequest: str("appMemoryRequest", "256Mi"),
		AppMemoryLimit:   str("appMemoryLimit", "512Mi"),

		AlarmEmails: list("alarmEmails", nil),
		Pagers:      pagers(c),

		GoogleClientID:     c.RequireSecret("googleClientId"),
		GoogleClientSecret: c.RequireSecret("googleClientSecret"),
	}
	if len(cfg.AZs) == 0 {
		cfg.AZs = []string{cfg.Region + "a", cfg.Region + "b", cfg.Region + "c"}
	}
	if !filepath.IsAbs(cfg.SiteDir) {
		cfg.SiteDir = filepath.Join(ctx.RootDirectory(), cfg.SiteDir)
	}
	return cfg
}

// pagers reads podo:pagers, a list of {protocol, endpoint}; a paging URL may be
// set as a secret (pulumi config set --secret --path 'podo:pagers[0].endpoint' ...).
func pagers(c *config.Config) []alarms.Pager {
	var p []alarms.Pager
	if err := c.TryObject("pagers", &p); err != nil {
		return nil
	}
	return p
}
