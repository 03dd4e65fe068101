package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.UdpSocket;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netstack4j.bench.BenchSupport.f;
import static io.netstack4j.bench.BenchSupport.median;

/**
 * UDP request/response round trips per second, one request outstanding at a time, against a
 * kernel echo server (scripts/bench-udp-peer.py echo, started by scripts/bench-udp.sh), a
 * harness, never a test.
 *
 * <ul>
 *   <li><b>tap</b>: the client is a {@link UdpSocket} of the Java stack on a TAP device; the echo
 *       server is the kernel on the TAP's other side.</li>
 *   <li><b>kernel</b>: the same client loop on a {@link DatagramSocket}, the kernel's own UDP (the
 *       reference, e.g. over a veth pair to the echo server in another namespace).</li>
 * </ul>
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar io.netstack4j.bench.UdpRoundTrip \
 *        tap TAP JAVA_CIDR SERVER_IP PORT [COUNT=20000] [ROUNDS=3] [SIZE=64] [BUSY_POLL_MICROS=0]
 *   java -cp benchmarks.jar io.netstack4j.bench.UdpRoundTrip kernel SERVER_IP PORT [COUNT] [ROUNDS] [SIZE]
 * </pre>
 * Each request carries its sequence number; a reply not back within 200 ms counts as lost. Two
 * unmeasured warm-up rounds first (JIT, ARP), then ROUNDS rounds of COUNT round trips; it prints
 * each round (rate, median and 99th percentile latency) and ends with
 * {@code RESULT rtt=... p50_us=... p99_us=...} (medians over the rounds).
 */
public final class UdpRoundTrip {
    private static final int WARMUPS = 2;
    private static final long REPLY_TIMEOUT_MILLIS = 200;
    /** No round runs longer than this. */
    private static final long ROUND_NANOS = 60_000_000_000L;

    private UdpRoundTrip() {
    }

    /** One request/response exchange; returns false if the reply did not come back in time. */
    private interface Client extends AutoCloseable {
        boolean exchange(byte[] request) throws IOException;

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("tap")) {
            int count = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
            int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
            int size = args.length > 7 ? Integer.parseInt(args[7]) : 64;
            long busyPollMicros = args.length > 8 ? Long.parseLong(args[8]) : 0;
            try (NetStack host = BenchSupport.tapHost(args[1], args[2], UdpConfig.DEFAULT)) {
                host.loop().setBusyPollNanos(busyPollMicros * 1_000);
                SocketAddress4 server = new SocketAddress4(Ipv4Address.parse(args[3]), Integer.parseInt(args[4]));
                try (Client c = stackClient(host, server)) {
                    run("java stack over " + args[1], c, count, rounds, size);
                }
            }
        } else if (args.length >= 3 && args[0].equals("kernel")) {
            int count = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
            int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
            int size = args.length > 5 ? Integer.parseInt(args[5]) : 64;
            try (Client c = kernelClient(new InetSocketAddress(args[1], Integer.parseInt(args[2])))) {
                run("kernel UDP (java.net.DatagramSocket)", c, count, rounds, size);
            }
        } else {
            System.err.println("usage: UdpRoundTrip tap TAP JAVA_CIDR SERVER_IP PORT"
                    + " [COUNT=20000] [ROUNDS=3] [SIZE=64] [BUSY_POLL_MICROS=0]");
            System.err.println("       UdpRoundTrip kernel SERVER_IP PORT [COUNT=20000] [ROUNDS=3] [SIZE=64]");
            System.exit(2);
        }
    }

    private static void run(String what, Client client, int count, int rounds, int size) throws IOException {
        byte[] request = new byte[Math.max(4, size)];
        List<Double> rates = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        int seq = 0;
        for (int round = 1 - WARMUPS; round <= rounds; round++) {
            long[] times = new long[count];
            int done = 0;
            int lost = 0;
            long t0 = System.nanoTime();
            long end = t0 + ROUND_NANOS;
            for (int i = 0; i < count && System.nanoTime() < end; i++) {
                seq++;
                request[0] = (byte) (seq >>> 24);
                request[1] = (byte) (seq >>> 16);
                request[2] = (byte) (seq >>> 8);
                request[3] = (byte) seq;
                long a = System.nanoTime();
                if (client.exchange(request)) {
                    times[done++] = System.nanoTime() - a;
                } else {
                    lost++;
                }
            }
            long t1 = System.nanoTime();
            Arrays.sort(times, 0, done);
            double rate = done / ((t1 - t0) / 1e9);
            double p50 = percentile(times, done, 50) / 1e3;
            double p99 = percentile(times, done, 99) / 1e3;
            System.out.println(f("%s %s: %d round trips of %d B (%d lost) in %.3f s = %.0f/s; latency p50 %.1f us,"
                            + " p99 %.1f us, max %.1f us", what, round <= 0 ? "warm-up" : "round " + round, done,
                    request.length, lost, (t1 - t0) / 1e9, rate, p50, p99, done == 0 ? 0 : times[done - 1] / 1e3));
            if (round > 0) {
                rates.add(rate);
                p50s.add(p50);
                p99s.add(p99);
            }
        }
        System.out.println(f("RESULT rtt=%.0f p50_us=%.1f p99_us=%.1f", median(rates), median(p50s), median(p99s)));
    }

    private static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * n) - 1;
        return sorted[Math.clamp(i, 0, n - 1)];
    }

    /** The Java stack's client: a connected {@link UdpSocket}; a reply must carry the request's sequence number. */
    private static Client stackClient(NetStack host, SocketAddress4 server) throws SocketException {
        UdpSocket s = UdpSocket.open(host);
        s.connect(server);
        Duration timeout = Duration.ofMillis(REPLY_TIMEOUT_MILLIS);
        return new Client() {
            @Override
            public boolean exchange(byte[] request) throws IOException {
                s.send(request);
                while (true) {
                    UdpDatagram d;
                    try {
                        d = s.receive(timeout);
                    } catch (SocketException e) {
                        if (e.errno() == Errno.ETIMEDOUT || e.errno() == Errno.ECONNREFUSED) {
                            return false;
                        }
                        throw e;
                    }
                    if (sameSequence(d.data(), request)) {
                        return true;
                    }
                }
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /** The kernel's client: a connected {@link DatagramSocket}. */
    private static Client kernelClient(InetSocketAddress server) throws IOException {
        DatagramSocket s = new DatagramSocket();
        s.connect(server);
        s.setSoTimeout((int) REPLY_TIMEOUT_MILLIS);
        byte[] buf = new byte[65_536];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        return new Client() {
            @Override
            public boolean exchange(byte[] request) throws IOException {
                s.send(new DatagramPacket(request, request.length));
                while (true) {
                    in.setLength(buf.length);
                    try {
                        s.receive(in);
                    } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                        return false;
                    }
                    if (sameSequence(buf, request)) {
                        return true;
                    }
                }
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    private static boolean sameSequence(byte[] reply, byte[] request) {
        return reply.length >= 4 && reply[0] == request[0] && reply[1] == request[1] && reply[2] == request[2]
                && reply[3] == request[3];
    }
}
