#!/usr/bin/env bash
# Captures the golden frames that io.netstack4j.wire.GoldenCaptureTest parses and re-emits
# byte for byte: what the Linux kernel itself puts on a veth between two network namespaces.
#
#   sudo scripts/capture-golden.sh [OUTPUT_DIR]     (default core/src/test/resources/golden)
#
# Writes arp.pcap (ARP request + reply), echo.pcap (ICMP echo request + reply) and
# frag-echo.pcap (ping -s 3000: the request and the reply, three IPv4 fragments each).
# Needs root, iproute2, tcpdump and ping (apt-get install -y iputils-ping tcpdump).
# Network safety: everything happens in two namespaces created here with unique names and
# removed on exit, also on failure; only 198.51.100.0/24 is used; nothing touches the root
# namespace's addresses or routes.
set -euo pipefail

OUT=${1:-"$(cd "$(dirname "$0")/.." && pwd)/core/src/test/resources/golden"}
NS_A="ns4j-gold-$$-a"          # the pinger, 198.51.100.1
NS_B="ns4j-gold-$$-b"          # the target and the capture point, 198.51.100.2
IF_A="ng$$a"                   # interface names must stay under 16 characters
IF_B="ng$$b"
MAC_A=02:00:00:00:47:01        # fixed, locally administered, so the captures are recognisable
MAC_B=02:00:00:00:47:02
WORK=$(mktemp -d)
TCPDUMP_PIDS=()

cleanup() {
  local pid
  for pid in "${TCPDUMP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip tcpdump ping; do
  command -v "$tool" >/dev/null || { echo "capture-golden: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "capture-golden: needs root (network namespaces)" >&2; exit 1; }

ip netns add "$NS_A"
ip netns add "$NS_B"
# Create the veth pair directly inside the two namespaces: it never exists in the root namespace.
ip link add name "$IF_A" netns "$NS_A" address "$MAC_A" type veth peer name "$IF_B" netns "$NS_B" address "$MAC_B"
for ns in "$NS_A" "$NS_B"; do
  # No IPv6 chatter (router solicitations, MLD) on the link.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
  ip -n "$ns" link set lo up
done
ip -n "$NS_A" addr add 198.51.100.1/24 dev "$IF_A"
ip -n "$NS_B" addr add 198.51.100.2/24 dev "$IF_B"
ip -n "$NS_A" link set "$IF_A" up
ip -n "$NS_B" link set "$IF_B" up
sleep 1

# start_capture FILE COUNT FILTER: tcpdump in B, in the background, until COUNT frames matched.
start_capture() {
  local file=$1 count=$2 filter=$3
  ip netns exec "$NS_B" tcpdump -i "$IF_B" -n -U -Z root -c "$count" -w "$WORK/$file" "$filter" \
      2>"$WORK/$file.log" &
  TCPDUMP_PIDS+=("$!")
  local i
  for i in $(seq 1 50); do          # wait until tcpdump is listening (at most 5 s)
    grep -q "listening on" "$WORK/$file.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "capture-golden: tcpdump did not start:" >&2
  cat "$WORK/$file.log" >&2
  exit 1
}

# wait_captures: wait (at most 10 s) for every tcpdump started so far to finish.
wait_captures() {
  local pid i
  for pid in "${TCPDUMP_PIDS[@]}"; do
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "capture-golden: tcpdump $pid did not see all its frames" >&2
      exit 1
    fi
    wait "$pid"
  done
  TCPDUMP_PIDS=()
}

# 1. The first ping resolves B's MAC: ARP request (broadcast) and reply, then one echo exchange.
start_capture arp.pcap 2 "arp"
start_capture echo.pcap 2 "icmp"
ip netns exec "$NS_A" ping -n -c 1 -W 2 198.51.100.2 >/dev/null
wait_captures

# 2. 3000 data bytes + 8 ICMP header = 3008 bytes: at MTU 1500 three fragments each way
#    (1480 + 1480 + 48 bytes of IP payload). "icmp" matches every fragment (IP protocol 1).
start_capture frag-echo.pcap 6 "icmp"
ip netns exec "$NS_A" ping -n -c 1 -W 2 -s 3000 198.51.100.2 >/dev/null
wait_captures

mkdir -p "$OUT"
for f in arp.pcap echo.pcap frag-echo.pcap; do
  cp "$WORK/$f" "$OUT/$f"
  echo "== $f"
  tcpdump -r "$OUT/$f" -n -e -v 2>/dev/null
done
