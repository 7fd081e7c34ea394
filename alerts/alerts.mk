# Alert rules and runbooks (alerts/). The rules are generated from Go so that metric names come
# from app/contract: `make alerts-rules` rewrites alerts/rules/ and a test fails when it is stale.
TEST_TARGETS += test-alerts

.PHONY: alerts-rules test-alerts
alerts-rules:
	cd alerts && go run ./cmd/genrules -dir rules

# promtool checks and unit-tests the rules; the Go tests check the runbooks, that the committed
# rules are the generator's output, and (alerts/e2e) that a real Prometheus scraping the running
# service loads and evaluates the rules and that every metric the rules and dashboards use exists.
test-alerts: build
	@bash alerts/ensure-prometheus.sh
	promtool check rules alerts/rules/podo.rules.yaml
	cd alerts/rules && promtool test rules podo.rules.test.yaml
	cd alerts && go vet ./... && PODO_E2E_BIN=$(CURDIR)/bin/podo go test -count=1 -timeout 5m ./...
