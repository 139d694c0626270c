# Thin wrappers around the Maven wrapper; `make help` lists them.
MVNW := ./mvnw -B
APP_ENV ?= dev
# the Compose plugin when the docker CLI has it, else the standalone docker-compose
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo 'docker compose' || echo docker-compose)

.DEFAULT_GOAL := help
.PHONY: help build run test unit-test repository-test screenshot faults bench bench-store bench-start bench-api docker-up docker-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

build: ## Compile, test and package the jar (target/message-dispatch-*.jar)
	$(MVNW) package

run: ## Run the service (APP_ENV=dev: embedded MongoDB, Redis and mock provider when no URLs are set)
	APP_ENV=$(APP_ENV) $(MVNW) spring-boot:run

test: ## Run every test (Testcontainers tests skip without Docker)
	$(MVNW) verify

unit-test: ## Run the fast tests (no end-to-end or fault scenarios)
	$(MVNW) test -DexcludedGroups=e2e,faults

repository-test: ## Run the MongoDB store contracts (embedded always, MongoDB 7 in Docker when available)
	$(MVNW) test -Dtest='*MessageStoreTests*,*DeliveryReportStoreTests*' -Dsurefire.failIfNoSpecifiedTests=false

screenshot: ## Run the dashboard's browser test and save its screenshot as docs/dashboard.png (the README's)
	$(MVNW) test -Dtest=DashboardBrowserTests -Ddashboard.screenshot=docs/dashboard.png \
		-Dsurefire.failIfNoSpecifiedTests=false

FAULT_MESSAGES ?= 10000
FAULT_ROUNDS ?= 20

faults: ## Run the fault matrix at FAULT_MESSAGES messages (10,000), the multi-instance race FAULT_ROUNDS (20) times
	rm -f target/faults/ledger.txt
	$(MVNW) test -Dgroups=faults -Dfaults.messages=$(FAULT_MESSAGES) -Dfaults.rounds=$(FAULT_ROUNDS) \
		-Dsurefire.failIfNoSpecifiedTests=false
	@cat target/faults/ledger.txt

N ?= 100000
bench: ## Throughput benchmark on loopback, service vs seed-style loop (N=100000; N=1000000 for the scale run)
	$(MVNW) -q -Pbench test-compile exec:exec -Dbench.args="n=$(N) $(BENCH_ARGS)"

bench-store: ## The store alone: claim stream and bulk record without provider or Redis, the service's ceiling (N=100000)
	$(MVNW) -q -Pbench test-compile exec:exec -Dbench.main=io.messagedispatch.bench.StoreBenchmark -Dbench.args="n=$(N) $(BENCH_ARGS)"

bench-start: ## Seconds from launching the service on embedded defaults to its first POST of a waiting message
	$(MVNW) -q -Pbench test-compile exec:exec -Dbench.main=io.messagedispatch.bench.StartupBenchmark -Dbench.args="$(BENCH_ARGS)"

bench-api: ## Read latency at 100 connections with 1k and 100k messages stored, H2 and memory stores (BENCH_ARGS)
	$(MVNW) -q -Pbench test-compile exec:exec -Dbench.main=io.messagedispatch.bench.ApiBenchmark -Dbench.args="$(BENCH_ARGS)"

docker-up: ## Start MongoDB, Redis, a provider stub and the service (prod mode) with Docker Compose
	$(COMPOSE) up -d --build

docker-down: ## Stop what docker-up started
	$(COMPOSE) down

clean: ## Remove build output and the embedded MongoDB data in ./data
	$(MVNW) clean
	rm -rf data
