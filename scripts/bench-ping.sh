#!/usr/bin/env bash
# Ping round-trip time: the kernel pinging the Java stack over a TAP device, side by side with
# the kernel pinging the kernel over a veth pair. Each run sends COUNT pings at INTERVAL and
# prints min/avg/p99/max in ms; RUNS runs each. Needs root; everything happens in network
# namespaces this script creates and deletes (trap), with 198.51.100.0/24 addresses only.
#   usage: [WARMUP=50000] [WARMUP_SECONDS=70] [HOST_OPTS="--busy-poll 2000000"] [PIN=CPU | HOST_CPU=CPU LOOP_CPU=CPU PING_CPU=CPU]
#          [REF=block|busy] scripts/bench-ping.sh [COUNT=1000] [INTERVAL=0.002] [RUNS=3]
# PIN runs the Java host and the pings on one CPU. HOST_CPU places the JVM, LOOP_CPU then moves
# the stack's loop thread alone, PING_CPU places ping: with --busy-poll the loop spins, so it is
# best kept on a CPU of its own. REF adds runs of bench/c/tap-echo.c, the least a user-space
# program can do to answer ping on a TAP (sleeping in poll, or busy polling), built with cc.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
count=${1:-1000}; interval=${2:-0.002}; runs=${3:-3}; warmup=${WARMUP:-50000}; warmup_seconds=${WARMUP_SECONDS:-70}
host_cpu=${HOST_CPU:-${PIN:-}}; ping_cpu=${PING_CPU:-${PIN:-}}; ref=${REF:-}
id=$$
tapns=ns4j-bping-$id-t; refns=ns4j-bping-$id-r; vea=ns4j-bping-$id-a; veb=ns4j-bping-$id-b
tmp=$(mktemp -d /tmp/ns4j-bping-XXXXXX)
host_pid=; ref_pid=
cleanup() {
  for p in $host_pid $ref_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  for n in "$tapns" "$refns" "$vea" "$veb"; do ip netns del "$n" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

[ -f app/target/netstack4j.jar ] || make -s build
case "$ref" in
  ""|block|busy) ;;
  *) echo "REF must be block or busy, not '$ref'" >&2; exit 2 ;;
esac

# TAP: kernel 198.51.100.1 <-> Java 198.51.100.2
bench_tap_ns "$tapns"
ip netns exec "$tapns" ${host_cpu:+taskset -c "$host_cpu"} ./netstack4j host --tap tap0 --ip 198.51.100.2/24 ${HOST_OPTS:-} >"$tmp/host.log" 2>&1 &
host_pid=$!
wait_up() { local _; for _ in $(seq 100); do grep -q "up:" "$1" 2>/dev/null && break; sleep 0.1; done; }
wait_up "$tmp/host.log"
if [ -n "${LOOP_CPU:-}" ]; then # the stack's loop thread is named after the TAP device
  for t in /proc/"$host_pid"/task/*; do
    [ "$(cat "$t/comm")" = tap0 ] && taskset -pc "$LOOP_CPU" "${t##*/}" >/dev/null
  done
fi

# veth: kernel 198.51.100.11 <-> kernel 198.51.100.12
bench_veth_pair "$vea" "$veb"

summary() { # reads ping output, prints "min avg p99 max" in ms
  grep -o 'time=[0-9.]*' | cut -d= -f2 | sort -n | awk '{a[NR]=$1; s+=$1} END {
    if (NR==0) {print "no replies"; exit}
    p=int(NR*0.99+0.5); if (p<1) p=1; if (p>NR) p=NR;
    printf "min %.3f avg %.3f p99 %.3f max %.3f ms (%d replies)\n", a[1], s/NR, a[p], a[NR], NR}'
}
pings() { # NS DEST [extra ping options]
  ip netns exec "$1" ${ping_cpu:+taskset -c "$ping_cpu"} ping "${@:3}" "$2"
}
# Warm-up (not counted), so that the Java stack is measured as a server that has been up for a
# while. First a flood of WARMUP pings: the JIT compiles the receive path with C2 (after 5,000
# pings it was still C1 code with profiling, about 35 µs slower per echo at long intervals). Then
# WARMUP_SECONDS of pings at 1 ms: long enough for both sides' ARP entries to age (30 s) and be
# probed again. C2 leaves out branches that never ran while it profiled; the first ARP probe
# then throws the compiled path back to the interpreter, and at one ping a second it would take
# hours to be compiled again. During those seconds the veth peers get their flood too; the
# kernel and the C reference have no JIT to warm.
warm() { pings "$1" "$2" -q -f -c "$warmup" >/dev/null || true; }
warm "$tapns" 198.51.100.2
if [ "$warmup_seconds" -gt 0 ]; then
  pings "$tapns" 198.51.100.2 -q -i 0.001 -w "$warmup_seconds" >/dev/null &
  warm_pid=$!
fi
warm "$vea" 198.51.100.12
[ -n "${warm_pid:-}" ] && { wait "$warm_pid" || true; }
series() { # LABEL NS: RUNS runs of COUNT pings to 198.51.100.2 in NS, each followed by one over veth
  local r
  for r in $(seq "$runs"); do
    echo "run $r kernel->$1 (TAP):  $(pings "$2" 198.51.100.2 -c "$count" -i "$interval" | summary)"
    echo "run $r kernel->kernel (veth): $(pings "$vea" 198.51.100.12 -c "$count" -i "$interval" | summary)"
  done
}
series java "$tapns"
[ -n "$ref" ] || exit 0

# The C reference, after the Java host has stopped (two busy pollers must not share a CPU): the
# same addresses, in a namespace of its own, on the CPU the Java loop had.
kill "$host_pid" && wait "$host_pid" 2>/dev/null || true
host_pid=
cc -O2 -o "$tmp/tap-echo" bench/c/tap-echo.c
bench_tap_ns "$refns"
ref_cpu=${LOOP_CPU:-$host_cpu}
ip netns exec "$refns" ${ref_cpu:+taskset -c "$ref_cpu"} "$tmp/tap-echo" tap0 "$ref" >"$tmp/ref.log" 2>&1 &
ref_pid=$!
wait_up "$tmp/ref.log"
warm "$refns" 198.51.100.2
series "C $ref" "$refns"
