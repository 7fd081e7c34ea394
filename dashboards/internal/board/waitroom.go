package board

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/contract/promql"
)

// The waiting room's panels. Every replica reports the same line figures
// (they come from Redis), so gauges are read with max, not sum; admissions
// are counted by the replica that let them through, so they are summed.

func lineWaitingPanel() *timeseries.PanelBuilder {
	return graph("Waiting in line", "Users in each show's waiting line not let through yet (podo_line_waiting), and the show's seats left. The PodoLineStalled alert fires when the line waits, seats remain and nobody is let through.", "short",
		q{fmt.Sprintf("max by (show) (%s{%s})", contract.MetricLineWaiting, promql.App), "waiting show {{show}}"},
		q{fmt.Sprintf("max by (show) (%s{%s})", contract.MetricLineSeatsLeft, promql.App), "seats left show {{show}}"})
}

func lineAdmissionsPanel() *timeseries.PanelBuilder {
	return graph("Admissions/s", "Users let through each show's line per second, against the configured pace (PODO_LINE_RATE). Below the pace, the cap on live passes holds them back: shoppers are still choosing.", "ops",
		q{fmt.Sprintf("sum by (show) (%s)", rate(contract.MetricLineAdmissions, promql.App)), "show {{show}}"})
}

func lineWaitPanel() *timeseries.PanelBuilder {
	return graph("Wait until admitted", "Seconds from joining a line to fetching the pass: p50, p90 and p99.", "s",
		q{quantile(0.5, contract.MetricLineWait, promql.App, "le"), "p50"},
		q{quantile(0.9, contract.MetricLineWait, promql.App, "le"), "p90"},
		q{quantile(0.99, contract.MetricLineWait, promql.App, "le"), "p99"})
}

func linePassesPanel() *timeseries.PanelBuilder {
	return graph("Passes", "Live passes per show (admitted shoppers not finished; at most PODO_LINE_CAP) and of those the idle ones: given but never fetched, slots held by people who walked away until the pass expires.", "short",
		q{fmt.Sprintf("max by (show) (%s{%s})", contract.MetricLinePasses, promql.App), "live show {{show}}"},
		q{fmt.Sprintf("max by (show) (%s{%s})", contract.MetricLineIdlePasses, promql.App), "idle show {{show}}"})
}
