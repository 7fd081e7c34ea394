package board

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/text"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// q is one PromQL query of a panel and the legend of its series.
type q struct {
	expr, legend string
}

func promTargets(queries []q) []cog.Builder[variants.Dataquery] {
	var out []cog.Builder[variants.Dataquery]
	for i, query := range queries {
		out = append(out, prometheus.NewDataqueryBuilder().
			Datasource(promDS).
			RefId(string(rune('A'+i))).
			Expr(query.expr).
			LegendFormat(query.legend))
	}
	return out
}

// graph is a time series panel over Prometheus queries.
func graph(title, description, unit string, queries ...q) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(promDS).
		Unit(unit).
		Min(0).
		Height(8).
		Span(12).
		FillOpacity(10).
		Legend(common.NewVizLegendOptionsBuilder().
			DisplayMode(common.LegendDisplayModeTable).
			Placement(common.LegendPlacementBottom).
			ShowLegend(true).
			Calcs([]string{"mean", "max", "lastNotNull"})).
		Targets(promTargets(queries))
}

// withLimit draws a dashed red line where an alert fires.
func withLimit(p *timeseries.PanelBuilder, limit float64) *timeseries.PanelBuilder {
	return p.
		Thresholds(dashboard.NewThresholdsConfigBuilder().
			Mode(dashboard.ThresholdsModeAbsolute).
			Steps([]dashboard.Threshold{
				{Value: nil, Color: "green"},
				{Value: cog.ToPtr(limit), Color: "red"},
			})).
		ThresholdsStyle(common.NewGraphThresholdsStyleConfigBuilder().Mode(common.GraphThresholdsStyleModeDashed))
}

func stacked(p *timeseries.PanelBuilder) *timeseries.PanelBuilder {
	return p.Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).FillOpacity(40)
}

// single is a stat panel showing the latest value of one query.
func single(title, description, unit, expr string, steps ...dashboard.Threshold) *stat.PanelBuilder {
	if len(steps) == 0 {
		steps = []dashboard.Threshold{{Value: nil, Color: "blue"}}
	}
	return stat.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(promDS).
		Unit(unit).
		Height(4).
		Span(4).
		GraphMode(common.BigValueGraphModeArea).
		ColorMode(common.BigValueColorModeBackground).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		Thresholds(dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(steps)).
		Targets(promTargets([]q{{expr: expr}}))
}

func note(title, markdown string, height uint32) *text.PanelBuilder {
	return text.NewPanelBuilder().Title(title).Mode(text.TextModeMarkdown).Content(markdown).Height(height).Span(24)
}

func step(value float64, color string) dashboard.Threshold {
	return dashboard.Threshold{Value: cog.ToPtr(value), Color: color}
}

func rate(metric, selector string) string {
	return fmt.Sprintf("rate(%s{%s}[$__rate_interval])", metric, selector)
}

// ratio is part over whole, 0 rather than no data while part has no series
// yet (no 5xx since the pods started is a ratio of 0, not an unknown).
func ratio(part, whole string) string {
	return fmt.Sprintf("(sum(%s) or vector(0)) / sum(%s)", part, whole)
}
