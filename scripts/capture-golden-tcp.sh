#!/usr/bin/env bash
# Captures the golden TCP segments that io.netstack4j.wire.TcpGoldenCaptureTest parses and
# re-emits byte for byte: one whole connection of the Linux kernel's TCP (handshake, data both
# ways, FIN from each side) and a SYN answered with RST by a closed port, on a veth between two
# network namespaces.
#
#   sudo scripts/capture-golden-tcp.sh [OUTPUT_DIR]     (default core/src/test/resources/golden)
#
# Writes tcp-session.pcap and tcp-session.txt, tcpdump's description of each frame (see
# golden/README.md). Needs root, iproute2, ethtool, tcpdump and
# python3 (apt-get install -y --no-install-recommends tcpdump ethtool).
# Network safety: everything happens in two namespaces created here with unique names and
# removed on exit, also on failure; only 198.51.100.0/24 is used; nothing touches the root
# namespace's addresses or routes; the only processes ended are those started here, by PID;
# the client and the server stop by themselves (socket timeouts of a few seconds).
set -euo pipefail

OUT=${1:-"$(cd "$(dirname "$0")/.." && pwd)/core/src/test/resources/golden"}
NS_C="ns4j-tcpgold-$$-c"       # the client, 198.51.100.1
NS_S="ns4j-tcpgold-$$-s"       # the server and the capture point, 198.51.100.2
IF_C="nt$$c"                   # interface names must stay under 16 characters
IF_S="nt$$s"
MAC_C=02:00:00:00:47:01        # as in the other golden captures
MAC_S=02:00:00:00:47:02
IP_C=198.51.100.1
IP_S=198.51.100.2
PORT=40007                     # the listening port
CLOSED_PORT=40008              # nothing listens here: the kernel answers a SYN with RST
WORK=$(mktemp -d)
SERVER_PID=""
TCPDUMP_PID=""

cleanup() {
  if [ -n "$TCPDUMP_PID" ]; then
    kill "$TCPDUMP_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  ip netns del "$NS_C" 2>/dev/null || true
  ip netns del "$NS_S" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip ethtool tcpdump python3; do
  command -v "$tool" >/dev/null || { echo "capture-golden-tcp: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "capture-golden-tcp: needs root (network namespaces)" >&2; exit 1; }

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
# A veth offloads transmit checksums (and segmentation): without this, TCP segments leave with
# only the pseudo-header sum in place (CHECKSUM_PARTIAL) and tcpdump records checksums that do
# not verify.
ip netns exec "$NS_C" ethtool -K "$IF_C" tx off tso off gso off >/dev/null
ip netns exec "$NS_S" ethtool -K "$IF_S" tx off tso off gso off >/dev/null
ip -n "$NS_C" link set "$IF_C" up
ip -n "$NS_S" link set "$IF_S" up

# The server: accept one connection, echo what it reads until end of stream, then close.
cat >"$WORK/server.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(1)
s.settimeout(10)
print("listening", flush=True)
c, _ = s.accept()
c.settimeout(5)
while True:
    data = c.recv(4096)
    if not data:
        break
    c.sendall(data)
c.close()
s.close()
EOF
# The client: send one line, read its echo, close; then a SYN to the closed port.
cat >"$WORK/client.py" <<'EOF'
import socket, sys, time
host, port, closed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
line = b"hello, netstack4j\n"
c = socket.create_connection((host, port), timeout=5)
c.sendall(line)
got = b""
while len(got) < len(line):
    chunk = c.recv(4096)
    if not chunk:
        break
    got += chunk
assert got == line, got
time.sleep(0.3)              # let the server's ACK of the echo go out alone before our FIN
c.shutdown(socket.SHUT_WR)
assert c.recv(4096) == b""   # the server's FIN
c.close()
time.sleep(0.3)
try:
    socket.create_connection((host, closed), timeout=2)
    sys.exit("a connection to the closed port succeeded")
except ConnectionRefusedError:
    pass
EOF

ip netns exec "$NS_S" python3 "$WORK/server.py" "$IP_S" "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 50); do          # wait until the server listens (at most 5 s)
  grep -q "listening" "$WORK/server.log" 2>/dev/null && break
  sleep 0.1
done
kill -0 "$SERVER_PID" 2>/dev/null || { echo "capture-golden-tcp: server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
# Resolve the server's MAC first, so the capture holds only TCP.
ip netns exec "$NS_C" ip neigh replace "$IP_S" lladdr "$MAC_S" dev "$IF_C" nud permanent
ip netns exec "$NS_S" ip neigh replace "$IP_C" lladdr "$MAC_C" dev "$IF_S" nud permanent

ip netns exec "$NS_S" tcpdump -i "$IF_S" -n -U -Z root -w "$WORK/tcp-session.pcap" "tcp" \
    2>"$WORK/tcpdump.log" &
TCPDUMP_PID=$!
for i in $(seq 1 50); do          # wait until tcpdump is listening (at most 5 s)
  grep -q "listening on" "$WORK/tcpdump.log" 2>/dev/null && break
  sleep 0.1
done
ip netns exec "$NS_C" python3 "$WORK/client.py" "$IP_S" "$PORT" "$CLOSED_PORT"
wait "$SERVER_PID"
SERVER_PID=""
sleep 0.5                         # the last ACK
kill -INT "$TCPDUMP_PID"
wait "$TCPDUMP_PID" || true
TCPDUMP_PID=""

mkdir -p "$OUT"
cp "$WORK/tcp-session.pcap" "$OUT/tcp-session.pcap"
# tcpdump's own one-line description of each frame, which FrameFormatter must match.
tcpdump -r "$OUT/tcp-session.pcap" -n -S -t 2>/dev/null >"$OUT/tcp-session.txt"
echo "== tcp-session.pcap"
tcpdump -r "$OUT/tcp-session.pcap" -n -e -vv -S 2>/dev/null
