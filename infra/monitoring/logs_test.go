package monitoring

import (
	"net/url"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/dashboards"
)

// The console's link must decode back to the query and the log group, or
// on-call opens an empty Logs Insights page.
func TestLogsInsightsURLDecodesToItsQueryAndLogGroup(t *testing.T) {
	group := ContainerLogGroup("podo-dev-eks")
	link := LogsInsightsURL("ap-northeast-2", []string{group}, dashboards.AppLogsQuery())

	prefix := "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#logsV2:logs-insights"
	if !strings.HasPrefix(link, prefix) {
		t.Fatalf("link %s", link)
	}
	outer, err := url.PathUnescape(strings.ReplaceAll(strings.TrimPrefix(link, prefix), "$", "%"))
	if err != nil || !strings.HasPrefix(outer, "?queryDetail=") {
		t.Fatalf("fragment %q: %v", outer, err)
	}
	detail, err := url.PathUnescape(strings.TrimPrefix(outer, "?queryDetail="))
	if err != nil {
		t.Fatal(err)
	}
	value := func(key string) string {
		i := strings.Index(detail, "~"+key+"~'")
		if i < 0 {
			t.Fatalf("no %s in %s", key, detail)
		}
		v := detail[i+len(key)+3:]
		v = v[:strings.IndexAny(v, "~)")]
		s, err := url.PathUnescape(strings.ReplaceAll(v, "*", "%"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := value("editorString"); got != dashboards.AppLogsQuery() {
		t.Errorf("query decodes to %q", got)
	}
	if got := value("timeType"); got != "RELATIVE" {
		t.Errorf("timeType %q", got)
	}
	if !strings.Contains(detail, "~source~(~'") {
		t.Fatalf("no source list in %s", detail)
	}
	src := detail[strings.Index(detail, "~source~(~'")+len("~source~(~'"):]
	src, _ = url.PathUnescape(strings.ReplaceAll(strings.TrimSuffix(src, "))"), "*", "%"))
	if src != group {
		t.Errorf("log group decodes to %q, want %q", src, group)
	}
}

// The query reads the fields where Fluent Bit puts them (under data.), not
// Container Insights' log_processed.
func TestAppLogsQueryUsesFluentBitsMergeKey(t *testing.T) {
	q := dashboards.AppLogsQuery()
	if strings.Contains(q, "log_processed") || !strings.Contains(q, "data.request_id") || !strings.Contains(q, `kubernetes.namespace_name = "podo"`) {
		t.Errorf("query %s", q)
	}
}
