#!/usr/bin/env bash
# Ping round-trip time: the kernel pinging the Java stack over a TAP device, side by side with
# the kernel pinging the kernel over a veth pair. Each run sends COUNT pings at INTERVAL and
# prints min/avg/p99/max in ms; RUNS runs each. Needs root; everything happens in network
# namespaces this script creates and deletes (trap), with 198.51.100.0/24 addresses only.
#   usage: [WARMUP=5000] [HOST_OPTS="--busy-poll 5000"] [PIN=CPU] scripts/bench-ping.sh [COUNT=1000] [INTERVAL=0.002] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
count=${1:-1000}; interval=${2:-0.002}; runs=${3:-3}; warmup=${WARMUP:-5000}
id=$$
tapns=ns4j-bping-$id-t; vea=ns4j-bping-$id-a; veb=ns4j-bping-$id-b
host_pid=
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null || true
  for n in "$tapns" "$vea" "$veb"; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

[ -f app/target/netstack4j.jar ] || make -s build

# TAP: kernel 198.51.100.1 <-> Java 198.51.100.2
bench_tap_ns "$tapns"
ip netns exec "$tapns" ${PIN:+taskset -c "$PIN"} ./netstack4j host --tap tap0 --ip 198.51.100.2/24 ${HOST_OPTS:-} >/tmp/ns4j-bping-$id.log 2>&1 &
host_pid=$!
for _ in $(seq 100); do grep -q "up:" /tmp/ns4j-bping-$id.log 2>/dev/null && break; sleep 0.1; done

# veth: kernel 198.51.100.11 <-> kernel 198.51.100.12
bench_veth_pair "$vea" "$veb"

summary() { # reads ping output, prints "min avg p99 max" in ms
  grep -o 'time=[0-9.]*' | cut -d= -f2 | sort -n | awk '{a[NR]=$1; s+=$1} END {
    if (NR==0) {print "no replies"; exit}
    p=int(NR*0.99+0.5); if (p<1) p=1; if (p>NR) p=NR;
    printf "min %.3f avg %.3f p99 %.3f max %.3f ms (%d replies)\n", a[1], s/NR, a[p], a[NR], NR}'
}
# Warm-up (not counted): lets the JIT compile the Java stack's receive path, as any long-running
# server would be; the kernel side needs none, but gets the same for fairness.
ip netns exec "$tapns" ping -q -c "$warmup" -i 0.001 198.51.100.2 >/dev/null || true
ip netns exec "$vea" ping -q -c "$warmup" -i 0.001 198.51.100.12 >/dev/null || true
for r in $(seq "$runs"); do
  echo "run $r kernel->java (TAP):  $(ip netns exec "$tapns" ${PIN:+taskset -c "$PIN"} ping -c "$count" -i "$interval" 198.51.100.2 | summary)"
  echo "run $r kernel->kernel (veth): $(ip netns exec "$vea" ${PIN:+taskset -c "$PIN"} ping -c "$count" -i "$interval" 198.51.100.12 | summary)"
done
