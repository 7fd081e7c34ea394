# The audience's SPA (frontend/): built into frontend/dist, which `make run` serves from the Go
# service; unit tests in jsdom and end-to-end tests in Debian's Chromium against the real service.

FRONTEND_DEPS := frontend/node_modules/.podo-installed

# npm ci only when node_modules is missing or older than the lockfile.
$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: spa test-frontend test-e2e chromium
spa: $(FRONTEND_DEPS)
	cd frontend && npm run build

RUN_DEPS += spa
TEST_TARGETS += test-frontend test-e2e

test-frontend: $(FRONTEND_DEPS)
	cd frontend && npm run typecheck && npx vitest run

# Playwright drives the system's Chromium; it never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test-e2e: spa chromium
	cd app && go build -o ../bin/podo ./cmd/podo
	bash frontend/e2e/run.sh
