# Berth developer tasks. `make` (or `make help`) lists them.
#
# Python tools (moto, aws, cfn-lint, sam) live in .tools/venv, installed
# by infra/tools.sh. Recipes that use them source infra/env.sh, which
# puts them on PATH and points AWS clients at the local emulator
# (AWS_ENDPOINT_URL, default http://localhost:4566, fake credentials,
# us-east-1) unless those are already set.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

MVN        ?= mvn
BERTH_PORT ?= 8080
CLUSTER    ?= default

ENV := source infra/env.sh

# Java classpaths written by the build (dependency classpath + classes).
LOCAL_CP := $$(cat local/target/classpath.txt):local/target/classes
BENCH_CP := $$(cat benchmarks/target/classpath.txt):benchmarks/target/classes
SIM_CP   := $$(cat simulation/target/classpath.txt):simulation/target/classes

.PHONY: help tools build browser emulator emulator-stop docker docker-stop run test lint sam-build \
        bench-auth bench-coldstart bench-docker bench-ledger bench-reconciler bench-placement bench-policy bench-scale \
        ledger-check simulate clean distclean

help: ## List the targets
	@echo "Berth make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
	  | awk 'BEGIN { FS = ":.*## " } { printf "  %-14s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: BERTH_PORT=$(BERTH_PORT) (run), CLUSTER=$(CLUSTER) (ledger-check),"
	@echo "           AWS_ENDPOINT_URL (default http://localhost:4566),"
	@echo "           SEED INSTANCES SERVICES TASKS DURATION QUIET FAULTS and fault rates (simulate; see README)."
	@echo "Shell setup for running tools by hand: source infra/env.sh"

tools: ## Install the Python tools into .tools/venv (quick when up to date)
	@bash infra/tools.sh

build: ## Build all modules, skipping tests (mvn install)
	$(MVN) -B -q -DskipTests install

emulator: tools ## Start the local AWS emulator unless the endpoint already answers
	@$(ENV) && bash infra/emulator.sh ensure

emulator-stop: ## Stop the emulator started by `make emulator`
	@bash infra/emulator.sh stop

docker: ## Use the Docker Engine that answers, else install and start a private one; build berth/busybox:latest
	@bash infra/docker.sh ensure

docker-stop: ## Stop the private Docker Engine started by `make docker` (never another one)
	@bash infra/docker.sh stop

run: tools build emulator ## Run Berth locally on BERTH_PORT (default 8080) with BERTH_AGENTS (default 2) agents
	@test -f local/target/classpath.txt || { echo "run: local/target/classpath.txt missing after build" >&2; exit 1; }
	@$(ENV) && export BERTH_PORT="$(BERTH_PORT)" && exec bash infra/run-local.sh

browser: ## Install headless Chromium for the console's browser test (Debian package; skipped where it cannot)
	@bash infra/browser.sh

test: tools emulator browser ## Unit and integration tests (mvn verify), then lint
	@$(ENV) && $(MVN) -B verify
	@$(MAKE) --no-print-directory lint

lint: tools ## cfn-lint and sam validate --lint on template.yaml
	@if [[ ! -f template.yaml ]]; then \
	  echo "lint: template.yaml does not exist yet; skipping cfn-lint and sam validate"; \
	else \
	  $(ENV) \
	  && echo "lint: cfn-lint template.yaml" && cfn-lint template.yaml \
	  && echo "lint: sam validate --lint" \
	  && sam validate --lint --template template.yaml --region "$$AWS_REGION"; \
	fi

sam-build: tools ## sam build (uses the build-<Function> targets below)
	@$(ENV) && sam build --template template.yaml --region "$$AWS_REGION"

bench-reconciler: tools build emulator ## Reconciler cost per tick for 1,000 services (steady, then a 10% deployment)
	@test -f benchmarks/target/classpath.txt || { echo "bench-reconciler: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@$(ENV) && java -cp "$(BENCH_CP)" dev.berth.benchmarks.ReconcilerBenchmark

bench-auth: tools build emulator ## What authentication adds per request at the endpoint (cached and uncached keys)
	@test -f benchmarks/target/classpath.txt || { echo "bench-auth: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@$(ENV) && java -cp "$(BENCH_CP)" dev.berth.benchmarks.AuthBenchmark

bench-docker: tools build emulator docker ## Agent with a real Docker Engine: RunTask->RUNNING, StopTask->STOPPED, footprint with 50 containers
	@test -f benchmarks/target/classpath.txt || { echo "bench-docker: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@$(ENV) && java -cp "$(BENCH_CP)" dev.berth.benchmarks.docker.DockerAgentBenchmark

bench-ledger: tools build emulator ## Run the ledger benchmark against the emulator
	@test -f benchmarks/target/classpath.txt || { echo "bench-ledger: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@$(ENV) && java -cp "$(BENCH_CP)" dev.berth.benchmarks.LedgerBenchmark

bench-scale: build ## Steady-minute read units and service item sizes at ECS's scale (pure, from the store's item mapping)
	@test -f benchmarks/target/classpath.txt || { echo "bench-scale: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@java -cp "$(BENCH_CP)" dev.berth.benchmarks.MinuteCostBenchmark
	@echo
	@java -cp "$(BENCH_CP)" dev.berth.benchmarks.ServiceItemSizeBenchmark

bench-policy: build ## IAM policy evaluations per second for a 20-statement policy (pure CPU)
	@test -f benchmarks/target/classpath.txt || { echo "bench-policy: benchmarks/target/classpath.txt missing after build" >&2; exit 1; }
	@java -cp "$(BENCH_CP)" dev.berth.benchmarks.PolicyEvaluatorBenchmark

# Packages the functions' shaded jars (mvn package writes only target/ folders), then measures them.
bench-coldstart: tools emulator ## Cold start of each function's jar (C1 flags, with and without AppCDS), jar sizes, warm latency
	$(MVN) -B -q -DskipTests -pl benchmarks -am package
	@$(ENV) && java -cp "$(BENCH_CP)" dev.berth.benchmarks.coldstart.ColdStartBenchmark

ledger-check: tools ## Check the capacity ledger of CLUSTER (default: default)
	@test -f local/target/classpath.txt || { echo "ledger-check: run 'make build' first" >&2; exit 1; }
	@$(ENV) && java -cp "$(LOCAL_CP)" dev.berth.local.LedgerCheck "$(CLUSTER)"

# Knobs come from the environment or the command line: make simulate SEED=7 INSTANCES=200 FAULTS=2
simulate: ## Deterministic simulation of the control plane with faults (knobs SEED INSTANCES SERVICES TASKS DURATION FAULTS: README)
	$(MVN) -B -q -DskipTests -pl simulation -am compile
	@java -cp "$(SIM_CP)" dev.berth.simulation.Simulation

clean: ## Remove build output (mvn clean, .aws-sam)
	$(MVN) -B -q clean
	rm -rf .aws-sam

distclean: emulator-stop docker-stop clean ## clean, stop the emulator and remove .tools
	rm -rf .tools

# --- SAM build targets ---
# `sam build` runs `make build-<LogicalId>` for each function built with
# BuildMethod: makefile, with ARTIFACTS_DIR set. Those targets go here.
# The Java runtime puts /var/task/lib/*.jar on the classpath, so each function
# ships only its own shaded jar. Maven builds the function's module and the
# shared modules it needs (-am); tests belong to `make test`, not packaging.
# $(1): module directory under functions/, $(2): its artifactId.
define sam_package_function
	@test -n "$(ARTIFACTS_DIR)" || { echo "$@: ARTIFACTS_DIR is not set (run through sam build)" >&2; exit 1; }
	$(MVN) -B -q -DskipTests -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/$(1)/target/$(2)-*-lambda.jar "$(ARTIFACTS_DIR)/lib/"
endef

.PHONY: build-EcsEndpointFunction build-RegistrationFunction build-RunTaskFunction \
        build-ReadsFunction build-TaskStateFunction build-ServicesFunction \
        build-ReconcilerFunction build-SweepFunction

build-EcsEndpointFunction:
	$(call sam_package_function,endpoint,endpoint-function)

build-RegistrationFunction:
	$(call sam_package_function,registration,registration-function)

build-RunTaskFunction:
	$(call sam_package_function,run-task,run-task-function)

build-ReadsFunction:
	$(call sam_package_function,reads,reads-function)

build-TaskStateFunction:
	$(call sam_package_function,task-state,task-state-function)

build-ServicesFunction:
	$(call sam_package_function,services,services-function)

build-ReconcilerFunction:
	$(call sam_package_function,reconciler,reconciler-function)

# The sweep shares the reconciler's jar (one module, two handlers).
build-SweepFunction:
	$(call sam_package_function,reconciler,reconciler-function)

# --- Placement benchmark ---
# Berth's placement engine and Netflix Fenzo on the same workloads (benchmarks/placement/README.md).
bench-placement: ## Placement engine vs Fenzo (JMH; several minutes)
	$(MVN) -B -q -DskipTests -pl benchmarks/placement -am package
	java -jar benchmarks/placement/target/berth-placement-benchmarks.jar PlacementBenchmark \
	  -f 1 -wi 2 -i 3 -w 2s -r 2s -rf csv -rff benchmarks/placement/target/jmh-placement.csv
	java -cp benchmarks/placement/target/berth-placement-benchmarks.jar \
	  dev.berth.benchmarks.placement.PlacementQuality
