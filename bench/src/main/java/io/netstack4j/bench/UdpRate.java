package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketInfo;
import io.netstack4j.api.UdpSocket;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.netstack4j.bench.BenchSupport.f;
import static io.netstack4j.bench.BenchSupport.field;
import static io.netstack4j.bench.BenchSupport.median;

/**
 * UDP datagrams per second of 1,472 bytes (1,514-byte frames) between the kernel and the Java stack
 * on a TAP device, a harness, never a test. Runs inside the network namespace where the TAP exists,
 * is up and carries the kernel's address (scripts/bench-udp.sh sets that up); the kernel-side
 * programs are scripts/bench-udp-peer.py, started by this harness in the same namespace.
 *
 * <ul>
 *   <li><b>recv</b> (kernel → Java): SENDERS kernel processes each send COUNT datagrams to the Java
 *       stack's socket as fast as they can, while the Java application drains the socket with the
 *       batch receive ({@link UdpSocket#receive(List, int, Duration)}, like {@code recvmmsg}).
 *       The rate is datagrams received by the application from its first batch to its last. The
 *       senders' own rates, the datagrams the kernel could not put into the TAP's queue (the Java
 *       side was behind: the TAP's tx_dropped) and the Java socket's queue drops are printed.</li>
 *   <li><b>send</b> (Java → kernel): THREADS application threads send COUNT datagrams in all to a
 *       kernel socket that a kernel process drains, with {@link UdpSocket#send(byte[])} (BATCH 1:
 *       one call to the loop thread per datagram) or {@link UdpSocket#send(List)} (BATCH &gt; 1: that
 *       many per call, like {@code sendmmsg}); the rate is datagrams sent per second, and the
 *       kernel's own counts (frames the TAP took in, {@code Udp InDatagrams} and
 *       {@code RcvbufErrors}: datagrams its UDP took in but the reader's buffer had no room for) are
 *       given beside it.</li>
 *   <li><b>kernel</b> (the reference, kernel → kernel): run inside the receiving namespace; kernel
 *       senders in another namespace (over a veth pair) send to a kernel socket here, drained by the
 *       same receive loop on a {@link DatagramSocket} ("java") or by python3 ("python").</li>
 * </ul>
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar io.netstack4j.bench.UdpRate \
 *        recv TAP JAVA_CIDR PORT PEER_SCRIPT [SENDERS=1] [COUNT=1000000] [ROUNDS=3] [BATCH=256] [BURST=0]
 *   java ... io.netstack4j.bench.UdpRate \
 *        send TAP JAVA_CIDR KERNEL_IP PORT PEER_SCRIPT [COUNT=300000] [ROUNDS=3] [THREADS=1] [BATCH=1]
 *   ip netns exec RECV_NS java ... io.netstack4j.bench.UdpRate \
 *        kernel SEND_NETNS RECV_IP PORT PEER_SCRIPT [SENDERS=1] [COUNT=1000000] [ROUNDS=3] [java|python]
 * </pre>
 * With BURST &gt; 0, recv then also measures the Java side alone ("drain"): the loop thread is held
 * while the senders queue BURST datagrams in the TAP's ring (its txqueuelen must hold them), then
 * released, and the application's rate emptying it is timed. One unmeasured warm-up round comes
 * first (the JIT compiles the path, ARP resolves), then ROUNDS rounds; it prints each and the
 * median, and ends with {@code RESULT recv=... drain=...}, {@code RESULT send=...} or
 * {@code RESULT recv=... send=...} (datagrams/s, medians).
 */
public final class UdpRate {
    static final int PAYLOAD = 1472;
    /** The Java socket's receive queue, the analogue of the kernel peers' 4 MiB SO_RCVBUF. */
    static final UdpConfig UDP = UdpConfig.DEFAULT.withReceiveQueue(8192, 4 << 20);
    private static final int WARMUPS = 1;
    /** No round runs longer than this. */
    private static final double ROUND_SECONDS = 30;

    private UdpRate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("recv")) {
            int senders = args.length > 5 ? Integer.parseInt(args[5]) : 1;
            int count = args.length > 6 ? Integer.parseInt(args[6]) : 1_000_000;
            int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
            int batch = args.length > 8 ? Integer.parseInt(args[8]) : 256;
            int burst = args.length > 9 ? Integer.parseInt(args[9]) : 0;
            try (NetStack host = BenchSupport.tapHost(args[1], args[2], UDP)) {
                double[] m = receive(host, args[1], Ipv4Cidr.parse(args[2]).address(), Integer.parseInt(args[3]),
                        args[4], senders, count, rounds, batch, burst);
                System.out.println(f("RESULT recv=%.0f drain=%.0f", m[0], m[1]));
            }
        } else if (args.length >= 6 && args[0].equals("send")) {
            int count = args.length > 6 ? Integer.parseInt(args[6]) : 300_000;
            int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
            int threads = args.length > 8 ? Integer.parseInt(args[8]) : 1;
            int batch = args.length > 9 ? Integer.parseInt(args[9]) : 1;
            try (NetStack host = BenchSupport.tapHost(args[1], args[2], UDP)) {
                double m = send(host, args[1], Ipv4Address.parse(args[3]), Integer.parseInt(args[4]), args[5], count,
                        rounds, threads, batch);
                System.out.println(f("RESULT send=%.0f", m));
            }
        } else if (args.length >= 5 && args[0].equals("kernel")) {
            int senders = args.length > 5 ? Integer.parseInt(args[5]) : 1;
            int count = args.length > 6 ? Integer.parseInt(args[6]) : 1_000_000;
            int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
            String receiver = args.length > 8 ? args[8] : "java";
            double[] m = kernelToKernel(args[1], Ipv4Address.parse(args[2]), Integer.parseInt(args[3]), args[4],
                    senders, count, rounds, receiver);
            System.out.println(f("RESULT recv=%.0f send=%.0f", m[0], m[1]));
        } else {
            System.err.println("usage: UdpRate recv TAP JAVA_CIDR PORT PEER_SCRIPT"
                    + " [SENDERS=1] [COUNT=1000000] [ROUNDS=3] [BATCH=256] [BURST=0]");
            System.err.println("       UdpRate send TAP JAVA_CIDR KERNEL_IP PORT PEER_SCRIPT"
                    + " [COUNT=300000] [ROUNDS=3] [THREADS=1] [BATCH=1]");
            System.err.println("       UdpRate kernel SEND_NETNS RECV_IP PORT PEER_SCRIPT"
                    + " [SENDERS=1] [COUNT=1000000] [ROUNDS=3] [java|python]");
            System.exit(2);
        }
    }

    /**
     * The medians of {datagrams/s the application receives from SENDERS kernel senders, the drain
     * rate (NaN without a burst)}.
     */
    private static double[] receive(NetStack host, String tap, Ipv4Address self, int port, String peer, int senders,
                                    int count, int rounds, int batchMax, int burst) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> loopCpu = new ArrayList<>();
        List<Double> drains = new ArrayList<>();
        try (UdpSocket socket = UdpSocket.bind(host, SocketAddress4.any(port))) {
            Reader reader = new Reader(socket, batchMax);
            for (int round = 1 - WARMUPS; round <= rounds; round++) {
                Map<String, Long> snmp0 = BenchSupport.udpSnmp();
                long tapDrop0 = BenchSupport.linkCounter(tap, "tx_dropped");
                long tapTx0 = BenchSupport.linkCounter(tap, "tx_packets");
                long sockDrops0 = drops(socket);
                long cpu0 = BenchSupport.threadCpuNanos(tap);
                long wall0 = System.nanoTime();
                List<BenchSupport.Peer> peers = startSenders(peer, self, port, senders, count);
                reader.run((long) senders * count, peers, System.nanoTime());
                double senderRate = 0;
                long sent = 0;
                for (BenchSupport.Peer p : peers) {
                    String line = p.finish(10);
                    senderRate += field(line, "rate");
                    sent += (long) field(line, "sent");
                }
                double cpu = (BenchSupport.threadCpuNanos(tap) - cpu0) / (double) (System.nanoTime() - wall0);
                Map<String, Long> snmp1 = BenchSupport.udpSnmp();
                long tapDrops = BenchSupport.linkCounter(tap, "tx_dropped") - tapDrop0;
                long tapTx = BenchSupport.linkCounter(tap, "tx_packets") - tapTx0;
                double rate = reader.rate();
                System.out.println(f("recv %s: %d sender(s) sent %d (kernel OutDatagrams %d) at %.0f/s together;"
                                + " TAP queued %d, dropped %d (its ring full); Java socket drops %d;"
                                + " application received %s = %.0f datagrams/s (%.2f Gbit/s of payload);"
                                + " loop thread busy %.0f%%",
                        round <= 0 ? "warm-up" : "round " + round, senders, sent,
                        snmp1.get("OutDatagrams") - snmp0.get("OutDatagrams"), senderRate, tapTx, tapDrops,
                        drops(socket) - sockDrops0, reader, rate, rate * PAYLOAD * 8 / 1e9, 100 * cpu));
                if (round > 0) {
                    rates.add(rate);
                    loopCpu.add(cpu);
                }
            }
            for (int round = 1 - WARMUPS; burst > 0 && round <= rounds; round++) {
                drains.add(drain(host, socket, reader, tap, self, port, peer, senders, burst, round));
            }
        }
        double m = median(rates);
        System.out.println(f("recv median: %.0f datagrams/s (loop thread busy %.0f%%)", m, 100 * median(loopCpu)));
        double d = burst > 0 ? median(drains.subList(WARMUPS, drains.size())) : Double.NaN;
        if (burst > 0) {
            System.out.println(f("drain median: %.0f datagrams/s", d));
        }
        return new double[] {m, d};
    }

    /**
     * The Java side alone: the loop thread is held (a task that waits) while the senders queue
     * {@code burst} datagrams in the TAP's ring, then released; the rate is datagrams the
     * application received from the release to its last batch. The TAP's txqueuelen must hold the burst.
     */
    private static double drain(NetStack host, UdpSocket socket, Reader reader, String tap, Ipv4Address self, int port,
                                String peer, int senders, int burst, int round) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        host.loop().execute(now -> {
            held.countDown();
            try {
                release.await((long) ROUND_SECONDS, TimeUnit.SECONDS);   // bounded, whatever happens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long queued;
        double senderRate = 0;
        try {
            held.await(10, TimeUnit.SECONDS);
            // The TAP counts tx_packets as they are read; what sits in its ring is what the kernel
            // sent (OutDatagrams) less what the ring refused (tx_dropped).
            long out0 = BenchSupport.udpSnmp().get("OutDatagrams");
            long tapDrop0 = BenchSupport.linkCounter(tap, "tx_dropped");
            for (BenchSupport.Peer p : startSenders(peer, self, port, senders, burst / senders)) {
                senderRate += field(p.finish(ROUND_SECONDS), "rate");
            }
            Thread.sleep(20);
            long dropped = BenchSupport.linkCounter(tap, "tx_dropped") - tapDrop0;
            queued = BenchSupport.udpSnmp().get("OutDatagrams") - out0 - dropped;
            if (dropped > 0) {
                System.out.println(f("  warning: the TAP dropped %d of the burst (txqueuelen too short?)", dropped));
            }
        } finally {
            release.countDown();
        }
        long t0 = System.nanoTime();
        long sockDrops0 = drops(socket);
        reader.run(queued, List.of(), t0);
        double rate = reader.drainRate(t0);
        System.out.println(f("drain %s: the loop held while the kernel queued %d datagrams in the TAP"
                        + " (senders at %.0f/s); released, the application received %s; socket drops %d"
                        + " = %.0f datagrams/s",
                round <= 0 ? "warm-up" : "round " + round, queued, senderRate, reader, drops(socket) - sockDrops0,
                rate));
        return rate;
    }

    private static List<BenchSupport.Peer> startSenders(String peer, Ipv4Address self, int port, int senders,
                                                        int count) {
        List<BenchSupport.Peer> peers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            peers.add(BenchSupport.Peer.start(peer, "SEND", "send", self, port, count, ROUND_SECONDS - 5));
        }
        return peers;
    }

    /** The application: drains the socket with the batch receive and times it. */
    private static final class Reader {
        private final UdpSocket socket;
        private final int batchMax;
        private final List<UdpDatagram> batch;
        long got;
        long calls;
        long wrongSize;
        long first;
        long firstBatch;
        long last;

        Reader(UdpSocket socket, int batchMax) {
            this.socket = socket;
            this.batchMax = batchMax;
            this.batch = new ArrayList<>(batchMax);
        }

        /** Receives until {@code expected} came, or nothing came for 300 ms once the senders are gone. */
        void run(long expected, List<BenchSupport.Peer> senders, long start) throws SocketException {
            got = calls = wrongSize = firstBatch = 0;
            first = last = start;
            long hardEnd = start + (long) (ROUND_SECONDS * 1e9);
            while (got < expected && System.nanoTime() < hardEnd) {
                batch.clear();
                int n;
                try {
                    n = socket.receive(batch, batchMax, Duration.ofMillis(300));
                } catch (SocketException e) {
                    if (e.errno() != Errno.ETIMEDOUT) {
                        throw e;
                    }
                    if (senders.stream().noneMatch(BenchSupport.Peer::isAlive)) {
                        break;
                    }
                    continue;
                }
                long t = System.nanoTime();
                if (got == 0) {
                    first = t;
                    firstBatch = n;
                }
                for (UdpDatagram d : batch) {
                    if (d.length() != PAYLOAD) {
                        wrongSize++;
                    }
                }
                got += n;
                last = t;
                calls++;
            }
        }

        /** Datagrams/s from the first batch to the last (the first batch's own datagrams not counted). */
        double rate() {
            return last > first ? (got - firstBatch) / ((last - first) / 1e9) : 0;
        }

        /** Datagrams/s from {@code t0} to the last batch. */
        double drainRate(long t0) {
            return last > t0 ? got / ((last - t0) / 1e9) : 0;
        }

        @Override
        public String toString() {
            return f("%d (%d not %d B) in %d calls (%.1f per call) over %.3f s", got, wrongSize, PAYLOAD, calls,
                    calls == 0 ? 0.0 : (double) got / calls, (last - first) / 1e9);
        }
    }

    /** Median datagrams/s the application sends to a kernel socket. */
    private static double send(NetStack host, String tap, Ipv4Address kernel, int port, String peer, int count,
                               int rounds, int threads, int batchSize) throws Exception {
        List<Double> rates = new ArrayList<>();
        byte[] payload = new byte[PAYLOAD];
        SocketAddress4 to = new SocketAddress4(kernel, port);
        for (int round = 1 - WARMUPS; round <= rounds; round++) {
            try (BenchSupport.Peer sink = BenchSupport.Peer.start(peer, "SINK", "sink", kernel, port, ROUND_SECONDS,
                    1.0)) {
                sink.awaitReady(10);
                Map<String, Long> snmp0 = BenchSupport.udpSnmp();
                long tapRx0 = BenchSupport.linkCounter(tap, "rx_packets");
                AtomicLong refused = new AtomicLong();
                AtomicLong sentTotal = new AtomicLong();
                List<Thread> workers = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int w = 0; w < threads; w++) {
                    int share = count / threads + (w < count % threads ? 1 : 0);
                    workers.add(Thread.ofPlatform().name("sender-" + w).start(() -> {
                        try (UdpSocket s = UdpSocket.open(host)) {
                            s.connect(to);
                            long end = System.nanoTime() + (long) ((ROUND_SECONDS - 5) * 1e9);
                            List<byte[]> batch = Collections.nCopies(batchSize, payload);
                            long checked = 0;
                            for (int i = 0; i < share; ) {
                                if (i - checked >= 1024) {
                                    checked = i;
                                    if (System.nanoTime() > end) {
                                        break;
                                    }
                                }
                                try {
                                    int n = 1;
                                    if (batchSize == 1) {
                                        s.send(payload);                  // one call to the loop per datagram
                                    } else {                              // sendmmsg: one call per batch
                                        n = s.send(share - i >= batchSize ? batch : batch.subList(0, share - i));
                                    }
                                    sentTotal.addAndGet(n);
                                    i += n;
                                } catch (SocketException e) {
                                    refused.incrementAndGet();   // ENOBUFS...
                                    i++;
                                }
                            }
                        } catch (SocketException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (Thread t : workers) {
                    t.join();
                }
                long t1 = System.nanoTime();
                String line = sink.finish(ROUND_SECONDS);
                Map<String, Long> snmp1 = BenchSupport.udpSnmp();
                long in = snmp1.get("InDatagrams") - snmp0.get("InDatagrams");
                long rcvbuf = snmp1.get("RcvbufErrors") - snmp0.get("RcvbufErrors");
                long tapRx = BenchSupport.linkCounter(tap, "rx_packets") - tapRx0;
                long sent = sentTotal.get();
                double rate = sent / ((t1 - t0) / 1e9);
                System.out.println(f("send %s: %d thread(s), %d per call, sent %d (%d refused) in %.3f s"
                                + " = %.0f datagrams/s, %.2f Gbit/s of payload; kernel: TAP received %d,"
                                + " Udp InDatagrams %d, RcvbufErrors %d; the kernel reader drained %.0f at %.0f/s",
                        round <= 0 ? "warm-up" : "round " + round, threads, batchSize, sent, refused.get(),
                        (t1 - t0) / 1e9, rate,
                        rate * PAYLOAD * 8 / 1e9, tapRx, in, rcvbuf, field(line, "received"), field(line, "rate")));
                if (round > 0) {
                    rates.add(rate);
                }
            }
        }
        double m = median(rates);
        System.out.println(f("send median: %.0f datagrams/s", m));
        return m;
    }

    /**
     * The reference, kernel to kernel: run inside the receiving namespace, SENDERS kernel senders in
     * {@code sendNs} send COUNT datagrams each to a kernel socket here (over a veth pair, say), drained
     * by this JVM through {@link DatagramSocket} ("java": the same application as on the Java stack,
     * on the kernel's UDP) or by a python3 process ("python"). Returns the medians of {the receiving
     * application's rate, the senders' rate}.
     */
    private static double[] kernelToKernel(String sendNs, Ipv4Address self, int port, String peer, int senders,
                                           int count, int rounds, String receiver) throws Exception {
        List<Double> recvRates = new ArrayList<>();
        List<Double> sendRates = new ArrayList<>();
        InetAddress bindTo = InetAddress.getByName(self.toString());
        for (int round = 1 - WARMUPS; round <= rounds; round++) {
            Map<String, Long> snmp0;
            List<BenchSupport.Peer> peers = new ArrayList<>();
            double rate;
            long got;
            double seconds;
            if (receiver.equals("python")) {
                try (BenchSupport.Peer sink = BenchSupport.Peer.start(peer, "SINK", "sink", self, port,
                        ROUND_SECONDS, 1.0)) {
                    sink.awaitReady(10);
                    snmp0 = BenchSupport.udpSnmp();
                    for (int i = 0; i < senders; i++) {
                        peers.add(BenchSupport.Peer.startIn(sendNs, peer, "SEND", "send", self, port, count,
                                ROUND_SECONDS - 5));
                    }
                    String line = sink.finish(ROUND_SECONDS);
                    rate = field(line, "rate");
                    got = (long) field(line, "received");
                    seconds = field(line, "seconds");
                }
            } else {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.setReceiveBufferSize(4 << 20);
                    socket.bind(new InetSocketAddress(bindTo, port));
                    socket.setSoTimeout(300);
                    snmp0 = BenchSupport.udpSnmp();
                    for (int i = 0; i < senders; i++) {
                        peers.add(BenchSupport.Peer.startIn(sendNs, peer, "SEND", "send", self, port, count,
                                ROUND_SECONDS - 5));
                    }
                    byte[] buf = new byte[65_536];
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    long first = 0;
                    long last = 0;
                    got = 0;
                    long hardEnd = System.nanoTime() + (long) (ROUND_SECONDS * 1e9);
                    while (got < (long) senders * count && System.nanoTime() < hardEnd) {
                        packet.setLength(buf.length);
                        try {
                            socket.receive(packet);
                        } catch (SocketTimeoutException e) {
                            if (peers.stream().noneMatch(BenchSupport.Peer::isAlive)) {
                                break;
                            }
                            continue;
                        }
                        last = System.nanoTime();
                        if (got++ == 0) {
                            first = last;
                        }
                    }
                    seconds = (last - first) / 1e9;
                    rate = got > 1 ? (got - 1) / seconds : 0;
                }
            }
            double senderRate = 0;
            long sent = 0;
            for (BenchSupport.Peer p : peers) {
                String line = p.finish(ROUND_SECONDS);
                senderRate += field(line, "rate");
                sent += (long) field(line, "sent");
            }
            Map<String, Long> snmp1 = BenchSupport.udpSnmp();
            System.out.println(f("kernel %s: %d sender(s) sent %d at %.0f/s together; receiving kernel: Udp InDatagrams"
                            + " %d, RcvbufErrors %d; the receiving application (%s) got %d over %.3f s"
                            + " = %.0f datagrams/s",
                    round <= 0 ? "warm-up" : "round " + round, senders, sent, senderRate,
                    snmp1.get("InDatagrams") - snmp0.get("InDatagrams"),
                    snmp1.get("RcvbufErrors") - snmp0.get("RcvbufErrors"), receiver, got, seconds, rate));
            if (round > 0) {
                recvRates.add(rate);
                sendRates.add(senderRate);
            }
        }
        double r = median(recvRates);
        double s = median(sendRates);
        System.out.println(f("kernel median: received %.0f datagrams/s, senders %.0f datagrams/s", r, s));
        return new double[] {r, s};
    }

    /** The socket's queue drops, from the socket table. */
    private static long drops(UdpSocket socket) {
        SocketInfo i = socket.info();
        return i == null ? 0 : i.drops();
    }
}
