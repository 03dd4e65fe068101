# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
ENV := source scripts/env.sh && ns4j_env
JAR := app/target/netstack4j.jar
MVNFLAGS ?= -q -B

.PHONY: demo test build bench clean interop tcp-soak

demo: build
	./netstack4j demo

build:
	@$(ENV) && $$MVN $(MVNFLAGS) -DskipTests package

test:
	@$(ENV) && $$MVN -B verify

# Only the kernel-interop tests (root, network namespaces). IT_ARGS passes more to Maven, e.g.
# IT_ARGS='-Dns4j.interop.bytes=50000000 -Dit.test=TcpInteropIT'.
IT_ARGS ?=
interop:
	@$(ENV) && $$MVN -B -pl app -am -DskipTests=false -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false $(IT_ARGS) verify

# The TCP simulation's long sweep: SEEDS seeds (500 by default) of 4 MiB each way at once through loss
# 0-20 %, duplication, reordering, corruption, delay and jitter, in virtual time (make test runs 16).
SEEDS ?= 500
tcp-soak:
	@$(ENV) && $$MVN -B -pl core -Dtest=TcpSimulationTest -Dsurefire.failIfNoSpecifiedTests=false \
		-Dtcp.sim.seeds=$(SEEDS) -Dtcp.sim.bytes=4194304 test

bench: build
	@echo "see docs/BENCHMARKS.md for the benchmark commands"

clean:
	@$(ENV) && $$MVN $(MVNFLAGS) clean
