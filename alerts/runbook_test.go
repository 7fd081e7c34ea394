package alerts_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/alerts"
	"github.com/podo-tickets/podo/app/contract"
)

// The Pulumi program names these runbooks for its CloudWatch alarms, and the
// rules file for its Prometheus alerts: each must exist.
var wantRunbooks = []string{
	"rds-cpu-high", "rds-connections-high", "rds-free-storage-low", "rds-freeable-memory-low",
	"rds-read-latency-high", "rds-write-latency-high",
	"cache-cpu-high", "cache-memory-high", "cache-evictions", "cache-replication-lag",
	"alb-5xx-rate", "alb-target-response-time", "site-unreachable", "oncall-heartbeat-missing",
	"podo-slo-burn", "podo-5xx-ratio", "podo-latency-p99", "podo-reservation-failures",
	"podo-redis-degraded", "podo-app-down", "podo-pod-restarts", "podo-hpa-at-max", "podo-line-stalled",
}

func TestRunbookNamesListsEveryAlarmsRunbook(t *testing.T) {
	got := alerts.RunbookNames()
	for _, name := range wantRunbooks {
		if !slices.Contains(got, name) {
			t.Errorf("no runbook %q (have %v)", name, got)
		}
	}
	if len(got) != len(wantRunbooks) {
		t.Errorf("%d runbooks, want %d: a runbook no alarm uses, or a test list out of date", len(got), len(wantRunbooks))
	}
}

func TestEveryRunbookParsesWithItsFourSections(t *testing.T) {
	for _, name := range alerts.RunbookNames() {
		doc, err := alerts.Runbook(name)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if doc.Name != name || doc.Title == "" || doc.Meaning == "" || doc.Impact == "" ||
			doc.Diagnosis == "" || doc.Mitigation == "" {
			t.Errorf("%s: incomplete: %+v", name, doc)
		}
		// Mitigation is read as steps: a list, so the email can carry whole steps.
		if steps := alerts.MitigationSteps(doc.Mitigation); len(steps) < 2 {
			t.Errorf("%s: mitigation has %d steps, want a list of at least 2", name, len(steps))
		}
	}
}

func TestSummaryFitsAnAlarmDescriptionAndCarriesTheRunbook(t *testing.T) {
	const cloudWatchMax = 1024
	for _, name := range alerts.RunbookNames() {
		doc, err := alerts.Runbook(name)
		if err != nil {
			t.Fatal(err)
		}
		s := doc.Summary(cloudWatchMax)
		if len(s) > cloudWatchMax {
			t.Errorf("%s: summary is %d bytes, over %d", name, len(s), cloudWatchMax)
		}
		if !strings.Contains(s, alerts.PlainText(doc.Meaning)) {
			t.Errorf("%s: summary lacks the whole meaning:\n%s", name, s)
		}
		steps := alerts.MitigationSteps(doc.Mitigation)
		if !strings.Contains(s, steps[0]) || !strings.Contains(s, steps[1]) {
			t.Errorf("%s: summary lacks the first two mitigation steps:\n%s", name, s)
		}
		if !strings.HasSuffix(s, alerts.RunbookURL(name)) {
			t.Errorf("%s: summary does not end with the runbook URL:\n%s", name, s)
		}
		if strings.ContainsAny(s, "\n`") || strings.Contains(s, "**") {
			t.Errorf("%s: summary is not plain one-line text:\n%s", name, s)
		}
	}
}

func TestSummaryStaysWithinAnyLimit(t *testing.T) {
	doc, err := alerts.Runbook("podo-redis-degraded")
	if err != nil {
		t.Fatal(err)
	}
	for _, max := range []int{0, 1, 10, 100, 200, 300, 500, 1024, 4096} {
		if s := doc.Summary(max); len(s) > max {
			t.Errorf("Summary(%d) is %d bytes: %q", max, len(s), s)
		}
	}
	// With room to spare the summary carries every step.
	long := doc.Summary(1 << 16)
	for _, step := range alerts.MitigationSteps(doc.Mitigation) {
		if !strings.Contains(long, step) {
			t.Errorf("Summary(65536) lacks step %q", step)
		}
	}
}

func TestRunbookURLPointsAtTheFileInTheRepository(t *testing.T) {
	got := alerts.RunbookURL("podo-app-down")
	want := "https://github.com/podo-tickets/podo/blob/main/alerts/runbooks/podo-app-down.md"
	if got != want {
		t.Errorf("RunbookURL = %q, want %q", got, want)
	}
}

func TestRunbookOfAnUnknownNameIsAnError(t *testing.T) {
	if _, err := alerts.Runbook("no-such-alarm"); err == nil {
		t.Error("Runbook(no-such-alarm) succeeded")
	}
}

// Runbooks quote PromQL for the engineer to paste; a metric renamed in the
// contract must not leave them quoting a name the service no longer exports.
func TestRunbooksQuoteOnlyTheServicesMetricNames(t *testing.T) {
	known := map[string]bool{}
	for _, m := range []string{
		contract.MetricHTTPRequestDuration, contract.MetricHTTPRequestsInFlight, contract.MetricHTTPRequestsAwaitingTurn, contract.MetricReservations,
		contract.MetricReservationRefusedWithoutDB, contract.MetricBookingTransactions, contract.MetricSeatLockBusy, contract.MetricDBLockRetries,
		contract.MetricCacheRequests, contract.MetricSSEClients, contract.MetricSSEEvents,
		contract.MetricRedisUp, contract.MetricRedisErrors, contract.MetricHolds, contract.MetricRateLimited,
		contract.MetricBuildInfo, contract.MetricLineWaiting, contract.MetricLineAdmissions, contract.MetricLineWait,
		contract.MetricLinePasses, contract.MetricLineIdlePasses, contract.MetricLineSeatsLeft,
	} {
		for _, suffix := range []string{"", "_bucket", "_count", "_sum"} {
			known[m+suffix] = true
		}
	}
	podoMetric := regexp.MustCompile(`\bpodo_[a-z_]+`)
	quoted := 0
	for _, name := range alerts.RunbookNames() {
		doc, err := alerts.Runbook(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range podoMetric.FindAllString(doc.Meaning+doc.Diagnosis+doc.Mitigation, -1) {
			quoted++
			if !known[m] {
				t.Errorf("%s quotes %s, which is no metric of the contract", name, m)
			}
		}
	}
	if quoted == 0 {
		t.Error("no runbook quotes a podo metric: the check checks nothing")
	}
}
