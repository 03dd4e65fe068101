#!/usr/bin/env bash
# HTTP benchmarks, the Java stack against the kernel's, driven by the same tools from one namespace:
#   (1) requests per second, ApacheBench (ab) from the client namespace C, a small file (1 KiB):
#       the Java web server (`netstack4j serve` on a TAP in C, 198.51.100.2) against nginx (one
#       worker) in namespace N behind a veth pair (198.51.100.130), with keep-alive (-k) and without;
#   (2) a 100 MB download: `netstack4j get` (the Java client on a second TAP in C, 203.0.113.2) from
#       nginx in C (203.0.113.1), against curl in C from nginx in N over the veth.
# Needs root; everything happens in namespaces this script creates and deletes (trap), with
# 198.51.100.0/24 and 203.0.113.0/24 addresses only; every run is bounded in count and time, and
# every process it starts is ended by its PID.
#   usage: scripts/bench-http.sh [RUNS=3] [REQUESTS=20000] [CONCURRENCY=20] [MB=100]
#   env: NS4J_SKIP_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; requests=${2:-20000}; conc=${3:-20}; mb=${4:-100}
id=$$
cns=ns4j-bhttp-$id-c; nns=ns4j-bhttp-$id-n
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for n in "$cns" "$nns"; do ip netns del "$n" 2>/dev/null || true; done
  [ -n "${tmp:-}" ] && rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
for t in ab curl /usr/sbin/nginx; do
  command -v "$t" >/dev/null || { echo "bench-http: $t is missing (apt-get install apache2-utils curl nginx)" >&2; exit 1; }
done

source scripts/env.sh && ns4j_env
if [ "${NS4J_SKIP_BUILD:-0}" != 1 ]; then
  "$MVN" -q -B -pl core,app -DskipTests package
fi

tmp=$(mktemp -d /tmp/ns4j-bhttp.XXXXXX)
www=$tmp/www; mkdir -p "$www"
head -c 1024 /dev/urandom | base64 -w 0 | head -c 1024 >"$www/small.html"
head -c $((mb * 1000000)) /dev/urandom >"$www/big.bin"
chmod -R a+rX "$tmp"   # nginx's workers run as an unprivileged user

# C: tap0 198.51.100.1/25 (Java serve at .2), tap1 203.0.113.1/24 (Java get at .2), veth 198.51.100.129/25.
# N: nginx at 198.51.100.130/25.
ip netns add "$cns"; ip netns add "$nns"
for n in "$cns" "$nns"; do
  ip -n "$n" link set lo up
  ip netns exec "$n" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
done
ip -n "$cns" tuntap add dev tap0 mode tap; ip -n "$cns" addr add 198.51.100.1/25 dev tap0; ip -n "$cns" link set tap0 up
ip -n "$cns" tuntap add dev tap1 mode tap; ip -n "$cns" addr add 203.0.113.1/24 dev tap1; ip -n "$cns" link set tap1 up
ip -n "$cns" link add v0 type veth peer name v1 netns "$nns"
ip -n "$cns" addr add 198.51.100.129/25 dev v0; ip -n "$nns" addr add 198.51.100.130/25 dev v1
ip -n "$cns" link set v0 up; ip -n "$nns" link set v1 up
for n in "$cns" "$nns"; do ip netns exec "$n" sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1; done
for _ in $(seq 50); do ip -n "$cns" link show v0 | grep -q LOWER_UP && break; sleep 0.1; done

nginx_in() {   # nginx_in NS ADDR PORT NAME: one worker, the same directory, no access log
  local ns=$1 addr=$2 port=$3 name=$4
  cat >"$tmp/$name.conf" <<EOF
daemon off;
worker_processes 1;
pid $tmp/$name.pid;
error_log $tmp/$name-error.log;
events { worker_connections 1024; }
http { access_log off; default_type application/octet-stream; sendfile on; keepalive_requests 1000000;
  server { listen $addr:$port; root $www; } }
EOF
  ip netns exec "$ns" timeout 3600 /usr/sbin/nginx -c "$tmp/$name.conf" -e "$tmp/$name-error.log" &
  pids+=($!)
  for _ in $(seq 50); do ip netns exec "$ns" ss -Hltn "sport = :$port" | grep -q . && return 0; sleep 0.1; done
  echo "bench-http: nginx $name did not start" >&2; cat "$tmp/$name-error.log" >&2; return 1
}
nginx_in "$nns" 198.51.100.130 80 veth
nginx_in "$cns" 203.0.113.1 8080 tap

ip netns exec "$cns" timeout 3600 ./netstack4j serve --tap tap0 --ip 198.51.100.2/25 --port 80 "$www" \
  </dev/null >"$tmp/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do ip netns exec "$cns" curl -s -o /dev/null -m 1 http://198.51.100.2/small.html && break; sleep 0.2; done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
abrate() {   # abrate URL [-k]: requests per second, or FAIL with the failure count
  local out
  out=$(ip netns exec "$cns" timeout 300 ab -q -r -n "$requests" -c "$conc" ${2:-} "$1" 2>&1) || true
  local failed rate
  failed=$(sed -n 's/^Failed requests: *//p' <<<"$out")
  if grep -q '^Non-2xx responses' <<<"$out"; then failed="non-2xx"; fi
  rate=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$out")
  if [ -z "$rate" ] || [ "${failed:-1}" != 0 ]; then echo "FAIL(${failed:-?})"; echo "$out" | tail -5 >&2; else echo "$rate"; fi
}
download_get() {   # seconds for the Java client to fetch big.bin (a fresh JVM, as a user runs it)
  local t0 t1
  t0=$(date +%s.%N)
  ip netns exec "$cns" timeout 300 ./netstack4j get --tap tap1 --ip 203.0.113.2/24 -o "$tmp/got.bin" \
    http://203.0.113.1:8080/big.bin 2>"$tmp/get.err" || { cat "$tmp/get.err" >&2; echo FAIL; return; }
  t1=$(date +%s.%N)
  cmp -s "$tmp/got.bin" "$www/big.bin" || { echo "bench-http: get's file differs" >&2; echo FAIL; return; }
  echo "$t0 $t1" | awk '{printf "%.3f", $2 - $1}'
}
download_curl() {
  local t
  t=$(ip netns exec "$cns" timeout 300 curl -s -o "$tmp/curl.bin" -w '%{time_total}' http://198.51.100.130/big.bin)
  cmp -s "$tmp/curl.bin" "$www/big.bin" || { echo "bench-http: curl's file differs" >&2; echo FAIL; return; }
  echo "$t"
}

echo "kernel $(uname -r), $(nproc) CPUs, $("$JAVA" -version 2>&1 | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ab -n $requests -c $conc, a 1 KiB file; download $mb MB; nginx 1 worker over veth; Java serve/get over TAP"
echo "== warm-up: $(abrate http://198.51.100.2/small.html -k) req/s Java keep-alive, $(abrate http://198.51.100.2/small.html) without"
jk=(); jn=(); nk=(); nn=(); dg=(); dc=()
for r in $(seq "$runs"); do
  echo "== run $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  v=$(abrate http://198.51.100.2/small.html -k); jk+=("$v"); echo "  Java serve, keep-alive: $v req/s"
  v=$(abrate http://198.51.100.130/small.html -k); nk+=("$v"); echo "  nginx, keep-alive: $v req/s"
  v=$(abrate http://198.51.100.2/small.html); jn+=("$v"); echo "  Java serve, a connection per request: $v req/s"
  v=$(abrate http://198.51.100.130/small.html); nn+=("$v"); echo "  nginx, a connection per request: $v req/s"
  v=$(download_get); dg+=("$v"); echo "  netstack4j get $mb MB over TAP (whole process): $v s"
  v=$(download_curl); dc+=("$v"); echo "  curl $mb MB over veth: $v s"
done
echo "== medians of $runs"
echo "RESULT java_keepalive_rps=$(median "${jk[@]}") nginx_keepalive_rps=$(median "${nk[@]}") java_close_rps=$(median "${jn[@]}") nginx_close_rps=$(median "${nn[@]}") get_s=$(median "${dg[@]}") curl_s=$(median "${dc[@]}")"
