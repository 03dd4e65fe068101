# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
ENV := source scripts/env.sh && ns4j_env
JAR := app/target/netstack4j.jar
MVNFLAGS ?= -q -B

.PHONY: demo test build bench clean interop

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

bench: build
	@echo "see docs/BENCHMARKS.md for the benchmark commands"

clean:
	@$(ENV) && $$MVN $(MVNFLAGS) clean
