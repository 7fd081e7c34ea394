package main

import (
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
	// DBDeletionProtection (default on) refuses to delete the database;
	// DBSkipFinalSnapshot (default off) deletes it without a last snapshot.
	// They are separate so that lifting the protection for a teardown still
	// takes the snapshot.
	DBDeletionProtection bool
	DBSkipFinalSnapshot  bool

	CacheNodeType string
	CacheNodes    int

	VPNClientCIDR               string
	VPNServerCertificateARN     string
	VPNClientRootCertificateARN string
	// VPNEngineers each get their own VPN certificate; taking a name off
	// revokes it.
	VPNEngineers     []string
	LogRetentionDays int

	// Domain is the site's host; the API is api.<Domain>.
	Domain       string
	HostedZoneID string

	GitHubRepository string
	// GitHubOIDCProviderARN is the account's existing GitHub OIDC provider;
	// empty makes the stack create it (only one stack per account may).
	GitHubOIDCProviderARN string

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

// The stack's required secrets. A fresh checkout has none of them (they are
// not in Pulumi.dev.yaml), so the pulumi workflow passes each from a
// repository secret.
const (
	keyGoogleClientID     = "googleClientId"
	keyGoogleClientSecret = "googleClientSecret"
)

var secretKeys = []string{keyGoogleClientID, keyGoogleClientSecret}

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
	boolean := func(key string, def bool) bool {
		if v, err := c.TryBool(key); err == nil {
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

		ClusterVersion:    str("clusterVersion", "1.35"),
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
		DBDeletionProtection:  boolean("dbDeletionProtection", true),
		DBSkipFinalSnapshot:   boolean("dbSkipFinalSnapshot", false),

		CacheNodeType: str("cacheNodeType", "cache.t4g.small"),
		CacheNodes:    num("cacheNodes", 2),

		VPNClientCIDR:               str("vpnClientCidr", "10.22.0.0/16"),
		VPNServerCertificateARN:     c.Get("vpnServerCertificateArn"),
		VPNClientRootCertificateARN: c.Get("vpnClientRootCertificateArn"),
		VPNEngineers:                list("vpnEngineers", nil),
		LogRetentionDays:            num("logRetentionDays", 30),

		Domain:       c.Require("domain"),
		HostedZoneID: c.Require("hostedZoneId"),

		GitHubRepository:      c.Require("githubRepository"),
		GitHubOIDCProviderARN: c.Get("githubOidcProviderArn"),

		ImageTag:         c.Get("imageTag"),
		AppMinReplicas:   num("appMinReplicas", 2),
		AppMaxReplicas:   num("appMaxReplicas", 6),
		AppTargetCPU:     num("appTargetCpu", 60),
		AppCPURequest:    str("appCpuRequest", "250m"),
		AppMemoryRequest: str("appMemoryRequest", "256Mi"),
		AppMemoryLimit:   str("appMemoryLimit", "512Mi"),

		AlarmEmails: list("alarmEmails", nil),
		Pagers:      pagers(c),

		GoogleClientID:     c.RequireSecret(keyGoogleClientID),
		GoogleClientSecret: c.RequireSecret(keyGoogleClientSecret),
	}
	if len(cfg.AZs) == 0 {
		cfg.AZs = []string{cfg.Region + "a", cfg.Region + "b", cfg.Region + "c"}
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
