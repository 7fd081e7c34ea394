package e2e_test

import (
	"slices"
	"testing"
)

func TestMetricNamesFindsTheSeriesAnExpressionReads(t *testing.T) {
	for expr, want := range map[string][]string{
		`histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{namespace="podo", route!~"/x|/y\\{id\\}"}[$__rate_interval]))) > 0.25`: {"a_bucket"},
		`(sum(rate(b_total{outcome!~"reserved|error"}[5m])) / sum(rate(b_total[5m]))) > 0.01 and sum(increase(c_total[5m])) >= 3`:          {"b_total", "c_total"},
		`x >= on (namespace, hpa) y unless on (namespace) (z == on (namespace) w)`:                                                         {"w", "x", "y", "z"},
		`absent(up{job="podo-api"} == 1)`:                     {"up"},
		`sum by (pod) (go_goroutines{a="b"}) * 1e3 + 2`:       {"go_goroutines"},
		`count by (version) (podo_build_info) offset 5m`:      {"podo_build_info"},
		`increase(kube_pod_restarts{namespace="p"}[30m]) > 2`: {"kube_pod_restarts"},
	} {
		if got := metricNames(expr); !slices.Equal(got, want) {
			t.Errorf("metricNames(%s) = %v, want %v", expr, got, want)
		}
	}
}
