// Command infra is the Pulumi program of Podo's AWS estate: one VPC, an EKS
// cluster in its private subnets, MySQL on RDS and Redis on ElastiCache
// reachable only from the cluster and the VPN, secrets in SSM, the SPA on
// S3 and CloudFront, the delivery roles for GitHub Actions, and the booking
// service deployed on the cluster. Each concern is a component in its own
// package; main reads the stack's configuration and wires them in the order
// below.
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/dashboards"
	"github.com/podo-tickets/podo/infra/alarms"
	"github.com/podo-tickets/podo/infra/cache"
	"github.com/podo-tickets/podo/infra/cluster"
	"github.com/podo-tickets/podo/infra/database"
	"github.com/podo-tickets/podo/infra/delivery"
	"github.com/podo-tickets/podo/infra/firewall"
	"github.com/podo-tickets/podo/infra/irsa"
	"github.com/podo-tickets/podo/infra/monitoring"
	"github.com/podo-tickets/podo/infra/naming"
	"github.com/podo-tickets/podo/infra/network"
	"github.com/podo-tickets/podo/infra/secrets"
	"github.com/podo-tickets/podo/infra/site"
	"github.com/podo-tickets/podo/infra/synthetics"
	"github.com/podo-tickets/podo/infra/vpn"
	"github.com/podo-tickets/podo/infra/workloads"
)

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	cfg := loadConfig(ctx)
	names := naming.Namer{Project: ctx.Project(), Stack: ctx.Stack()}
	apiHost := "api." + cfg.Domain
	siteOrigin := "https://" + cfg.Domain
	caller, err := aws.GetCallerIdentity(ctx, nil)
	if err != nil {
		return err
	}

	// 1. The network everything lives in.
	net, err := network.New(ctx, "network", &network.Args{
		Names: names, CIDR: cfg.VpcCIDR, AZs: cfg.AZs,
		SingleNATGateway: cfg.SingleNATGateway, ClusterName: cluster.Name(names),
	})
	if err != nil {
		return err
	}

	// 2. Secrets first: the database and the cache are created with them.
	sec, err := secrets.New(ctx, "secrets", &secrets.Args{
		Names: names, GoogleClientID: cfg.GoogleClientID, GoogleClientSecret: cfg.GoogleClientSecret,
	})
	if err != nil {
		return err
	}

	// 3. The cluster in the private subnets, with its controllers.
	eks, err := cluster.New(ctx, "cluster", &cluster.Args{
		Names: names, Region: cfg.Region, Version: cfg.ClusterVersion,
		VpcID: net.VpcID, PublicSubnetIDs: net.PublicSubnetIDs, PrivateSubnetIDs: net.PrivateSubnetIDs,
		PublicAccessCIDRs: cfg.PublicAccessCIDRs, InstanceTypes: cfg.NodeInstanceTypes, LogRetentionDays: cfg.LogRetentionDays,
		NodesMin: cfg.NodesMin, NodesDesired: cfg.NodesDesired, NodesMax: cfg.NodesMax,
	})
	if err != nil {
		return err
	}

	// 4. Who may reach the data stores: the cluster's nodes and the VPN.
	fw, err := firewall.New(ctx, "firewall", &firewall.Args{
		Names: names, VpcID: net.VpcID, VpcCIDR: cfg.VpcCIDR, NodeSecurityGroupID: eks.NodeSecurityGroupID,
		ClusterSecurityGroupID: eks.ClusterSecurityGroupID,
	})
	if err != nil {
		return err
	}

	// 5. The data stores.
	db, err := database.New(ctx, "database", &database.Args{
		Names: names, PrivateSubnetIDs: net.PrivateSubnetIDs, SecurityGroupID: fw.DatabaseSecurityGroupID,
		Password: sec.MySQLPassword, InstanceClass: cfg.DBInstanceClass,
		StorageGB: cfg.DBStorageGB, MaxStorageGB: cfg.DBMaxStorageGB,
		BackupRetentionDays: cfg.DBBackupRetentionDays, MaxConnections: cfg.DBMaxConnections,
		DeletionProtection: cfg.DBDeletionProtection, SkipFinalSnapshot: cfg.DBSkipFinalSnapshot,
		LogRetentionDays: cfg.LogRetentionDays,
	})
	if err != nil {
		return err
	}
	redis, err := cache.New(ctx, "cache", &cache.Args{
		Names: names, PrivateSubnetIDs: net.PrivateSubnetIDs, SecurityGroupID: fw.CacheSecurityGroupID,
		AuthToken: sec.RedisAuthToken, NodeType: cfg.CacheNodeType, Nodes: cfg.CacheNodes,
	})
	if err != nil {
		return err
	}

	// 6. The engineers' way in.
	resolver, err := network.ResolverIP(cfg.VpcCIDR)
	if err != nil {
		return err
	}
	clientVPN, err := vpn.New(ctx, "vpn", &vpn.Args{
		Names: names, VpcID: net.VpcID, VpcCIDR: cfg.VpcCIDR, DNSServer: resolver,
		PrivateSubnetIDs: net.PrivateSubnetIDs, Subnets: len(cfg.AZs), SecurityGroupID: fw.VPNSecurityGroupID,
		ClientCIDR: cfg.VPNClientCIDR, ServerCertificateARN: cfg.VPNServerCertificateARN,
		ClientRootCertificateARN: cfg.VPNClientRootCertificateARN, Engineers: cfg.VPNEngineers, LogRetentionDays: cfg.LogRetentionDays,
	})
	if err != nil {
		return err
	}

	// 7. The SPA.
	spa, err := site.New(ctx, "site", &site.Args{
		Names: names, Domain: cfg.Domain, HostedZoneID: cfg.HostedZoneID, APIHost: apiHost,
	})
	if err != nil {
		return err
	}

	// 8. How code gets here: the image repository and the GitHub roles.
	ship, err := delivery.New(ctx, "delivery", &delivery.Args{
		Names: names, Repository: cfg.GitHubRepository, OIDCProviderARN: cfg.GitHubOIDCProviderARN,
		SiteBucketARN: spa.BucketARN, DistributionARN: spa.DistributionARN,
		ClusterName: eks.Name, Cluster: eks,
	})
	if err != nil {
		return err
	}

	// 9. The booking service on the cluster, allowed to read its secrets and nothing else.
	appRole, err := irsa.New(ctx, names.Name("irsa", "app"), &irsa.Args{
		Names: names, OIDC: eks.OIDC, Namespace: contract.AppNamespace, ServiceAccount: contract.ServiceAccountName,
		Policy: sec.ReadPolicy(cfg.Region, caller.AccountId),
	})
	if err != nil {
		return err
	}
	var loadBalancer pulumi.StringInput
	checkURLs := []string{spa.URL + "/"}
	if cfg.ImageTag == "" {
		ctx.Log.Warn("podo:imageTag is not set: the booking service is not deployed yet; push an image and set it (README.md, 'Running Podo in AWS')", nil)
	} else {
		app, err := workloads.New(ctx, "workloads", &workloads.Args{
			Names: names, Provider: eks.Provider, Region: cfg.Region,
			Image:        pulumi.Sprintf("%s:%s", ship.RepositoryURL, cfg.ImageTag),
			RoleARN:      appRole.ARN,
			MySQLAddress: db.Address, MySQLUser: database.User, MySQLPort: database.Port, MySQLName: database.Name,
			MySQLMaxConnections: db.MaxConnections,
			RedisAddress:        redis.PrimaryEndpoint, RedisPort: cache.Port,
			SSMPath: sec.Path, APIHost: apiHost, SiteOrigin: siteOrigin, HostedZoneID: cfg.HostedZoneID,
			MinReplicas: cfg.AppMinReplicas, MaxReplicas: cfg.AppMaxReplicas, TargetCPU: cfg.AppTargetCPU,
			CPURequest: cfg.AppCPURequest, MemoryRequest: cfg.AppMemoryRequest, MemoryLimit: cfg.AppMemoryLimit,
			DependsOn: []pulumi.Resource{eks.LoadBalancerController},
		})
		if err != nil {
			return err
		}
		// The controller names the ALB; look it up once the Ingress has one.
		loadBalancer = lb.LookupLoadBalancerOutput(ctx, lb.LookupLoadBalancerOutputArgs{
			Name: app.LoadBalancerHostname.ApplyT(func(string) string { return workloads.LoadBalancerName(names) }).(pulumi.StringOutput),
		}).ArnSuffix()
		checkURLs = append(checkURLs, "https://"+apiHost+contract.ReadinessPath)
	}

	// 10. On-call. From outside: a synthetic check of the site and the API.
	// CloudWatch alarms on it, on the managed services, the load balancer and
	// the in-cluster Watchdog's heartbeat; in the cluster Prometheus,
	// Alertmanager, Grafana and Fluent Bit. Critical pages, warnings email.
	canary, err := synthetics.New(ctx, "synthetics", &synthetics.Args{
		Names: names, Region: cfg.Region, AccountID: caller.AccountId, URLs: checkURLs,
	})
	if err != nil {
		return err
	}
	logsURL := monitoring.LogsInsightsURL(cfg.Region, []string{monitoring.ContainerLogGroup(eks.Name)}, dashboards.AppLogsQuery())
	oncall, err := alarms.New(ctx, "alarms", &alarms.Args{
		Names: names, Emails: cfg.AlarmEmails, Pagers: cfg.Pagers,
		DashboardURL: monitoring.GrafanaURL(cfg.Domain) + "/d/" + dashboards.UIDDataStores,
		LogsURL:      monitoring.LogsDashboardURL(cfg.Region, names),
		DBInstanceID: db.InstanceID, DBInstanceClass: db.InstanceClass, DBStorageGB: db.StorageGB, DBMaxConnections: db.MaxConnections,
		CacheNodeIDs: redis.NodeIDs, LoadBalancer: loadBalancer, Canary: canary.Name,
	})
	if err != nil {
		return err
	}
	mon, err := monitoring.New(ctx, "monitoring", &monitoring.Args{
		Names: names, Provider: eks.Provider, OIDC: eks.OIDC, Region: cfg.Region, AccountID: caller.AccountId,
		ClusterName: eks.Name, VpcCIDR: cfg.VpcCIDR, Domain: cfg.Domain, HostedZoneID: cfg.HostedZoneID,
		Topics:           monitoring.Topics{Page: oncall.PageTopicARN, Warning: oncall.WarningTopicARN, Heartbeat: oncall.HeartbeatTopicARN},
		LogRetentionDays: cfg.LogRetentionDays, LogsURL: logsURL, AppLabels: workloads.ServiceLabels(),
		SlowQueryLogGroup: monitoring.SlowQueryLogGroup(database.Identifier(names)),
		DependsOn:         []pulumi.Resource{eks.LoadBalancerController},
	})
	if err != nil {
		return err
	}

	// What an engineer needs.
	ctx.Export("apiUrl", pulumi.String("https://"+apiHost))
	ctx.Export("siteUrl", pulumi.String(spa.URL))
	ctx.Export("siteBucket", spa.BucketName)
	ctx.Export("siteDistributionId", spa.DistributionID)
	ctx.Export("clusterName", pulumi.String(eks.Name))
	ctx.Export("kubeconfigCommand", pulumi.String(fmt.Sprintf("aws eks update-kubeconfig --region %s --name %s", cfg.Region, eks.Name)))
	ctx.Export("vpnEndpointId", clientVPN.EndpointID)
	ctx.Export("vpnClients", clientVPN.Clients)
	ctx.Export("mysqlEndpoint", db.Address)
	ctx.Export("redisEndpoint", redis.PrimaryEndpoint)
	ctx.Export("ssmPath", pulumi.String(sec.Path))
	ctx.Export("imageRepository", ship.RepositoryURL)
	ctx.Export("githubImageRoleArn", ship.ImageRoleARN)
	ctx.Export("githubSiteRoleArn", ship.SiteRoleARN)
	ctx.Export("githubPulumiRoleArn", ship.PulumiRoleARN)
	ctx.Export("pageTopicArn", oncall.PageTopicARN)
	ctx.Export("alarmTopicArn", oncall.WarningTopicARN)
	ctx.Export("grafanaUrl", pulumi.String(mon.GrafanaURL))
	ctx.Export("grafanaAdminPassword", pulumi.ToSecret(mon.GrafanaAdminPassword))
	ctx.Export("prometheusUrl", pulumi.String(mon.PrometheusURL))
	ctx.Export("alertmanagerUrl", pulumi.String(mon.AlertmanagerURL))
	ctx.Export("containerLogGroup", mon.LogGroup)
	return nil
}
