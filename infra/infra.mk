# infra/: the Pulumi program's property tests (run under Pulumi's mocks with
# the dev stack's config) and the GitHub Actions workflows, checked by actionlint.
TEST_TARGETS += test-infra
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.PHONY: test-infra lint-workflows
test-infra: lint-workflows
	cd infra && go vet ./... && go test -count=1 -ldflags='-s -w' ./...

# actionlint runs shellcheck on every run: block when shellcheck is installed.
lint-workflows:
	@command -v shellcheck >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null 2>&1; } || \
		echo "lint-workflows: shellcheck unavailable, run: blocks are not shell-checked"
	go run $(ACTIONLINT) -color
