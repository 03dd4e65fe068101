#!/usr/bin/env python3
"""The kernel's side of the UDP and DNS benchmarks (scripts/bench-udp.sh, scripts/bench-dns.sh and
the io.netstack4j.bench harnesses): small programs on the kernel's own sockets, each bounded in
count and in time, so none can run away. Every one prints one summary line starting with its
mode in capitals (SEND, SINK, ECHO, RTT, DNS) and exits.

  send ADDR PORT COUNT SECONDS [SIZE=1472]   send COUNT datagrams of SIZE bytes as fast as it goes
  sink ADDR PORT SECONDS [IDLE=1.0]          bind, drain datagrams; stop IDLE s after the last one
                                             (once any came) or after SECONDS; prints "READY" first
  echo ADDR PORT SECONDS                     bind, send every datagram back, for SECONDS; "READY" first
  rtt ADDR PORT COUNT SECONDS [SIZE=64]      one request outstanding at a time: round trips per second
                                             and latency (a reply lost for 1 s counts as a loss)
  dns ADDR PORT NAME COUNT SECONDS           a stub resolver loop: A queries for NAME, one at a time,
                                             each checked (ID, question, an A answer)

Only addresses inside the benchmark's own network namespaces are ever given to it.
"""
import os
import socket
import struct
import sys
import time


def _send(addr, port, count, seconds, size=1472):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.connect((addr, port))
    buf = bytes(size)
    send = s.send
    sent = errors = 0
    t0 = time.perf_counter()
    end = t0 + seconds
    while sent < count:
        n = min(1024, count - sent)
        for _ in range(n):
            try:
                send(buf)
            except OSError:      # ENOBUFS, or ECONNREFUSED from an earlier ICMP port unreachable
                errors += 1
        sent += n
        if time.perf_counter() > end:
            break
    t1 = time.perf_counter()
    print(f"SEND sent={sent - errors} errors={errors} seconds={t1 - t0:.6f} rate={(sent - errors) / (t1 - t0):.0f}",
          flush=True)


def _bound(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((addr, port))
    return s


def _sink(addr, port, seconds, idle=1.0):
    s = _bound(addr, port)
    s.settimeout(0.1)
    buf = bytearray(65536)
    got = 0
    first = last = None
    end = time.monotonic() + seconds
    print("READY", flush=True)
    while True:
        now = time.monotonic()
        if now > end or (last is not None and now - last > idle):
            break
        try:
            s.recv_into(buf)
        except socket.timeout:
            continue
        last = time.monotonic()
        if first is None:
            first = last
        got += 1
    span = (last - first) if got > 1 else 0.0
    rate = (got - 1) / span if span > 0 else 0.0
    print(f"SINK received={got} seconds={span:.6f} rate={rate:.0f}", flush=True)


def _echo(addr, port, seconds):
    s = _bound(addr, port)
    s.settimeout(0.2)
    buf = bytearray(65536)
    recvfrom_into, sendto = s.recvfrom_into, s.sendto
    served = 0
    end = time.monotonic() + seconds
    print("READY", flush=True)
    while time.monotonic() < end:
        try:
            n, peer = recvfrom_into(buf)
        except socket.timeout:
            continue
        sendto(memoryview(buf)[:n], peer)
        served += 1
    print(f"ECHO served={served}", flush=True)


def _percentile(sorted_xs, p):
    if not sorted_xs:
        return 0.0
    i = min(len(sorted_xs) - 1, max(0, int(round(p / 100.0 * len(sorted_xs) + 0.5)) - 1))
    return sorted_xs[i]


def _rtt(addr, port, count, seconds, size=64):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((addr, port))
    s.settimeout(1.0)
    buf = bytearray(65536)
    msg = bytearray(size)
    send, recv_into = s.send, s.recv_into
    clock = time.perf_counter
    times = []
    lost = 0
    t0 = clock()
    end = t0 + seconds
    for i in range(count):
        if size >= 4:
            struct.pack_into("!I", msg, 0, i)   # a sequence number, so a late reply is not taken for this one
        a = clock()
        send(msg)
        while True:
            try:
                n = recv_into(buf)
            except socket.timeout:
                lost += 1
                break
            except ConnectionRefusedError:
                lost += 1
                time.sleep(0.01)
                break
            if size < 4 or buf[:4] == msg[:4]:
                times.append(clock() - a)
                break
        if clock() > end:
            break
    t1 = clock()
    times.sort()
    done = len(times)
    print(f"RTT roundtrips={done} lost={lost} seconds={t1 - t0:.6f} rate={done / (t1 - t0):.0f}"
          f" p50_us={_percentile(times, 50) * 1e6:.1f} p99_us={_percentile(times, 99) * 1e6:.1f}", flush=True)


def _dns_query(qid, name):
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)   # RD, one question
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode("ascii")
    return q + b"\x00" + struct.pack("!HH", 1, 1)          # QTYPE A, QCLASS IN


def _dns(addr, port, name, count, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((addr, port))
    s.settimeout(1.0)
    buf = bytearray(4096)
    clock = time.perf_counter
    answered = failed = lost = 0
    t0 = clock()
    end = t0 + seconds
    for _ in range(count):
        qid = int.from_bytes(os.urandom(2), "big")
        q = _dns_query(qid, name)
        s.send(q)
        while True:
            try:
                n = s.recv_into(buf)
            except socket.timeout:
                lost += 1
                break
            rid, flags, qd, an = struct.unpack_from("!HHHH", buf, 0)
            if rid != qid or buf[12:len(q)] != q[12:]:
                continue                                   # not our answer (RFC 5452 §9.1)
            if flags & 0x000F == 0 and an >= 1:
                answered += 1
            else:
                failed += 1
            break
        if clock() > end:
            break
    t1 = clock()
    print(f"DNS answered={answered} failed={failed} lost={lost} seconds={t1 - t0:.6f}"
          f" rate={answered / (t1 - t0):.0f}", flush=True)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    mode, a = argv[1], argv[2:]
    if mode == "send":
        _send(a[0], int(a[1]), int(a[2]), float(a[3]), *(int(x) for x in a[4:5]))
    elif mode == "sink":
        _sink(a[0], int(a[1]), float(a[2]), *(float(x) for x in a[3:4]))
    elif mode == "echo":
        _echo(a[0], int(a[1]), float(a[2]))
    elif mode == "rtt":
        _rtt(a[0], int(a[1]), int(a[2]), float(a[3]), *(int(x) for x in a[4:5]))
    elif mode == "dns":
        _dns(a[0], int(a[1]), a[2], int(a[3]), float(a[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
