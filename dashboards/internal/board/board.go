// Package board defines Podo's Grafana dashboards as typed Go with the Grafana
// Foundation SDK. Metric names, label values, the namespace and the job come
// from the app's contract package, so a renamed metric breaks the build here
// instead of leaving an empty panel.
//
// dashboards/cmd/gen writes Render's output to dashboards/*.json, which the
// dashboards package embeds; importers of that package never compile the SDK.
package board

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/podo-tickets/podo/dashboards"
)

// Dashboard is one generated dashboard and the file it is written to.
type Dashboard struct {
	File    string
	Builder *dashboard.DashboardBuilder
}

// All returns every dashboard, in the order of the file names.
func All() []Dashboard {
	return []Dashboard{
		{File: "booking-overview.json", Builder: BookingOverview()},
		{File: "cluster.json", Builder: Cluster()},
		{File: "data-stores.json", Builder: DataStores()},
	}
}

// Render builds every dashboard into indented JSON, keyed by file name.
func Render() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, d := range All() {
		built, err := d.Builder.Build()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		b, err := json.MarshalIndent(built, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		out[d.File] = append(b, '\n')
	}
	return out, nil
}

// Dashboard UIDs (package dashboards, where alerts and alarms link them).
const (
	UIDBookingOverview = dashboards.UIDBookingOverview
	UIDDataStores      = dashboards.UIDDataStores
	UIDCluster         = dashboards.UIDCluster
)

// Datasource variables: every panel reads through one, so the dashboards work
// with whatever UID the Grafana that loads them gave its data sources.
const (
	promVar       = "datasource"
	cloudwatchVar = "cloudwatch"
)

var (
	promDS       = ref("prometheus", "${"+promVar+"}")
	cloudwatchDS = ref("cloudwatch", "${"+cloudwatchVar+"}")
)

func ref(typ, uid string) common.DataSourceRef {
	return common.DataSourceRef{Type: cog.ToPtr(typ), Uid: cog.ToPtr(uid)}
}

func base(title, uid, description string) *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder(title).
		Uid(uid).
		Description(description).
		Tags([]string{"podo"}).
		Refresh("30s").
		Time("now-3h", "now").
		Timezone(common.TimeZoneBrowser).
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Link(dashboard.NewDashboardLinkBuilder("Podo dashboards").
			Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"podo"}).
			AsDropdown(true).
			IncludeVars(false).
			KeepTime(true))
}

func promVariable() *dashboard.DatasourceVariableBuilder {
	return dashboard.NewDatasourceVariableBuilder(promVar).Label("Prometheus").Type("prometheus")
}

func cloudwatchVariable() *dashboard.DatasourceVariableBuilder {
	return dashboard.NewDatasourceVariableBuilder(cloudwatchVar).Label("CloudWatch").Type("cloudwatch")
}
