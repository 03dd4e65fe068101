#!/usr/bin/env bash
# TAP frames/s at 1514 bytes through the Java TapAdapter (io.netstack4j.bench.TapFrameRate):
# receive = draining a full queue the kernel filled while the reader was paused; send = writing
# frames into the TAP. Runs the harness RUNS times (fresh JVMs) and prints the median of the runs.
# Needs root; everything happens in a network namespace this script creates and deletes (trap),
# with 198.51.100.0/24 addresses only.
#   usage: scripts/bench-tap.sh [RUNS=3] [BURST=100000] [SEND_FRAMES=1000000] [ROUNDS=5]
#   NS4J_TARGET=target-x picks the build output folder (default target); NS4J_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
runs=${1:-3}; burst=${2:-100000}; send_frames=${3:-1000000}; rounds=${4:-5}
target=${NS4J_TARGET:-target}
ns=ns4j-btap-$$
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

source scripts/env.sh && ns4j_env
if [ "${NS4J_SKIP_BUILD:-0}" != 1 ]; then
  "$MVN" -q -B -Dns4j.target="$target" -pl bench -am -DskipTests package
fi
jar=bench/$target/benchmarks.jar
[ -f "$jar" ] || { echo "bench-tap: $jar not found" >&2; exit 1; }

# The TAP's queue (its ring) is txqueuelen frames long: room for the whole burst.
bench_tap_ns "$ns" $((burst + 1000))
# A permanent neighbour: the kernel sends to the fake peer without asking ARP first.
ip -n "$ns" neigh add 198.51.100.2 lladdr 02:00:5e:10:00:02 dev tap0 nud permanent

echo "kernel $(uname -r), $(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1)"
rx=(); tx=()
for r in $(seq "$runs"); do
  echo "== run $r"
  # Each run's full output goes to stdout as it is; only its RESULT line is parsed. (Not through
  # `tee /dev/stderr`: that truncates a log file that stderr is redirected to.)
  out=$(ip netns exec "$ns" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$jar" \
          io.netstack4j.bench.TapFrameRate tap0 198.51.100.1 198.51.100.2 "$burst" "$send_frames" "$rounds")
  printf '%s\n' "$out"
  line=$(grep '^RESULT ' <<<"$out")
  rx+=("$(sed 's/.*receive=\([0-9]*\).*/\1/' <<<"$line")")
  tx+=("$(sed 's/.*send=\([0-9]*\).*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "tap0 counters: $(ip -n "$ns" -s link show tap0 | tr -s ' ' | tr '\n' ' ')"
echo "receive (drain a full queue, 1514 B): runs ${rx[*]} -> median $(median "${rx[@]}") frames/s"
echo "send (write, 1514 B):                 runs ${tx[*]} -> median $(median "${tx[@]}") frames/s"
