# The audience's SPA (frontend/): built into frontend/dist, which `make run` serves from the Go
# service; unit tests in jsdom and end-to-end tests in Debian's Chromium against the real service.

FRONTEND_DEPS := frontend/node_modules/.podo-installed

# npm ci only when node_modules is missing or older than the lockfile.
$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: spa api-types test-frontend test-e2e chromium screenshots
spa: $(FRONTEND_DEPS)
	cd frontend && npm run build

RUN_DEPS += spa
TEST_TARGETS += test-frontend test-e2e

# The SPA's wire types are generated from the service's OpenAPI document; the test fails when the
# committed file is not what the document gives.
api-types: $(FRONTEND_DEPS)
	cd frontend && npm run api-types

test-frontend: $(FRONTEND_DEPS)
	cd frontend && npm run api-types:check && npm run typecheck && npm run lint && npx vitest run

# Playwright drives Debian's Chromium; it never downloads a browser of its own. The CJK fonts
# draw the demo shows' Korean titles in the screenshots.
chromium:
	@dpkg -s chromium fonts-noto-cjk >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test-e2e: spa chromium
	cd app && go build -o ../bin/podo ./cmd/podo
	bash frontend/e2e/run.sh

# Refreshes the README's pictures from the last e2e run (run `make test-e2e` first).
SCREENSHOTS := home seat-map-live:seat-map my-reservations seat-map-phone big-hall-overview:show-page big-hall-section:big-hall-section big-hall-phone
screenshots:
	@command -v pngquant >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pngquant >/dev/null
	@mkdir -p docs/screenshots
	@for pair in $(SCREENSHOTS); do src=$${pair%%:*}; dst=$${pair##*:}; \
		pngquant --force --quality=60-85 --strip --output docs/screenshots/$$dst.png test-output/e2e/$$src.png && \
		echo "docs/screenshots/$$dst.png"; done
