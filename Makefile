# loadgate — the front door. `make` lists the targets; `make load` and `make test` are all most people need.
# Every target is a thin wrapper over scripts/ or the loadgate CLI, so CI and humans run the same thing.

SHELL := /bin/bash
.DEFAULT_GOAL := help
LOADGATE := node orchestrator/bin/loadgate.js

# Overrides for `make load`, e.g. `make load PROFILE=smoke SCENARIOS=chat,redis`.
INVENTORY ?= lab/inventory.yaml
PROFILE ?= load
SCENARIOS ?=
# `make load GENERATORS=3`: the k6 scenarios split over three lab generator hosts (real sshd on loopback).
GENERATORS ?=
# `make load DASHBOARD=1`: each local k6 also exports its web dashboard (dashboard.html); off by default, it costs CPU per request.
DASHBOARD ?=
RUN_FLAGS := --inventory $(INVENTORY) --profile $(PROFILE) $(if $(SCENARIOS),--scenario $(SCENARIOS))

.PHONY: help setup load test check lab bench clean doctor validate plan mutation

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install what loadgate needs (npm deps, k6 from the Go module proxy, redis-server); idempotent
	@scripts/setup.sh

load: setup ## Run the default suite (PROFILE=load) against the embedded lab, or INVENTORY=/PROFILE=/SCENARIOS=/GENERATORS=/DASHBOARD=1
	@$(LOADGATE) run $(RUN_FLAGS) $(if $(GENERATORS),--generators $(GENERATORS)) $(if $(DASHBOARD),--dashboard)

test: ## Run every test layer (unit, integration, CLI, chaos) with the loopback guard on
	@scripts/setup.sh --test
	@LOADGATE_LOOPBACK_ONLY=1 npx --no-install tsx scripts/test.ts all

check: setup ## Typecheck every TS project, lint, format check, unit tests
	@npm run --silent typecheck
	@npm run --silent lint
	@npm run --silent format:check
	@LOADGATE_LOOPBACK_ONLY=1 npx --no-install tsx scripts/test.ts unit

mutation: ## Mutation testing (StrykerJS) of the decision code: criteria, verdict, load validity, cross-checks, compare, junit (not part of test; ~1 h on 2 busy cores)
	@LOADGATE_LOOPBACK_ONLY=1 npx --no-install stryker run

lab: setup ## Run the embedded lab in the foreground (Ctrl-C stops it)
	@$(LOADGATE) lab

# Flags for `make bench`, e.g. `make bench BENCH_FLAGS="--quick --only truth"` (bench/README.md).
BENCH_FLAGS ?=
bench: setup ## Benchmarks: loadgate vs wrk/hey/Locust, harness overhead, measurement truth (not part of test)
	@LOADGATE_LOOPBACK_ONLY=1 npx --no-install tsx bench/run.ts $(BENCH_FLAGS)

doctor: ## Show the toolchain loadgate found
	@$(LOADGATE) doctor

validate: setup ## Validate inventory, thresholds and profiles without sending anything
	@$(LOADGATE) validate $(RUN_FLAGS)

plan: setup ## Print what `make load` would do, without sending anything
	@$(LOADGATE) plan $(RUN_FLAGS)

clean: ## Remove build output and the local toolchain (results/ is kept)
	rm -rf k6/dist .tools node_modules
