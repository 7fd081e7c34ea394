# Grafana dashboards (dashboards/), written as typed Go in dashboards/internal/board with the Grafana
# Foundation SDK. `make dashboards` regenerates dashboards/*.json; a test fails when they are stale.
TEST_TARGETS += test-dashboards

.PHONY: dashboards test-dashboards
dashboards:
	cd dashboards && go run ./cmd/gen -dir .

test-dashboards:
	cd dashboards && go vet ./... && go test -count=1 ./...
