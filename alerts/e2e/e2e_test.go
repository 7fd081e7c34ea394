// Package e2e_test runs the booking service and a real Prometheus (Debian's
// package) that scrapes it with the labels Kubernetes gives it and loads the
// generated alert rules, and checks that the rules evaluate cleanly, that the
// Redis alert goes off when the service's Redis dies, and that every metric
// the rules and dashboards read is one the service exports.
//
// It needs the service binary in PODO_E2E_BIN (make test-alerts builds it and
// sets it), MariaDB on 127.0.0.1:3306, and `prometheus` and `redis-server` on
// the PATH (alerts/ensure-prometheus.sh and scripts/services.sh install them).
// The service gets a Redis of its own, started here, so that the test can fill
// it up and stop it without touching the shared one.
package e2e_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/alerts/internal/rulegen"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
	"github.com/podo-tickets/podo/dashboards"
)

const (
	serviceAddr = "127.0.0.1:18081"
	serviceURL  = "http://" + serviceAddr
	database    = "podo_alerts"
	redisDB     = "6"
	// A pod name as Kubernetes would give one; the scrape config adds it.
	podName = contract.AppName + "-e2e"
)

// externalMetric reports the series that other exporters provide in the
// cluster, not the booking service: the scrape's own up, kube-state-metrics
// (kube_*) and cAdvisor (container_*).
func externalMetric(name string) bool {
	return name == "up" || strings.HasPrefix(name, "kube_") || strings.HasPrefix(name, "container_")
}

func TestPrometheusScrapesTheRunningServiceAndEvaluatesTheRules(t *testing.T) {
	bin := os.Getenv("PODO_E2E_BIN")
	if bin == "" {
		t.Skip("PODO_E2E_BIN is not set; `make test-alerts` builds the service and runs this test")
	}
	promBin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Fatal("prometheus is not installed; run alerts/ensure-prometheus.sh")
	}

	// Arrange: the service on its own database and Redis DB, with traffic so
	// that labelled series and histograms exist.
	freshDatabase(t)
	redis := startRedis(t)
	startService(t, bin, redis.Addr())
	driveTraffic(t)

	// Act: a real Prometheus scrapes it as the ServiceMonitor would, and loads the rules.
	prom := startPrometheus(t, promBin)

	// Assert: the target is up under the labels the rules select on...
	podotest.WaitFor(t, "the podo-api target to be up", 30*time.Second, func() (bool, string) {
		v, err := prom.query(fmt.Sprintf(`up{namespace=%q, job=%q}`, contract.AppNamespace, contract.AppName))
		return err == nil && v == "1", fmt.Sprintf("up = %q (%v)", v, err)
	})
	// ...every rule has been evaluated, healthy and without error...
	var rules []promRule
	podotest.WaitFor(t, "every rule to be evaluated", 30*time.Second, func() (bool, string) {
		rules, err = prom.rules()
		if err != nil {
			return false, err.Error()
		}
		for _, r := range rules {
			if r.Health != "ok" {
				return false, fmt.Sprintf("rule %s health %q, lastError %q", r.Name, r.Health, r.LastError)
			}
		}
		return len(rules) > 0, fmt.Sprintf("%d rules", len(rules))
	})
	want := 0
	for _, g := range rulegen.Rules() {
		want += len(g.Records) + len(g.Alerts)
	}
	if len(rules) != want {
		t.Errorf("Prometheus loaded %d rules, the generator defines %d", len(rules), want)
	}
	for _, r := range rules {
		if r.LastError != "" {
			t.Errorf("rule %s: %s", r.Name, r.LastError)
		}
	}
	// ...and a healthy service raises no alert (the Kubernetes ones have no data
	// here). PodoAppDown may be pending from an evaluation before the first scrape.
	podotest.WaitFor(t, "every alert to be inactive", 15*time.Second, func() (bool, string) {
		rules, err := prom.rules()
		if err != nil {
			return false, err.Error()
		}
		for _, r := range rules {
			if r.Type == "alerting" && r.State != "inactive" {
				return false, fmt.Sprintf("%s is %s against a healthy service", r.Name, r.State)
			}
		}
		return true, ""
	})
	// ...the route labels the rules leave out are the service's real ones...
	routes, err := prom.labelValues("route")
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{contract.ReadinessPath, contract.RouteSeatEvents, contract.RouteHold} {
		if !slices.Contains(routes, route) {
			t.Errorf("no series with route=%q; the service's routes are %v", route, routes)
		}
	}
	// Every dashboard query is valid PromQL that the real Prometheus runs.
	for _, panel := range dashboardQueries(t) {
		expr := strings.ReplaceAll(panel.expr, "$__rate_interval", "1m")
		if _, err := prom.instant(expr); err != nil {
			t.Errorf("%s: %v\n%s", panel.where, err, expr)
		}
	}

	// When Redis fills up, the service's writes to it fail and it falls back
	// (podo_redis_errors_total); when Redis dies, it runs degraded and the
	// PodoRedisDegraded alert goes pending (it fires after its 2 minutes).
	redis.fill(t)
	podotest.WaitFor(t, "Redis errors to be counted", 15*time.Second, func() (bool, string) {
		for i := 2; i <= 6; i++ { // seat maps not cached yet: the cache write fails
			get(t, fmt.Sprintf("/api/shows/%d/seats", i))
		}
		return scrapeMetricNames(t)[contract.MetricRedisErrors], "no " + contract.MetricRedisErrors
	})
	redis.Stop()
	podotest.WaitFor(t, "PodoRedisDegraded to be pending", 30*time.Second, func() (bool, string) {
		rules, err := prom.rules()
		if err != nil {
			return false, err.Error()
		}
		for _, r := range rules {
			if r.Name == "PodoRedisDegraded" {
				return r.State == "pending" || r.State == "firing", "state " + r.State
			}
		}
		return false, "no rule PodoRedisDegraded"
	})

	// Every metric a rule or a dashboard reads is exported by the service.
	exported := scrapeMetricNames(t)
	recorded := map[string]bool{}
	for _, g := range rulegen.Rules() {
		for _, r := range g.Records {
			recorded[r.Name] = true
		}
	}
	for name, users := range usedMetrics(t) {
		if externalMetric(name) || recorded[name] {
			continue
		}
		if !exported[name] {
			t.Errorf("%s is read by %s but the running service does not export it", name, strings.Join(users, ", "))
		}
	}
}

// usedMetrics maps every metric name read by an alert rule or a dashboard
// panel to the rules and panels that read it.
func usedMetrics(t *testing.T) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	add := func(expr, user string) {
		for _, name := range metricNames(expr) {
			if !slices.Contains(used[name], user) {
				used[name] = append(used[name], user)
			}
		}
	}
	var groups []struct {
		Rules []struct{ Record, Alert, Expr string } `json:"rules"`
	}
	if err := json.Unmarshal(alerts.PrometheusRuleGroups(), &groups); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		for _, r := range g.Rules {
			add(r.Expr, "rule "+r.Alert+r.Record)
		}
	}
	for _, q := range dashboardQueries(t) {
		add(q.expr, q.where)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d metric names in the rules and dashboards: %v", len(used), used)
	}
	return used
}

type panelQuery struct{ where, expr string }

// dashboardQueries returns every PromQL query of the dashboards' panels.
func dashboardQueries(t *testing.T) []panelQuery {
	t.Helper()
	var out []panelQuery
	for file, b := range dashboards.Files() {
		var d struct {
			Panels []struct {
				Title   string
				Targets []struct{ Expr string }
			}
		}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Panels {
			for _, target := range p.Targets {
				if target.Expr != "" {
					out = append(out, panelQuery{fmt.Sprintf("%s panel %q", file, p.Title), target.Expr})
				}
			}
		}
	}
	return out
}

func freshDatabase(t *testing.T) {
	t.Helper()
	sql := fmt.Sprintf("DROP DATABASE IF EXISTS %s; CREATE DATABASE %s", database, database)
	if out, err := exec.Command("mariadb", "-h127.0.0.1", "-uroot", "-e", sql).CombinedOutput(); err != nil {
		t.Fatalf("creating database %s: %v\n%s", database, err, out)
	}
}

// privateRedis is a redis-server of the test's own, on a free port.
type privateRedis struct{ *podotest.Redis }

func startRedis(t *testing.T) *privateRedis { return &privateRedis{podotest.StartRedis(t)} }

// fill makes Redis refuse every write, as a full cache with no eviction does.
func (r *privateRedis) fill(t *testing.T) {
	t.Helper()
	for _, args := range [][]string{{"maxmemory-policy", "noeviction"}, {"maxmemory", "1"}} {
		if _, err := r.Command(append([]string{"CONFIG", "SET"}, args...)...); err != nil {
			t.Fatalf("CONFIG SET %v: %v", args, err)
		}
	}
}

func startService(t *testing.T, bin, redisAddr string) {
	t.Helper()
	if conn, err := net.Dial("tcp", serviceAddr); err == nil {
		conn.Close()
		t.Fatalf("%s is already in use", serviceAddr)
	}
	logPath := filepath.Join(t.TempDir(), "podo.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(),
		contract.EnvHTTPAddr+"="+serviceAddr,
		contract.EnvMySQLDSN+"=root@tcp(127.0.0.1:3306)/"+database,
		contract.EnvRedisAddr+"="+redisAddr,
		contract.EnvRedisDB+"="+redisDB,
		contract.EnvDevLogin+"=true",
		contract.EnvSeedDemo+"=true",
		contract.EnvAdminEmails+"=probe-admin@dev.podo.local",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop(t, "podo", cmd, logPath)
	podotest.WaitFor(t, "the service to be ready", 60*time.Second, func() (bool, string) {
		if cmd.ProcessState != nil {
			return false, "exited"
		}
		resp, err := http.Get(serviceURL + contract.ReadinessPath)
		if err != nil {
			return false, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, resp.Status
	})
}

// stop ends the process at the test's end (SIGTERM, then SIGKILL after 10 s)
// and shows its log when the test failed.
func stop(t *testing.T, name string, cmd *exec.Cmd, logPath string) {
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("%s log (last 4 KB):\n%s", name, tail(b, 4096))
			}
		}
	})
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// driveTraffic makes the requests that create the labelled series: reads,
// a seat-map stream, a hold, a reservation, a conflicting one and a 404.
func driveTraffic(t *testing.T) {
	t.Helper()
	var shows struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	call(t, "GET", "/api/shows", "", nil, &shows)
	if len(shows.Items) == 0 {
		t.Fatal("the demo data has no shows")
	}
	show := fmt.Sprintf("/api/shows/%d", shows.Items[0].ID)
	call(t, "GET", show, "", nil, nil)
	call(t, "GET", show+"/seats", "", nil, nil)
	call(t, "GET", "/api/shows/popular", "", nil, nil)
	call(t, "GET", show+"/seats", "", nil, nil) // a second time, from the cache
	call(t, "GET", "/api/shows/999999", "", nil, nil)
	streamBriefly(t, show+"/events")

	alice, bob := login(t, "probe"), login(t, "probe-two")
	call(t, "PUT", show+"/hold", alice, map[string]any{"seats": []string{"A2"}}, nil)
	call(t, "POST", show+"/reservations", alice, map[string]any{"seats": []string{"A1"}}, nil)
	call(t, "POST", show+"/reservations", bob, map[string]any{"seats": []string{"A1"}}, nil)

	// Another show gets a waiting room and a line, which the admission loop reports on.
	if len(shows.Items) > 1 {
		queued := fmt.Sprintf("/api/shows/%d", shows.Items[1].ID)
		call(t, "PUT", fmt.Sprintf("/api/admin/shows/%d/sale", shows.Items[1].ID), login(t, "probe-admin"),
			map[string]any{"saleOpensAt": nil, "waitingRoom": true}, nil)
		call(t, "POST", queued+"/line", bob, nil, nil)
	}

	// Sign-ins are limited per address: a burst of them ends in a 429.
	for i := 0; ; i++ {
		if i == 30 {
			t.Fatal("30 sign-ins in a row were never rate limited")
		}
		if status := post(t, "/api/auth/dev/login", map[string]string{"name": "burst"}); status == http.StatusTooManyRequests {
			break
		}
	}
}

// get makes a GET request whatever its answer: the service may be degraded.
func get(t *testing.T, path string) { call(t, "GET", path, "", nil, nil) }

func post(t *testing.T, path string, body any) int { return call(t, "POST", path, "", body, nil) }

func login(t *testing.T, name string) string {
	t.Helper()
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	call(t, "POST", "/api/auth/dev/login", "", map[string]string{"name": name}, &out)
	if out.AccessToken == "" {
		t.Fatal("dev login returned no accessToken")
	}
	return out.AccessToken
}

// call makes one API request and returns its status; any answer below 500 is
// fine, since conflicts and 404s are part of the traffic. It decodes a 2xx
// JSON body into out.
func call(t *testing.T, method, path, token string, body, out any) int {
	t.Helper()
	r, err := podotest.Do(context.Background(), http.DefaultClient, method, serviceURL+path, token, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status >= 500 {
		t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
	}
	if out != nil && r.Status < 300 {
		if err := json.Unmarshal(r.Body, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, r.Body)
		}
	}
	return r.Status
}

// streamBriefly subscribes to live seat updates for a moment, so that the
// stream's gauge and route exist.
func streamBriefly(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", serviceURL+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	io.Copy(io.Discard, resp.Body) // until the deadline ends the stream
}

// scrapeMetricNames reads /metrics as Prometheus would and returns the names
// of the samples in it (histograms as their _bucket, _sum and _count).
func scrapeMetricNames(t *testing.T) map[string]bool {
	t.Helper()
	resp, err := http.Get(serviceURL + contract.MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	names := map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			names[line[:i]] = true
		}
	}
	if len(names) == 0 {
		t.Fatal("/metrics has no samples")
	}
	return names
}

type prometheus struct{ url string }

func startPrometheus(t *testing.T, bin string) prometheus {
	t.Helper()
	dir := t.TempDir()
	var groups []any
	if err := json.Unmarshal(alerts.PrometheusRuleGroups(), &groups); err != nil {
		t.Fatal(err)
	}
	// The rules exactly as the Pulumi program deploys them in a PrometheusRule.
	rules, _ := json.Marshal(map[string]any{"groups": groups})
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), rules, 0o644); err != nil {
		t.Fatal(err)
	}
	// The labels a ServiceMonitor scrape of the Service gives the series:
	// job = the Service's name, namespace and pod of the target.
	config := fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [rules.yaml]
scrape_configs:
  - job_name: %q
    metrics_path: %q
    static_configs:
      - targets: [%q]
        labels: {namespace: %q, pod: %q, service: %q}
`, contract.AppName, contract.MetricsPath, serviceAddr, contract.AppNamespace, podName, contract.AppName)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := podotest.MustFreeAddr(t)
	logPath := filepath.Join(dir, "prometheus.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin,
		"--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
		"--web.console.templates=", "--web.console.libraries=")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop(t, "prometheus", cmd, logPath)
	p := prometheus{url: "http://" + addr}
	podotest.WaitFor(t, "Prometheus to be ready", 30*time.Second, func() (bool, string) {
		resp, err := http.Get(p.url + "/-/ready")
		if err != nil {
			return false, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, resp.Status
	})
	return p
}

func (p prometheus) get(path string, out any) error {
	resp, err := http.Get(p.url + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return err
	}
	if body.Status != "success" {
		return fmt.Errorf("%s: %s", path, body.Error)
	}
	return json.Unmarshal(body.Data, out)
}

type sample struct {
	Value [2]any `json:"value"`
}

// instant runs an instant query and returns its vector.
func (p prometheus) instant(expr string) ([]sample, error) {
	var data struct {
		Result []sample `json:"result"`
	}
	err := p.get("/api/v1/query?query="+url.QueryEscape(expr), &data)
	return data.Result, err
}

// query returns the value of an instant query with a single result.
func (p prometheus) query(expr string) (string, error) {
	result, err := p.instant(expr)
	if err != nil {
		return "", err
	}
	if len(result) != 1 {
		return "", fmt.Errorf("%d results", len(result))
	}
	return fmt.Sprint(result[0].Value[1]), nil
}

type promRule struct {
	Name      string `json:"name"`
	Health    string `json:"health"`
	LastError string `json:"lastError"`
	State     string `json:"state"`
	Type      string `json:"type"` // alerting or recording
}

func (p prometheus) rules() ([]promRule, error) {
	var data struct {
		Groups []struct {
			Rules []promRule `json:"rules"`
		} `json:"groups"`
	}
	if err := p.get("/api/v1/rules", &data); err != nil {
		return nil, err
	}
	var out []promRule
	for _, g := range data.Groups {
		out = append(out, g.Rules...)
	}
	return out, nil
}

func (p prometheus) labelValues(label string) ([]string, error) {
	var values []string
	err := p.get("/api/v1/label/"+label+"/values", &values)
	return values, err
}
