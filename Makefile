# Podo: `make run` serves the product on http://localhost:8080 with demo data; `make test` runs
# every test. Both do their own set-up on a fresh Debian machine (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export GOFLAGS := -buildvcs=false

# Each area adds its own targets and appends to these lists in its own .mk file.
TEST_TARGETS := test-app lint-go
RUN_DEPS :=
-include frontend/frontend.mk infra/infra.mk alerts/alerts.mk dashboards/dashboards.mk load/load.mk

PODO_RUN_ENV := PODO_DEV_LOGIN=true PODO_SEED_DEMO=true PODO_ADMIN_EMAILS=admin@dev.podo.local \
	PODO_STATIC_DIR=$(CURDIR)/frontend/dist

.PHONY: help services build run test test-app lint-go
help:
	@echo "make run    - start MariaDB and Redis, build, and serve the API and SPA on http://localhost:8080"
	@echo "make test   - start MariaDB and Redis and run every test"
	@echo "make bench  - benchmarks and the short load scenarios"

services:
	@bash scripts/services.sh

build:
	cd app && go build -o ../bin/podo ./cmd/podo

run: services build $(RUN_DEPS)
	$(PODO_RUN_ENV) ./bin/podo serve

test: services
	@$(MAKE) --no-print-directory $(TEST_TARGETS)

# App tests share one MariaDB and one Redis, so packages run one at a time (-p 1).
test-app:
	cd app && go vet ./... && go test -p 1 -count=1 -timeout 15m ./...

# staticcheck, pinned, on every Go module of go.work (go vet runs in each module's own test target,
# ESLint in test-frontend). `go run` builds it once into the Go build cache.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint-go:
	@for m in $$(go list -m -f '{{.Dir}}'); do echo "staticcheck $${m#$(CURDIR)/}"; (cd $$m && go run $(STATICCHECK) ./...) || exit 1; done
