# Load and fault scenarios (load/, its own module, see docs/benchmarks.md).
#   make bench      a short version of every scenario against the tool's own services; fails on a
#                   broken booking invariant. Results, JSON and charts go to out/bench/<scenario>.
#   make test-load  (part of make test) a very short flash sale and chaos run as a Go test; it prints
#                   figures and asserts only the invariants, never timings.
TEST_TARGETS += test-load
BENCH_OUT ?= $(CURDIR)/out/bench

.PHONY: bench test-load podo-load

podo-load:
	cd load && go build -o ../bin/podo-load .

# nginx is optional (the ceiling scenario measures it beside Podo when present); installing it may fail
# without network, and the bench goes on without it.
bench: services build podo-load
	@command -v nginx >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || echo "bench: nginx not installed; ceiling measures net/http only")
	./bin/podo-load browse --vus 300 --time-scale 0.15 --out $(BENCH_OUT)/browse
	./bin/podo-load flash-sale --users 2000 --out $(BENCH_OUT)/flash-sale
	./bin/podo-load flash-sale --one-seat --users 2000 --out $(BENCH_OUT)/one-seat
	./bin/podo-load chaos --users 500 --duration 30s --out $(BENCH_OUT)/chaos
	./bin/podo-load ceiling --duration 5s --out $(BENCH_OUT)/ceiling
	./bin/podo-load sse --subscribers 2000 --events 5 --out $(BENCH_OUT)/sse
	./bin/podo-load spread --shows 100 --duration 5s --out $(BENCH_OUT)/spread

test-load: services build
	cd load && go vet ./... && PODO_LOAD_TEST=1 PODO_BIN=$(CURDIR)/bin/podo go test -count=1 -timeout 10m -v -run 'TestFlashSaleAndChaos' .
