#!/usr/bin/env bash
# TCP benchmarks: the Java stack on a TAP device (MTU 1500) against the kernel, side by side with the
# kernel against the kernel over a veth pair whose offloads are off (TSO, GSO, GRO, checksums):
#   (1) bulk throughput, one connection, BYTES per transfer:
#       kernel -> Java: scripts/bench-tcp-peer.py source -> `netstack4j host --tcp-discard 9` (one
#         JVM for all runs, warmed by a first transfer; the rate is the source's: connected to the
#         discard service's close after the last byte);
#       Java -> kernel: `head -c BYTES /dev/zero | netstack4j connect ...` (a fresh JVM per run) ->
#         bench-tcp-peer.py sink (first byte to end of stream; "steady" leaves out the first second);
#       kernel -> kernel over veth: the same source and sink in two namespaces, and iperf3 -n BYTES
#         if it is installed (C on both ends: what the kernel does without python3's own cost);
#   (4) connections per second: bench-tcp-peer.py crr (connect, 64 bytes out, 64 back, close; one at
#       a time) against the host's --tcp-echo 7, and against bench-tcp-peer.py echo over veth.
# Every run alternates TAP and veth. Needs root; everything happens in network namespaces this script
# creates and deletes (trap), with 198.51.100.0/24 addresses only; every peer is bounded in bytes,
# count and time, and every process it starts is ended by its PID.
#   usage: scripts/bench-tcp.sh [RUNS=3] [BYTES=1073741824] [CRR_COUNT=5000] [CRR_SECONDS=10]
#   env: NS4J_SKIP_BUILD=1 skips the build; HOST_OPTS extra options for the Java host and connect
#        (e.g. "--busy-poll 1000000"); NETSTACK4J_JAVA_OPTS is passed on by the launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
runs=${1:-3}; bytes=${2:-1073741824}; crr_count=${3:-5000}; crr_seconds=${4:-10}
host_opts=${HOST_OPTS:-}
bulk_seconds=120
peer=scripts/bench-tcp-peer.py
id=$$
hostns=ns4j-btcp-$id-h; connns=ns4j-btcp-$id-c; vea=ns4j-btcp-$id-a; veb=ns4j-btcp-$id-b
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for n in "$hostns" "$connns" "$vea" "$veb"; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

source scripts/env.sh && ns4j_env
if [ "${NS4J_SKIP_BUILD:-0}" != 1 ]; then
  "$MVN" -q -B -pl app -am -DskipTests package
fi

# TAP namespaces: kernel 198.51.100.1 <-> Java 198.51.100.2 (one for the host, one for connect:
# a TAP device takes one stack at a time).
bench_tap_ns "$hostns"
bench_tap_ns "$connns"
# veth: kernel 198.51.100.11 <-> kernel 198.51.100.12, offloads off on both ends.
bench_veth_pair "$vea" "$veb"
ip netns exec "$vea" ethtool -K v0 tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
ip netns exec "$veb" ethtool -K v1 tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
# Clients leave TIME-WAIT entries behind (60 s each): a wide ephemeral range, and TIME-WAIT ports
# reused for new connections (both servers use timestamps); namespace-local sysctls. Without them,
# once about half the range is in TIME-WAIT (connect prefers even ports), connect() slows down and
# a round of 10,000 connections ran into its time bound, over veth as well as over the TAP.
for n in "$hostns" "$veb"; do
  ip netns exec "$n" sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1
done

tmp=$(mktemp -d /tmp/ns4j-btcp.XXXXXX)
hostlog=$tmp/host.log
# shellcheck disable=SC2086
ip netns exec "$hostns" timeout 3600 ./netstack4j host --tap tap0 --ip 198.51.100.2/24 $host_opts \
  --tcp-discard 9 --tcp-echo 7 </dev/null >"$hostlog" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q ' up: ' "$hostlog" 2>/dev/null && break; sleep 0.1; done
grep -q ' up: ' "$hostlog" || { echo "bench-tcp: the Java host did not start:" >&2; cat "$hostlog" >&2; exit 1; }

field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }   # a key=value field of a RESULT line on stdin
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# A peer in namespace $1 in the background (its output in file $2), waited for with READY.
start_peer() {
  local ns=$1 out=$2; shift 2
  ip netns exec "$ns" timeout 600 python3 "$peer" "$@" >"$out" 2>&1 &
  peer_pid=$!; pids+=("$peer_pid")
  for _ in $(seq 100); do grep -q READY "$out" 2>/dev/null && return 0; sleep 0.05; done
  echo "bench-tcp: peer $* not ready" >&2; cat "$out" >&2; return 1
}
wait_peer() { wait "$peer_pid" 2>/dev/null || true; }

k2j() {   # kernel -> Java (the host's discard service)
  ip netns exec "$hostns" timeout $((bulk_seconds + 10)) python3 "$peer" source 198.51.100.2 9 "$1" "$bulk_seconds" | grep '^RESULT'
}
j2k() {   # Java (connect, a fresh JVM) -> kernel sink
  start_peer "$connns" "$tmp/sink.out" sink 198.51.100.1 5001 "$bulk_seconds"
  # shellcheck disable=SC2086
  head -c "$1" /dev/zero | ip netns exec "$connns" timeout $((bulk_seconds + 10)) ./netstack4j connect --tap tap0 \
    --ip 198.51.100.2/24 $host_opts 198.51.100.1 5001 >/dev/null 2>"$tmp/connect.err" || cat "$tmp/connect.err" >&2
  wait_peer
  grep '^RESULT' "$tmp/sink.out"
}
veth() {  # kernel -> kernel over veth
  start_peer "$vea" "$tmp/vsink.out" sink 198.51.100.11 5001 "$bulk_seconds"
  ip netns exec "$veb" timeout $((bulk_seconds + 10)) python3 "$peer" source 198.51.100.11 5001 "$1" "$bulk_seconds" >/dev/null
  wait_peer
  grep '^RESULT' "$tmp/vsink.out"
}
iperf_veth() {  # kernel -> kernel over veth with iperf3 (C, no python3 in the way), if installed
  ip netns exec "$vea" timeout $((bulk_seconds + 10)) iperf3 -s -1 -B 198.51.100.11 -p 5201 >/dev/null 2>&1 &
  peer_pid=$!; pids+=("$peer_pid")
  for _ in $(seq 50); do ip netns exec "$vea" ss -Hltn 'sport = :5201' | grep -q . && break; sleep 0.1; done
  ip netns exec "$veb" timeout $((bulk_seconds + 10)) iperf3 -c 198.51.100.11 -p 5201 -n "$1" -J \
    | python3 -c 'import json,sys; print("RESULT gbits=%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'
  wait_peer
}
crr_java() {
  ip netns exec "$hostns" timeout $((crr_seconds + 20)) python3 "$peer" crr 198.51.100.2 7 "$crr_count" "$crr_seconds" 64 | grep '^RESULT'
}
crr_veth() {
  start_peer "$vea" "$tmp/echo.out" echo 198.51.100.11 7 "$crr_count" $((crr_seconds + 10))
  ip netns exec "$veb" timeout $((crr_seconds + 20)) python3 "$peer" crr 198.51.100.11 7 "$crr_count" "$crr_seconds" 64 | grep '^RESULT'
  kill "$peer_pid" 2>/dev/null || true; wait_peer
}
show() { echo "  $1: $2" >&2; }

echo "kernel $(uname -r), $(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bytes per transfer $bytes, MTU 1500; connections: $crr_count per round (at most $crr_seconds s), 64-byte exchange"
echo "veth offloads: $(ip netns exec "$vea" ethtool -k v0 | grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-checksumming|rx-checksumming):' | tr -s ' \n' ' ')"
echo "== warm-up (the host JVM: one transfer and $crr_count connections)"
show "kernel -> Java warm-up" "$(k2j $((bytes / 4)))"
show "connections warm-up" "$(crr_java)"

k2jr=(); j2kr=(); j2ks=(); vr=(); ir=(); cj=(); cv=()
for r in $(seq "$runs"); do
  echo "== run $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  o=$(k2j "$bytes"); show "kernel -> Java over TAP" "$o"; k2jr+=("$(field gbits <<<"$o")")
  o=$(veth "$bytes"); show "kernel -> kernel over veth" "$o"; vr+=("$(field gbits <<<"$o")")
  if command -v iperf3 >/dev/null; then
    o=$(iperf_veth "$bytes"); show "kernel -> kernel over veth, iperf3" "$o"; ir+=("$(field gbits <<<"$o")")
  fi
  o=$(j2k "$bytes"); show "Java -> kernel over TAP" "$o"; j2kr+=("$(field gbits <<<"$o")"); j2ks+=("$(field steady_gbits <<<"$o")")
  o=$(crr_java); show "connections, kernel client -> Java echo over TAP" "$o"; cj+=("$(field rate <<<"$o")")
  o=$(crr_veth); show "connections, kernel client -> kernel echo over veth" "$o"; cv+=("$(field rate <<<"$o")")
done

echo
echo "== TCP summary ($runs runs; load now $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-58s %-34s %s\n' "figure" "runs" "median"
row() { local name=$1; shift; printf '%-58s %-34s %s\n' "$name" "$*" "$(median "$@")"; }
row "(1) kernel -> Java over TAP, Gbit/s"                 "${k2jr[@]}"
row "(1) Java -> kernel over TAP, Gbit/s (fresh JVM)"      "${j2kr[@]}"
row "(1)   the same after its first second, Gbit/s"        "${j2ks[@]}"
row "(1) kernel -> kernel over veth, offloads off, Gbit/s" "${vr[@]}"
[ ${#ir[@]} -gt 0 ] && row "(1) the same with iperf3 (no python3), Gbit/s" "${ir[@]}"
row "(4) kernel client -> Java echo over TAP, conns/s"     "${cj[@]}"
row "(4) kernel client -> kernel echo over veth, conns/s"  "${cv[@]}"
echo "host counters at the end:"
grep -v '^$' "$hostlog" | tail -n 5 || true
rm -rf "$tmp"
