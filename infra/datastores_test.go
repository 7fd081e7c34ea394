package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestRDSIsNotPublicEncryptedAndMultiAZ(t *testing.T) {
	db := ofType(t, "aws:rds/instance:Instance")[0]
	if db.In["publiclyAccessible"] != false || db.In["storageEncrypted"] != true || db.In["multiAz"] != true {
		t.Errorf("public=%v encrypted=%v multiAz=%v", db.In["publiclyAccessible"], db.In["storageEncrypted"], db.In["multiAz"])
	}
}

func TestRDSIsBackedUpAndItsPasswordIsGenerated(t *testing.T) {
	db := ofType(t, "aws:rds/instance:Instance")[0]
	if n, _ := db.In["backupRetentionPeriod"].(float64); n < 1 {
		t.Errorf("backupRetentionPeriod = %v", db.In["backupRetentionPeriod"])
	}
	if db.In["password"] != "generated-podo-dev-mysql-password" {
		t.Errorf("password does not come from the generated secret")
	}
}

func TestLiftingDeletionProtectionStillTakesAFinalSnapshot(t *testing.T) {
	db := ofType(t, "aws:rds/instance:Instance")[0]
	// The dev stack lifts deletion protection and says nothing of the
	// snapshot: a teardown that follows the README keeps the data.
	if stackCfg["podo:dbDeletionProtection"] != "false" || stackCfg["podo:dbSkipFinalSnapshot"] != "" {
		t.Fatalf("the dev stack is expected to lift protection only: %q / %q", stackCfg["podo:dbDeletionProtection"], stackCfg["podo:dbSkipFinalSnapshot"])
	}
	if db.In["deletionProtection"] != false || db.In["skipFinalSnapshot"] != false {
		t.Errorf("deletionProtection=%v skipFinalSnapshot=%v: lifting protection skips the snapshot", db.In["deletionProtection"], db.In["skipFinalSnapshot"])
	}
	if id, _ := db.In["finalSnapshotIdentifier"].(string); id == "" || id == "podo-dev-mysql-final" {
		t.Errorf("final snapshot %q: want a name of its own each time (a fixed one collides the second time)", id)
	}
}

func TestRDSRunsTheEngineTheAppsTestsRunOn(t *testing.T) {
	// The app's tests run on Debian's MariaDB 10.11 (scripts/services.sh).
	db := ofType(t, "aws:rds/instance:Instance")[0]
	pg := ofType(t, "aws:rds/parameterGroup:ParameterGroup")[0]
	if db.In["engine"] != "mariadb" || db.In["engineVersion"] != "10.11" || pg.In["family"] != "mariadb10.11" {
		t.Errorf("engine %v %v, family %v; want MariaDB 10.11", db.In["engine"], db.In["engineVersion"], pg.In["family"])
	}
	for _, p := range pg.In["parameters"].([]any) {
		if v := fmt.Sprint(get(p, "value")); strings.Contains(v, "0900") {
			t.Errorf("%v = %s exists only in MySQL 8", get(p, "name"), v)
		}
	}
}

func TestRDSLogsExpire(t *testing.T) {
	db := ofType(t, "aws:rds/instance:Instance")[0]
	groups := map[string]float64{}
	for _, g := range ofType(t, "aws:cloudwatch/logGroup:LogGroup") {
		groups[fmt.Sprint(g.In["name"])], _ = g.In["retentionInDays"].(float64)
	}
	for _, log := range strs(db.In["enabledCloudwatchLogsExports"]) {
		name := "/aws/rds/instance/" + fmt.Sprint(db.In["identifier"]) + "/" + log
		if groups[name] <= 0 {
			t.Errorf("RDS exports %s to %s, which the stack does not own with a retention", log, name)
		}
		if !dependsOn(db, "podo-dev-mysql-"+log) {
			t.Errorf("the instance does not wait for %s: RDS would create it first, without retention", name)
		}
	}
}

func TestRDSRequiresTLS(t *testing.T) {
	pg := ofType(t, "aws:rds/parameterGroup:ParameterGroup")[0]
	for _, p := range pg.In["parameters"].([]any) {
		if get(p, "name") == "require_secure_transport" && get(p, "value") == "1" {
			return
		}
	}
	t.Error("require_secure_transport is not on")
}

// storeIngress returns the ingress rules of the security group a data store uses.
func storeIngress(t *testing.T, sgIDs []string) []any {
	t.Helper()
	var rules []any
	for _, sg := range ofType(t, "aws:ec2/securityGroup:SecurityGroup") {
		if slices.Contains(sgIDs, sg.Name+"_id") {
			r, _ := sg.In["ingress"].([]any)
			rules = append(rules, r...)
		}
	}
	if len(rules) == 0 {
		t.Fatalf("no ingress rules on %v", sgIDs)
	}
	return rules
}

func assertOnlyFromClusterAndVPN(t *testing.T, rules []any, port float64) {
	t.Helper()
	want := []string{"podo-dev-sg-vpn_id", nodeSG}
	for _, r := range rules {
		sources := strs(get(r, "securityGroups"))
		slices.Sort(sources)
		if get(r, "fromPort") != port || get(r, "toPort") != port || get(r, "cidrBlocks") != nil ||
			get(r, "ipv6CidrBlocks") != nil || !slices.Equal(sources, want) {
			t.Errorf("ingress %v: want port %v from exactly %v", r, port, want)
		}
	}
}

func TestRDSAdmitsOnlyTheClusterAndTheVPN(t *testing.T) {
	db := ofType(t, "aws:rds/instance:Instance")[0]
	assertOnlyFromClusterAndVPN(t, storeIngress(t, strs(db.In["vpcSecurityGroupIds"])), 3306)
}

func TestRedisAdmitsOnlyTheClusterAndTheVPN(t *testing.T) {
	rg := ofType(t, "aws:elasticache/replicationGroup:ReplicationGroup")[0]
	assertOnlyFromClusterAndVPN(t, storeIngress(t, strs(rg.In["securityGroupIds"])), 6379)
}

func TestNoSecurityGroupIsOpenToTheInternet(t *testing.T) {
	for _, sg := range ofType(t, "aws:ec2/securityGroup:SecurityGroup") {
		rules, _ := sg.In["ingress"].([]any)
		for _, r := range rules {
			for _, c := range append(strs(get(r, "cidrBlocks")), strs(get(r, "ipv6CidrBlocks"))...) {
				if c == "0.0.0.0/0" || c == "::/0" {
					t.Errorf("%s admits %s", sg.Name, c)
				}
			}
		}
	}
}

func TestRedisHasTLSAuthAndFailover(t *testing.T) {
	rg := ofType(t, "aws:elasticache/replicationGroup:ReplicationGroup")[0]
	for _, k := range []string{"transitEncryptionEnabled", "atRestEncryptionEnabled", "automaticFailoverEnabled", "multiAzEnabled"} {
		if rg.In[k] != true {
			t.Errorf("%s = %v", k, rg.In[k])
		}
	}
	if rg.In["authToken"] != "generated-podo-dev-redis-auth-token" {
		t.Error("AUTH token is not the generated secret")
	}
	if n, _ := rg.In["numCacheClusters"].(float64); n < 2 {
		t.Errorf("numCacheClusters = %v, failover needs a replica", rg.In["numCacheClusters"])
	}
}
