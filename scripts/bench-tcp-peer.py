#!/usr/bin/env python3
"""Kernel-side TCP peers for scripts/bench-tcp.sh, each bounded in bytes, count and time.

  sink   ADDR PORT SECONDS                 accept one connection, read until end of stream (or SECONDS)
  source ADDR PORT BYTES SECONDS           connect, write BYTES, shut down for writing, wait for the
                                           peer's end of stream (or SECONDS)
  echo   ADDR PORT COUNT SECONDS           accept connections one at a time (at most COUNT, for at most
                                           SECONDS): echo until the peer's end of stream, then close
  crr    ADDR PORT COUNT SECONDS SIZE      COUNT times (at most SECONDS): connect, write SIZE bytes, read
                                           them back, close; prints connections per second

Every mode prints one line starting with RESULT (key=value fields). Bulk rates are bytes over the
time from the first byte (sink) or from the connection (source) to the end of the stream; "steady"
leaves out the first second, which holds a fresh JVM's JIT warm-up on the other side.
"""
import socket
import sys
import time

CHUNK = 1 << 20


def listener(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(128)
    print("READY", flush=True)
    return s


def sink(addr, port, seconds):
    ls = listener(addr, port)
    ls.settimeout(seconds)
    c, _ = ls.accept()
    deadline = time.monotonic() + seconds
    c.settimeout(max(0.1, seconds))
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    total = 0
    first = None
    mark_t = mark_b = None
    complete = False
    while time.monotonic() < deadline:
        n = c.recv_into(view)
        now = time.monotonic()
        if n == 0:
            complete = True
            break
        if first is None:
            first = now
        total += n
        if mark_t is None and now - first >= 1.0:
            mark_t, mark_b = now, total
    end = time.monotonic()
    c.close()
    ls.close()
    report(total, first, end, mark_t, mark_b, complete)


def source(addr, port, nbytes, seconds):
    c = socket.create_connection((addr, port), timeout=min(10.0, seconds))
    c.settimeout(seconds)
    deadline = time.monotonic() + seconds
    data = memoryview(bytes(CHUNK))
    start = time.monotonic()
    sent = 0
    mark_t = mark_b = None
    while sent < nbytes and time.monotonic() < deadline:
        n = c.send(data[:min(CHUNK, nbytes - sent)])
        sent += n
        if mark_t is None and time.monotonic() - start >= 1.0:
            mark_t, mark_b = time.monotonic(), sent
    c.shutdown(socket.SHUT_WR)
    complete = sent == nbytes
    # the peer closes after reading everything: its end of stream means all bytes were taken
    while time.monotonic() < deadline:
        if c.recv(65536) == b"":
            break
    else:
        complete = False
    end = time.monotonic()
    c.close()
    report(sent, start, end, mark_t, mark_b, complete)


def report(total, first, end, mark_t, mark_b, complete):
    secs = (end - first) if first is not None else 0.0
    gbits = total * 8 / secs / 1e9 if secs > 0 else 0.0
    if mark_t is not None and end > mark_t:
        steady = (total - mark_b) * 8 / (end - mark_t) / 1e9
    else:
        steady = gbits
    print("RESULT bytes=%d secs=%.3f gbits=%.3f steady_gbits=%.3f complete=%d"
          % (total, secs, gbits, steady, 1 if complete else 0), flush=True)


def echo(addr, port, count, seconds):
    ls = listener(addr, port)
    deadline = time.monotonic() + seconds
    served = 0
    buf = bytearray(65536)
    while served < count and time.monotonic() < deadline:
        ls.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            c, _ = ls.accept()
        except socket.timeout:
            break
        c.settimeout(5.0)
        try:
            while True:
                n = c.recv_into(buf)
                if n == 0:
                    break
                c.sendall(memoryview(buf)[:n])
        except OSError:
            pass
        c.close()
        served += 1
    ls.close()
    print("RESULT served=%d" % served, flush=True)


def crr(addr, port, count, seconds, size):
    msg = b"x" * size
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    done = 0
    failed = 0
    while done < count and time.monotonic() < deadline:
        try:
            c = socket.create_connection((addr, port), timeout=5.0)
            c.sendall(msg)
            got = 0
            while got < size:
                b = c.recv(size - got)
                if not b:
                    break
                got += len(b)
            c.close()
            if got == size:
                done += 1
            else:
                failed += 1
        except OSError:
            failed += 1
            if failed > 100:
                break
    secs = time.monotonic() - start
    print("RESULT conns=%d failed=%d secs=%.3f rate=%.0f" % (done, failed, secs, done / secs if secs > 0 else 0),
          flush=True)


def main(argv):
    mode = argv[1]
    if mode == "sink":
        sink(argv[2], int(argv[3]), float(argv[4]))
    elif mode == "source":
        source(argv[2], int(argv[3]), int(argv[4]), float(argv[5]))
    elif mode == "echo":
        echo(argv[2], int(argv[3]), int(argv[4]), float(argv[5]))
    elif mode == "crr":
        crr(argv[2], int(argv[3]), int(argv[4]), float(argv[5]), int(argv[6]))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
