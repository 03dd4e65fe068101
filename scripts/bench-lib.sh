# Sourced by the bench-*.sh scripts: the test networks they build, always inside network
# namespaces of their own (the caller names them uniquely and deletes them in a trap), with
# 198.51.100.0/24 addresses only and IPv6 off (no router solicitations in the measurements).

# bench_tap_ns NS [TXQUEUELEN]: namespace NS with a TAP device tap0 whose kernel side is
# 198.51.100.1/24; the Java stack attaches to tap0 from inside NS.
bench_tap_ns() {
  local ns=$1 txq=${2:-}
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
  ip -n "$ns" tuntap add dev tap0 mode tap
  [ -n "$txq" ] && ip -n "$ns" link set tap0 txqueuelen "$txq"
  ip -n "$ns" addr add 198.51.100.1/24 dev tap0
  ip -n "$ns" link set tap0 up
}

# bench_veth_pair NS_A NS_B: two namespaces joined by a veth pair, v0 198.51.100.11/24 in NS_A and
# v1 198.51.100.12/24 in NS_B (created inside them: it never exists in the root namespace).
bench_veth_pair() {
  local a=$1 b=$2 n
  ip netns add "$a"; ip netns add "$b"
  ip -n "$a" link add v0 type veth peer name v1 netns "$b"
  ip -n "$a" addr add 198.51.100.11/24 dev v0; ip -n "$b" addr add 198.51.100.12/24 dev v1
  for n in "$a" "$b"; do
    ip -n "$n" link set lo up
    ip netns exec "$n" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6'
  done
  ip -n "$a" link set v0 up; ip -n "$b" link set v1 up
  for _ in $(seq 50); do ip -n "$a" link show v0 | grep -q LOWER_UP && break; sleep 0.1; done
}
