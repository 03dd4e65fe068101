#!/usr/bin/env bash
# Captures the golden DNS exchanges that io.netstack4j.wire.DnsGoldenCaptureTest parses and
# re-emits: queries made by dig (BIND 9) and the answers of dnsmasq, on a veth between two
# network namespaces.
#
#   sudo scripts/capture-golden-dns.sh [OUTPUT_DIR]     (default core/src/test/resources/golden)
#
# Writes, each holding one query and its response (see golden/README.md):
#   dns-a.pcap          dig www.example.test A           (EDNS, with dig's COOKIE option)
#   dns-a-noedns.pcap   dig +noedns www.example.test A
#   dns-cname.pcap      dig +noedns alias.example.test A (CNAME chain)
#   dns-nxdomain.pcap   dig nx.example.test A            (NXDOMAIN with the zone's SOA, EDNS)
#   dns-mx.pcap         dig +noedns example.test MX
# Needs root, iproute2, ethtool, tcpdump, dig and dnsmasq
# (apt-get install -y --no-install-recommends dnsmasq-base bind9-dnsutils tcpdump ethtool;
# dnsmasq-base ships no system service, so nothing starts on the host).
# Network safety: everything happens in two namespaces created here with unique names and
# removed on exit, also on failure; only 198.51.100.0/24 is used; nothing touches the root
# namespace's addresses or routes; the only processes ended are those started here, by PID.
# The zone is example.test (RFC 2606), served by dnsmasq as an authoritative server with test
# records only.
set -euo pipefail

OUT=${1:-"$(cd "$(dirname "$0")/.." && pwd)/core/src/test/resources/golden"}
NS_C="ns4j-dnsgold-$$-c"       # the client (dig), 198.51.100.10
NS_S="ns4j-dnsgold-$$-s"       # the server (dnsmasq) and the capture point, 198.51.100.53
IF_C="nd$$c"                   # interface names must stay under 16 characters
IF_S="nd$$s"
MAC_C=02:00:00:00:53:01        # fixed, locally administered, so the captures are recognisable
MAC_S=02:00:00:00:53:02
IP_C=198.51.100.10
IP_S=198.51.100.53
WORK=$(mktemp -d)
DNSMASQ_PID=""
TCPDUMP_PID=""

cleanup() {
  if [ -n "$TCPDUMP_PID" ]; then
    kill "$TCPDUMP_PID" 2>/dev/null || true
  fi
  if [ -n "$DNSMASQ_PID" ]; then
    kill "$DNSMASQ_PID" 2>/dev/null || true
    wait "$DNSMASQ_PID" 2>/dev/null || true
  fi
  ip netns del "$NS_C" 2>/dev/null || true
  ip netns del "$NS_S" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip ethtool tcpdump dig dnsmasq; do
  command -v "$tool" >/dev/null || { echo "capture-golden-dns: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "capture-golden-dns: needs root (network namespaces)" >&2; exit 1; }

ip netns add "$NS_C"
ip netns add "$NS_S"
# Create the veth pair directly inside the two namespaces: it never exists in the root namespace.
ip link add name "$IF_C" netns "$NS_C" address "$MAC_C" type veth peer name "$IF_S" netns "$NS_S" address "$MAC_S"
for ns in "$NS_C" "$NS_S"; do
  # No IPv6 chatter (router solicitations, MLD) on the link.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null || true
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
  ip -n "$ns" link set lo up
done
ip -n "$NS_C" addr add "$IP_C/24" dev "$IF_C"
ip -n "$NS_S" addr add "$IP_S/24" dev "$IF_S"
# A veth offloads transmit checksums: without this, UDP datagrams leave with only the
# pseudo-header sum in place and tcpdump records a checksum that does not verify.
ip netns exec "$NS_C" ethtool -K "$IF_C" tx off >/dev/null
ip netns exec "$NS_S" ethtool -K "$IF_S" tx off >/dev/null
ip -n "$NS_C" link set "$IF_C" up
ip -n "$NS_S" link set "$IF_S" up

# dnsmasq in the foreground (so $! is its PID), with no configuration file, no upstream servers,
# no /etc/hosts, listening only on the veth's address, as the authoritative server of example.test.
ip netns exec "$NS_S" dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address="$IP_S" --bind-interfaces --user=root --group=root --pid-file= \
    --auth-server=ns1.example.test,"$IP_S" --auth-zone=example.test \
    --auth-soa=2024010101,hostmaster.example.test,1200,120,1209600 --auth-ttl=300 \
    --host-record=www.example.test,198.51.100.80 \
    --cname=alias.example.test,www.example.test \
    --mx-host=example.test,mail.example.test,10 \
    2>"$WORK/dnsmasq.log" &
DNSMASQ_PID=$!            # "ip netns exec" execs the command: this is dnsmasq's own PID
for i in $(seq 1 50); do          # wait until dnsmasq is up (at most 5 s)
  grep -q "started" "$WORK/dnsmasq.log" 2>/dev/null && break
  sleep 0.1
done
kill -0 "$DNSMASQ_PID" 2>/dev/null || { echo "capture-golden-dns: dnsmasq did not start:" >&2; cat "$WORK/dnsmasq.log" >&2; exit 1; }
sleep 0.5
# Resolve the server's MAC first, so no capture depends on ARP timing.
ip netns exec "$NS_C" dig @"$IP_S" +tries=3 +time=1 +short www.example.test A >/dev/null

# capture FILE DIG_ARGS...: one query and its response, captured in the server's namespace.
capture() {
  local file=$1
  shift
  local i
  ip netns exec "$NS_S" tcpdump -i "$IF_S" -n -U -Z root -c 2 -w "$WORK/$file" "udp port 53" \
      2>"$WORK/$file.log" &
  TCPDUMP_PID=$!
  for i in $(seq 1 50); do          # wait until tcpdump is listening (at most 5 s)
    grep -q "listening on" "$WORK/$file.log" 2>/dev/null && break
    sleep 0.1
  done
  ip netns exec "$NS_C" dig @"$IP_S" +tries=1 +time=2 "$@" >"$WORK/$file.dig"
  for i in $(seq 1 100); do
    kill -0 "$TCPDUMP_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$TCPDUMP_PID" 2>/dev/null; then
    echo "capture-golden-dns: tcpdump for $file did not see the query and its response" >&2
    exit 1
  fi
  wait "$TCPDUMP_PID"
  TCPDUMP_PID=""
}

capture dns-a.pcap www.example.test A
capture dns-a-noedns.pcap +noedns www.example.test A
capture dns-cname.pcap +noedns alias.example.test A
capture dns-nxdomain.pcap nx.example.test A
capture dns-mx.pcap +noedns example.test MX

mkdir -p "$OUT"
for f in dns-a.pcap dns-a-noedns.pcap dns-cname.pcap dns-nxdomain.pcap dns-mx.pcap; do
  cp "$WORK/$f" "$OUT/$f"
  echo "== $f"
  tcpdump -r "$OUT/$f" -n -e -vv 2>/dev/null
done
