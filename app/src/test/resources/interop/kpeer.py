#!/usr/bin/env python3
"""Kernel-side TCP peer for the netstack4j interop tests (runs inside the test's namespace).

  client HOST PORT FILE     connect, send FILE then shut down writing, read to the end
  server ADDR PORT FILE     listen (prints 'ready'), accept one, same as client
  reset ADDR PORT           listen, accept one, read until something arrives, then abort
                            (SO_LINGER 0: the kernel sends RST)
  closer ADDR PORT          listen, accept one, read to the end, send 'bye' and close
                            (the other side closed first)
  halfclose HOST PORT N     connect, send N bytes, shut down writing, read the echo to the end
  hold HOST PORT SECONDS    connect, send without blocking until nothing is taken for SECONDS

Every mode prints one result line: 'sent N sha256 H received M sha256 H' (or its own).
KPEER_TIMEOUT (seconds, default 120) bounds each wait of client, server and their transfer: raise it
for long transfers over an impaired link.
"""
import hashlib
import os
import socket
import struct
import sys
import threading
import time

CHUNK = 64 * 1024
TIMEOUT = float(os.environ.get("KPEER_TIMEOUT", "120"))


def pump(sock, path):
    """Sends the file and shuts down writing on a thread; receives on this one; returns the line."""
    sent = {"n": 0, "h": hashlib.sha256(), "err": None}

    def send():
        try:
            with open(path, "rb") as f:
                while True:
                    b = f.read(CHUNK)
                    if not b:
                        break
                    sock.sendall(b)
                    sent["n"] += len(b)
                    sent["h"].update(b)
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            sent["err"] = e

    t = threading.Thread(target=send)
    t.start()
    got, h = 0, hashlib.sha256()
    while True:
        b = sock.recv(CHUNK)
        if not b:
            break
        got += len(b)
        h.update(b)
    t.join(TIMEOUT)
    if sent["err"]:
        raise sent["err"]
    return "sent %d sha256 %s received %d sha256 %s" % (sent["n"], sent["h"].hexdigest(), got, h.hexdigest())


def listen(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(60)
    print("ready", flush=True)
    c, _ = s.accept()
    c.settimeout(TIMEOUT)
    s.close()
    return c


def main():
    mode = sys.argv[1]
    if mode == "client":
        c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=30)
        c.settimeout(TIMEOUT)
        print(pump(c, sys.argv[4]), flush=True)
    elif mode == "server":
        c = listen(sys.argv[2], int(sys.argv[3]))
        print(pump(c, sys.argv[4]), flush=True)
    elif mode == "reset":
        c = listen(sys.argv[2], int(sys.argv[3]))
        data = c.recv(CHUNK)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        print("reset after %d bytes" % len(data), flush=True)
    elif mode == "closer":
        c = listen(sys.argv[2], int(sys.argv[3]))
        got = 0
        while True:
            b = c.recv(CHUNK)
            if not b:
                break
            got += len(b)
        c.sendall(b"bye\n")
        c.close()
        print("peer closed first after %d bytes" % got, flush=True)
    elif mode == "halfclose":
        c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=30)
        c.settimeout(60)
        data = os.urandom(int(sys.argv[4]))
        c.sendall(data)
        c.shutdown(socket.SHUT_WR)
        back = bytearray()
        while True:
            b = c.recv(CHUNK)
            if not b:
                break
            back += b
        print("echo %s after half-close: sent %d received %d" % (
            "equal" if bytes(back) == data else "DIFFERENT", len(data), len(back)), flush=True)
    elif mode == "hold":
        c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=30)
        c.setblocking(False)
        quiet, total, last = float(sys.argv[4]), 0, time.monotonic()
        block = b"h" * CHUNK
        deadline = time.monotonic() + 60
        while time.monotonic() - last < quiet and time.monotonic() < deadline:
            try:
                n = c.send(block)
                total += n
                last = time.monotonic()
            except BlockingIOError:
                time.sleep(0.01)
        info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
        unacked = struct.unpack_from("I", info, 24)[0]   # tcpi_unacked
        probes = info[3]                                  # tcpi_probes
        print("stalled after %d bytes (unacked %d, probes %d)" % (total, unacked, probes), flush=True)
        time.sleep(float(sys.argv[4]))
        c.close()
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
