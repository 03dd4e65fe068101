#!/usr/bin/env bash
# Resolver lookups per second against dnsmasq: the Java stack's Resolver (cache off, so every lookup
# is a query on the wire) over a TAP device, one lookup at a time and CONCURRENCY in flight
# (io.netstack4j.bench.ResolverRate), side by side with kernel clients over a veth pair: a python3
# stub-resolver loop (scripts/bench-udp-peer.py dns, one at a time) and dnsperf (Debian's package
# dnsperf, if installed: 1 and CONCURRENCY queries outstanding). dnsmasq answers a test record only:
#   dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --listen-address=IP
#           --bind-interfaces --address=/bench.example.test/198.51.100.80
# RUNS runs (fresh JVMs), each the median of ROUNDS rounds after warm-ups; prints every run and the
# median of the runs. Needs root; everything happens in network namespaces this script creates and
# deletes (trap), with 198.51.100.0/24 addresses only.
#   usage: scripts/bench-dns.sh [RUNS=3] [COUNT=20000] [ROUNDS=3] [CONCURRENCY=16]
#   env: NS4J_TARGET=target-x build output folder (default target); NS4J_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
runs=${1:-3}; count=${2:-20000}; rounds=${3:-3}; conc=${4:-16}
target=${NS4J_TARGET:-target}
peer=scripts/bench-udp-peer.py
name=bench.example.test; answer=198.51.100.80
id=$$
tapns=ns4j-bdns-$id-t; vea=ns4j-bdns-$id-a; veb=ns4j-bdns-$id-b
queries=$(mktemp /tmp/ns4j-bdns-$id.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for n in "$tapns" "$vea" "$veb"; do ip netns del "$n" 2>/dev/null || true; done
  rm -f "$queries"
}
trap cleanup EXIT INT TERM

source scripts/env.sh && ns4j_env
if [ "${NS4J_SKIP_BUILD:-0}" != 1 ]; then
  "$MVN" -q -B -Dns4j.target="$target" -pl bench -am -DskipTests package
fi
jar=bench/$target/benchmarks.jar
[ -f "$jar" ] || { echo "bench-dns: $jar not found" >&2; exit 1; }
command -v dnsmasq >/dev/null || { echo "bench-dns: dnsmasq not found (apt-get install dnsmasq-base)" >&2; exit 1; }

# TAP: kernel and dnsmasq on 198.51.100.1 <-> Java 198.51.100.2.
bench_tap_ns "$tapns"
# veth: kernel clients on 198.51.100.11 <-> dnsmasq on 198.51.100.12.
bench_veth_pair "$vea" "$veb"

# dnsmasq in namespace $1 on address $2 (bounded to 1800 s; killed on exit).
start_dnsmasq() {
  ip netns exec "$1" timeout 1800 dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address="$2" --bind-interfaces --pid-file= --address="/$name/$answer" 2>/dev/null &
  pids+=("$!")
}
start_dnsmasq "$tapns" 198.51.100.1
start_dnsmasq "$veb" 198.51.100.12
for _ in $(seq 50); do   # until dnsmasq answers
  ip netns exec "$vea" python3 "$peer" dns 198.51.100.12 53 "$name" 1 1 2>/dev/null | grep -q 'answered=1' && break
  sleep 0.1
done
echo "$name A" >"$queries"

java=("$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$jar")
field() { tr ' ' '\n' | sed -n "s/^$1=//p" | tail -n 1; }      # key=value from a line on stdin
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
show() { local o; o=$("$@"); printf '%s\n' "$o" >&2; printf '%s\n' "$o"; }   # runs a harness: its output to stderr, and to stdout for the caller
dnsperf_qps() {  # $1 = queries outstanding; prints queries/s of one run of $count queries
  local out
  out=$(ip netns exec "$vea" timeout 120 dnsperf -s 198.51.100.12 -d "$queries" -n "$count" -c 1 -q "$1" -t 2 -l 60 2>&1)
  grep -q 'Queries lost: *0 ' <<<"$out" || echo "dnsperf: $(grep 'Queries lost' <<<"$out")" >&2
  sed -n 's/.*Queries per second: *\([0-9.]*\).*/\1/p' <<<"$out"
}

echo "kernel $(uname -r), $(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1), $(dnsmasq --version | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
have_dnsperf=0; command -v dnsperf >/dev/null && have_dnsperf=1
[ "$have_dnsperf" = 1 ] || echo "(dnsperf not installed: apt-get install dnsperf for its reference figures)"
j1=(); j1p50=(); j1p99=(); jn=(); py=(); dp1=(); dpn=()
for r in $(seq "$runs"); do
  echo "== run $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  out=$(show ip netns exec "$tapns" "${java[@]}" io.netstack4j.bench.ResolverRate tap0 198.51.100.2/24 198.51.100.1 \
          "$name" "$answer" "$count" "$rounds" "1,$conc")
  one=$(grep '^RESULT c=1 ' <<<"$out"); many=$(grep "^RESULT c=$conc " <<<"$out")
  j1+=("$(field qps <<<"$one")"); j1p50+=("$(field p50_us <<<"$one")"); j1p99+=("$(field p99_us <<<"$one")")
  jn+=("$(field qps <<<"$many")")

  p=(); d1=(); dn=()
  for i in $(seq 0 "$rounds"); do   # round 0 is a warm-up
    line=$(ip netns exec "$vea" python3 "$peer" dns 198.51.100.12 53 "$name" "$count" 60)
    echo "python3 stub loop over veth round $i: $line" >&2
    if [ "$have_dnsperf" = 1 ]; then
      a=$(dnsperf_qps 1); b=$(dnsperf_qps "$conc")
      echo "dnsperf over veth round $i: 1 outstanding $a/s, $conc outstanding $b/s" >&2
    fi
    if [ "$i" -gt 0 ]; then
      p+=("$(field rate <<<"$line")")
      [ "$have_dnsperf" = 1 ] && d1+=("$a") && dn+=("$b")
    fi
  done
  py+=("$(median "${p[@]}")")
  if [ "$have_dnsperf" = 1 ]; then dp1+=("$(median "${d1[@]}")"); dpn+=("$(median "${dn[@]}")"); fi
done

echo
echo "== DNS summary ($runs runs, each the median of $rounds rounds of $count lookups; load now $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-62s %-36s %s\n' "figure" "runs" "median"
row() { local n=$1; shift; [ $# -gt 0 ] && printf '%-62s %-36s %s\n' "$n" "$*" "$(median "$@")"; return 0; }
row "(c) Java Resolver over TAP, 1 at a time, lookups/s"            "${j1[@]}"
row "(c)   its latency p50, us"                                     "${j1p50[@]}"
row "(c)   its latency p99, us"                                     "${j1p99[@]}"
row "(c) Java Resolver over TAP, $conc in flight, lookups/s"         "${jn[@]}"
row "(c) python3 stub over veth, 1 at a time, queries/s"            "${py[@]}"
row "(c) dnsperf over veth, 1 outstanding, queries/s"               "${dp1[@]}"
row "(c) dnsperf over veth, $conc outstanding, queries/s"            "${dpn[@]}"
