package board_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/podo-tickets/podo/dashboards"
	"github.com/podo-tickets/podo/dashboards/internal/board"
)

// The committed JSON is what the generator writes: a change to the Go or to the
// contract must be followed by `make dashboards`.
func TestCommittedDashboardsAreTheGeneratorsOutput(t *testing.T) {
	want, err := board.Render()
	if err != nil {
		t.Fatal(err)
	}
	got := dashboards.Files()
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("committed dashboards %v, generator writes %v; run `make dashboards` and commit",
			slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for name := range want {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs from the generator's output; run `make dashboards` and commit", name)
		}
	}
}

type panel struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	} `json:"datasource"`
	Targets []map[string]any         `json:"targets"`
	GridPos struct{ H, W, X, Y int } `json:"gridPos"`
}

type dash struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

func load(t *testing.T, name string) dash {
	t.Helper()
	var d dash
	if err := json.Unmarshal(dashboards.Files()[name], &d); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

func TestEveryQueryReadsThroughADatasourceVariableOfItsDashboard(t *testing.T) {
	for name := range dashboards.Files() {
		d := load(t, name)
		vars := map[string]string{}
		for _, v := range d.Templating.List {
			if v.Type == "datasource" {
				vars["${"+v.Name+"}"] = v.Query.(string)
			}
		}
		for _, p := range d.Panels {
			if p.Type == "row" || p.Type == "text" || p.Type == "alertlist" {
				continue
			}
			if len(p.Targets) == 0 {
				t.Errorf("%s: panel %q has no query", name, p.Title)
			}
			if typ, ok := vars[p.Datasource.UID]; !ok || typ != p.Datasource.Type {
				t.Errorf("%s: panel %q reads %s %q, not a datasource variable of the dashboard (%v)",
					name, p.Title, p.Datasource.Type, p.Datasource.UID, vars)
			}
		}
	}
}

func TestBookingOverviewCoversWhatOnCallLooksAt(t *testing.T) {
	d := load(t, "booking-overview.json")
	var all []string
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			if expr, ok := target["expr"].(string); ok {
				all = append(all, p.Title+": "+expr)
			}
		}
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"podo_http_request_duration_seconds_count", "histogram_quantile(0.99", "by (le, route)",
		"status=~\"5..\"", "podo_reservations_total", "sum by (outcome)", "podo_seat_lock_busy_total",
		"result=\"hit\"", "podo_sse_clients", "go_sql_in_use_connections", "go_goroutines",
		"namespace=\"podo\", job=\"podo-api\"",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no panel query contains %q", want)
		}
	}
}

func TestDataStoresReadRDSElastiCacheAndTheLoadBalancerFromCloudWatch(t *testing.T) {
	d := load(t, "data-stores.json")
	namespaces := map[string]int{}
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			if ns, ok := target["namespace"].(string); ok {
				namespaces[ns]++
			}
		}
	}
	for _, ns := range []string{"AWS/RDS", "AWS/ElastiCache", "AWS/ApplicationELB"} {
		if namespaces[ns] == 0 {
			t.Errorf("no CloudWatch query on %s (have %v)", ns, namespaces)
		}
	}
}

func TestClusterLinksTheCommunityDashboardsByID(t *testing.T) {
	b := string(dashboards.Files()["cluster.json"])
	for _, c := range dashboards.Community {
		if !strings.Contains(b, "grafana.com/grafana/dashboards/"+strconv.Itoa(c.ID)) {
			t.Errorf("cluster dashboard does not link community dashboard %d", c.ID)
		}
	}
}

func TestPanelsDoNotOverlap(t *testing.T) {
	for name := range dashboards.Files() {
		d := load(t, name)
		for i, a := range d.Panels {
			for _, b := range d.Panels[i+1:] {
				if a.GridPos.X < b.GridPos.X+b.GridPos.W && b.GridPos.X < a.GridPos.X+a.GridPos.W &&
					a.GridPos.Y < b.GridPos.Y+b.GridPos.H && b.GridPos.Y < a.GridPos.Y+a.GridPos.H {
					t.Errorf("%s: panels %q and %q overlap", name, a.Title, b.Title)
				}
			}
		}
	}
}

// Each file reads back as a Grafana dashboard with the SDK's own types, panels
// and queries included.
func TestEveryFileReadsBackAsAGrafanaDashboard(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	for name, b := range dashboards.Files() {
		var d dashboard.Dashboard
		if err := json.Unmarshal(b, &d); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if d.Uid == nil || d.Title == nil || len(d.Panels) == 0 {
			t.Errorf("%s: no uid, title or panels", name)
		}
	}
}

// On-call opens the overview from an alert: what else fires, the SLOs' burn,
// and the failing requests' log lines are at the top.
func TestBookingOverviewShowsAlertsSLOBurnAndLogs(t *testing.T) {
	d := load(t, "booking-overview.json")
	types := map[string]int{}
	var sloQueries, logQuery string
	for _, p := range d.Panels {
		types[p.Type]++
		for _, target := range p.Targets {
			if expr, ok := target["expr"].(string); ok && strings.Contains(expr, "podo:slo_errors:ratio_rate") {
				sloQueries += expr + "\n"
			}
			if expr, ok := target["expression"].(string); ok && target["queryMode"] == "Logs" {
				logQuery = expr
			}
		}
	}
	if types["alertlist"] != 1 || types["logs"] != 1 {
		t.Errorf("panel types %v: want one alert list and one logs panel", types)
	}
	for _, slo := range []string{"reservations-availability", "reservations-latency", "seat-map-availability"} {
		if !strings.Contains(sloQueries, `slo="`+slo+`"`) {
			t.Errorf("no burn-rate panel for SLO %s", slo)
		}
	}
	if logQuery != dashboards.AppLogsQuery() {
		t.Errorf("logs panel runs %q", logQuery)
	}
}

// A ratio whose numerator has no series yet is 0, not "No data".
func TestErrorAndCacheRatiosShowZeroRatherThanNoData(t *testing.T) {
	d := load(t, "booking-overview.json")
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			expr, _ := target["expr"].(string)
			if strings.Contains(expr, `status=~"5.."`) && strings.Contains(expr, "/") && !strings.Contains(expr, "or vector(0)") {
				t.Errorf("%s: %s", p.Title, expr)
			}
			if strings.Contains(expr, `result="hit"`) && !strings.Contains(expr, "* 0)") {
				t.Errorf("%s: %s", p.Title, expr)
			}
		}
	}
}
