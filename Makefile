# Thin wrappers around the Maven wrapper; `make help` lists them.
MVNW := ./mvnw -B
APP_ENV ?= dev
# the Compose plugin when the docker CLI has it, else the standalone docker-compose
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo 'docker compose' || echo docker-compose)

.DEFAULT_GOAL := help
.PHONY: help build run test unit-test repository-test docker-up docker-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

build: ## Compile, test and package the jar (target/message-dispatch-*.jar)
	$(MVNW) package

run: ## Run the service (APP_ENV=dev: embedded MongoDB, Redis and mock provider when no URLs are set)
	APP_ENV=$(APP_ENV) $(MVNW) spring-boot:run

test: ## Run every test (Testcontainers tests skip without Docker)
	$(MVNW) verify

unit-test: ## Run the tests that need no external service
	$(MVNW) test -DexcludedGroups=e2e

repository-test: ## Run the MongoDB store contract (embedded always, MongoDB 7 in Docker when available)
	$(MVNW) test -Dtest='*MessageStoreTests' -Dsurefire.failIfNoSpecifiedTests=false

docker-up: ## Start MongoDB, Redis, a provider stub and the service (prod mode) with Docker Compose
	$(COMPOSE) up -d --build

docker-down: ## Stop what docker-up started
	$(COMPOSE) down

clean: ## Remove build output and the embedded MongoDB data in ./data
	$(MVNW) clean
	rm -rf data
