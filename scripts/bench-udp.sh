#!/usr/bin/env bash
# UDP benchmarks: the Java stack on a TAP device against the kernel, side by side with the kernel
# against the kernel over a veth pair. RUNS runs (fresh JVMs), each the median of ROUNDS rounds after
# warm-ups; prints every run and the median of the runs:
#   (a) datagrams/s of 1472 bytes, kernel -> Java (io.netstack4j.bench.UdpRate recv; plus "drain":
#       the Java side alone emptying a TAP queue the kernel filled while the loop was held) vs
#       kernel -> kernel over veth (UdpRate kernel: the same Java receive loop on a DatagramSocket);
#       Java -> kernel (UdpRate send: one call per datagram, and 64 per call as sendmmsg);
#   (b) request/response round trips/s, one outstanding, 64-byte requests: Java client over TAP ->
#       kernel echo (UdpRoundTrip tap) vs a DatagramSocket client over veth -> kernel echo
#       (UdpRoundTrip kernel) and a python3 client over veth (bench-udp-peer.py rtt).
# The kernel's side is scripts/bench-udp-peer.py (python3): senders, a sink, an echo server, each
# bounded in count and time. Needs root; everything happens in network namespaces this script
# creates and deletes (trap), with 198.51.100.0/24 addresses only.
#   usage: scripts/bench-udp.sh [RUNS=3] [RECV_COUNT=1000000] [SEND_COUNT=300000] [RTT_COUNT=20000] [ROUNDS=3]
#   env: SENDERS=1 kernel sender processes; TXQ=120000 the TAP's txqueuelen (its ring; the drain's
#        burst of BURST=100000 must fit); NS4J_TARGET=target-x build output folder (default target);
#        NS4J_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
runs=${1:-3}; recv_count=${2:-1000000}; send_count=${3:-300000}; rtt_count=${4:-20000}; rounds=${5:-3}
senders=${SENDERS:-1}; txq=${TXQ:-120000}; burst=${BURST:-100000}
target=${NS4J_TARGET:-target}
peer=scripts/bench-udp-peer.py
id=$$
tapns=ns4j-budp-$id-t; vea=ns4j-budp-$id-a; veb=ns4j-budp-$id-b
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for n in "$tapns" "$vea" "$veb"; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

source scripts/env.sh && ns4j_env
if [ "${NS4J_SKIP_BUILD:-0}" != 1 ]; then
  "$MVN" -q -B -Dns4j.target="$target" -pl bench -am -DskipTests package
fi
jar=bench/$target/benchmarks.jar
[ -f "$jar" ] || { echo "bench-udp: $jar not found" >&2; exit 1; }
java=("$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$jar")

# TAP: kernel 198.51.100.1 <-> Java 198.51.100.2 (the harness attaches the Java stack itself).
bench_tap_ns "$tapns" "$txq"
# veth: kernel 198.51.100.11 <-> kernel 198.51.100.12
bench_veth_pair "$vea" "$veb"
sleep 0.5

# An echo server (bounded to 600 s, killed once used), in namespace $1 on address $2, port 7.
start_echo() {
  ip netns exec "$1" timeout 600 python3 "$peer" echo "$2" 7 600 >/dev/null &
  echo_pid=$!; pids+=("$echo_pid")
  sleep 0.3
}
stop_echo() { kill "$echo_pid" 2>/dev/null || true; wait "$echo_pid" 2>/dev/null || true; }
result() { grep '^RESULT' | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }  # reads harness output on stdin
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
show() { local o; o=$("$@"); printf '%s\n' "$o" >&2; printf '%s\n' "$o"; }   # runs a harness: its output to stderr, and to stdout for the caller

echo "kernel $(uname -r), $(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "senders $senders, txqueuelen $txq, 1472-byte datagrams; round trips with 64-byte requests"
recv=(); drain=(); send=(); sendb=(); krecv=(); ksend=(); rtt=(); rtt50=(); rtt99=(); krtt=(); krtt50=(); prtt=()
for r in $(seq "$runs"); do
  echo "== run $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  out=$(show ip netns exec "$tapns" "${java[@]}" io.netstack4j.bench.UdpRate recv tap0 198.51.100.2/24 9000 "$peer" \
          "$senders" "$recv_count" "$rounds" 256 "$burst")
  recv+=("$(result recv <<<"$out")"); drain+=("$(result drain <<<"$out")")

  out=$(show ip netns exec "$veb" "${java[@]}" io.netstack4j.bench.UdpRate kernel "$vea" 198.51.100.12 9000 "$peer" \
          "$senders" "$recv_count" "$rounds" java)
  krecv+=("$(result recv <<<"$out")"); ksend+=("$(result send <<<"$out")")

  out=$(show ip netns exec "$tapns" "${java[@]}" io.netstack4j.bench.UdpRate send tap0 198.51.100.2/24 198.51.100.1 9001 \
          "$peer" "$send_count" "$rounds" 1 1)
  send+=("$(result send <<<"$out")")
  out=$(show ip netns exec "$tapns" "${java[@]}" io.netstack4j.bench.UdpRate send tap0 198.51.100.2/24 198.51.100.1 9001 \
          "$peer" "$send_count" "$rounds" 1 64)
  sendb+=("$(result send <<<"$out")")

  start_echo "$tapns" 198.51.100.1
  out=$(show ip netns exec "$tapns" "${java[@]}" io.netstack4j.bench.UdpRoundTrip tap tap0 198.51.100.2/24 198.51.100.1 7 \
          "$rtt_count" "$rounds" 64)
  stop_echo
  rtt+=("$(result rtt <<<"$out")"); rtt50+=("$(result p50_us <<<"$out")"); rtt99+=("$(result p99_us <<<"$out")")

  start_echo "$veb" 198.51.100.12
  out=$(show ip netns exec "$vea" "${java[@]}" io.netstack4j.bench.UdpRoundTrip kernel 198.51.100.12 7 "$rtt_count" "$rounds" 64)
  krtt+=("$(result rtt <<<"$out")"); krtt50+=("$(result p50_us <<<"$out")")
  p=()
  for i in $(seq 0 "$rounds"); do   # round 0 is a warm-up
    line=$(ip netns exec "$vea" python3 "$peer" rtt 198.51.100.12 7 "$rtt_count" 60 64)
    echo "python3 rtt client over veth round $i: $line" >&2
    [ "$i" -gt 0 ] && p+=("$(tr ' ' '\n' <<<"$line" | sed -n 's/^rate=//p')")
  done
  prtt+=("$(median "${p[@]}")")
  stop_echo
done

echo
echo "== UDP summary ($runs runs, each the median of $rounds rounds; load now $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-62s %-40s %s\n' "figure" "runs" "median"
row() { local name=$1; shift; printf '%-62s %-40s %s\n' "$name" "$*" "$(median "$@")"; }
row "(a) kernel -> Java over TAP, received datagrams/s"        "${recv[@]}"
row "(a) kernel -> kernel over veth, received datagrams/s"     "${krecv[@]}"
row "(a)   kernel senders' own rate over veth, datagrams/s"    "${ksend[@]}"
row "(a) Java side alone draining a full TAP queue, datagrams/s" "${drain[@]}"
row "(a) Java -> kernel over TAP, sent datagrams/s, 1 per call" "${send[@]}"
row "(a) Java -> kernel over TAP, sent datagrams/s, 64 per call" "${sendb[@]}"
row "(b) Java client over TAP <-> kernel echo, round trips/s"  "${rtt[@]}"
row "(b)   its latency p50, us"                                "${rtt50[@]}"
row "(b)   its latency p99, us"                                "${rtt99[@]}"
row "(b) DatagramSocket over veth <-> kernel echo, round trips/s" "${krtt[@]}"
row "(b)   its latency p50, us"                                "${krtt50[@]}"
row "(b) python3 client over veth <-> kernel echo, round trips/s" "${prtt[@]}"
