package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketInfo;
import io.netstack4j.api.UdpSocket;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.LinkStats;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.netstack4j.bench.BenchSupport.f;
import static io.netstack4j.bench.BenchSupport.median;

/**
 * UDP between two stacks in one JVM on a {@link VirtualLan}, through the public API only, one
 * datagram per call: a harness, never a test. One application thread sends COUNT datagrams to the
 * other stack with {@link UdpSocket#send(byte[])} (a connected socket), another receives them one
 * per call into its own buffer ({@code Sockets.read}); each stack has its own loop thread, as a new
 * user's program would.
 *
 * <ul>
 *   <li>{@code 1472}: 1,472-byte datagrams (1,514-byte frames) at MTU 1500;</li>
 *   <li>{@code 65507}: the largest UDP datagram, at the largest MTU the LAN accepts
 *       ({@link #largestLanMtu()}: tried from 65,535 down). Below 65,535 a 65,507-byte datagram
 *       (a 65,535-byte IP packet) does not fit one frame and goes as two fragments.</li>
 *   <li>any other PAYLOAD up to 65,507: at MTU 1500 up to 1,472 bytes, else at the largest MTU
 *       (65,493 is the largest that fits one frame at MTU 65,521).</li>
 * </ul>
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.netstack4j.bench.UdpLanRate [1472|65507|PAYLOAD] [COUNT] [ROUNDS]
 * </pre>
 * One unmeasured warm-up round (the JIT, ARP), then ROUNDS rounds (at least 3), each bounded by
 * COUNT and by {@value #ROUND_SECONDS} s. Per round it prints send calls/s (COUNT over the sender's
 * time), datagrams received/s and Gbit/s of payload (over the time from the first send to the last
 * datagram received), the loss, the receiving socket's queue drops and the LAN ports' drops; then
 * the medians and a {@code RESULT} line. The receiving socket's queue is large (8,192 datagrams,
 * 64 MiB) so that a loss is real overload of the loop or the LAN, not a small buffer.
 */
public final class UdpLanRate {
    static final Ipv4Address SENDER_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address RECEIVER_IP = Ipv4Address.parse("198.51.100.2");
    static final int PORT = 9000;
    static final UdpConfig RECEIVER_UDP = UdpConfig.DEFAULT.withReceiveQueue(8192, 64 << 20);
    /** 65,535 less the IPv4 and UDP headers (RFC 768, RFC 791). */
    static final int MAX_PAYLOAD = 65_507;
    private static final int WARMUPS = 1;
    private static final double ROUND_SECONDS = 20;
    /** Once the sender is done, the receiver gives up after this long without a datagram. */
    private static final long IDLE_NANOS = 300_000_000L;

    private UdpLanRate() {
    }

    public static void main(String[] args) throws Exception {
        int payload = args.length > 0 ? Integer.parseInt(args[0]) : 1472;
        if (payload < 1 || payload > MAX_PAYLOAD) {
            System.err.println("usage: UdpLanRate [1472|65507|PAYLOAD] [COUNT] [ROUNDS>=3]");
            System.exit(2);
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : payload <= 1472 ? 200_000 : 20_000;
        int rounds = Math.max(3, args.length > 2 ? Integer.parseInt(args[2]) : 3);
        int mtu = payload <= 1472 ? 1500 : largestLanMtu();
        System.out.println(f("UdpLanRate: %d-byte datagrams, MTU %d (%s), %d per round, %d rounds after %d warm-up;"
                        + " java %s", payload, mtu, payload + 28 <= mtu ? "one frame each" : "two fragments each",
                count, rounds, WARMUPS, System.getProperty("java.version")));
        VirtualLan lan = new VirtualLan(1, mtu, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE);
        VirtualPort senderPort = lan.attach("sender");
        VirtualPort receiverPort = lan.attach("receiver");
        try (NetStack sender = host("lan-sender", 0x5E, SENDER_IP, mtu, senderPort, UdpConfig.DEFAULT);
             NetStack receiver = host("lan-receiver", 0x5F, RECEIVER_IP, mtu, receiverPort, RECEIVER_UDP);
             UdpSocket in = UdpSocket.bind(receiver, new SocketAddress4(RECEIVER_IP, PORT));
             UdpSocket out = UdpSocket.bind(sender, SocketAddress4.any(0))) {
            out.connect(new SocketAddress4(RECEIVER_IP, PORT));
            in.setReceiveTimeout(Duration.ofMillis(100));
            List<Double> sendRates = new ArrayList<>();
            List<Double> recvRates = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            for (int round = 1 - WARMUPS; round <= rounds; round++) {
                Round r = round(receiver, in, out, senderPort, receiverPort, payload, count);
                System.out.println(f("%s: sent %d in %.3f s = %.0f send calls/s (%d failed);"
                                + " received %d = %.0f datagrams/s, %.2f Gbit/s of payload; lost %d (%.2f%%):"
                                + " socket queue drops %d, LAN drops %d (receiver port queue full %d,"
                                + " sender port %d); receiver's IPv4 drops %s; loop threads busy %.0f%% / %.0f%%",
                        round <= 0 ? "warm-up" : "round " + round, r.sent, r.sendSeconds, r.sendRate(), r.sendFailures,
                        r.received, r.recvRate(), r.recvRate() * payload * 8 / 1e9, r.lost(),
                        100.0 * r.lost() / Math.max(1, r.sent), r.socketDrops, r.lanDrops, r.receiverQueueFull,
                        r.senderDrops, r.ipDrops, 100 * r.senderCpu, 100 * r.receiverCpu));
                if (round > 0) {
                    sendRates.add(r.sendRate());
                    recvRates.add(r.recvRate());
                    losses.add(100.0 * r.lost() / Math.max(1, r.sent));
                }
            }
            double s = median(sendRates);
            double rcv = median(recvRates);
            System.out.println(f("median of %d rounds: %.0f send calls/s, %.0f datagrams/s received,"
                    + " %.2f Gbit/s of payload, loss %.2f%%", rounds, s, rcv, rcv * payload * 8 / 1e9, median(losses)));
            System.out.println(f("RESULT payload=%d mtu=%d send=%.0f recv=%.0f gbits=%.2f loss=%.2f", payload, mtu, s,
                    rcv, rcv * payload * 8 / 1e9, median(losses)));
        }
    }

    /** The largest MTU a {@link VirtualLan} accepts, from 65,535 down (65,521 before it grew). */
    static int largestLanMtu() {
        for (int mtu = 65_535; mtu > 1500; mtu--) {
            try {
                new VirtualLan(0, mtu, 1, 1);
                return mtu;
            } catch (IllegalArgumentException e) {
                // too large for this LAN: try one less
            }
        }
        return 1500;
    }

    private static NetStack host(String name, long mac, Ipv4Address ip, int mtu, VirtualPort port, UdpConfig udp) {
        StackConfig config = StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac))
                .address(ip + "/24").mtu(mtu).build();
        return NetStack.builder(config, port).udpConfig(udp).random(new SplittableRandom(mac)).start();
    }

    /** What one round measured. */
    private static final class Round {
        long sent;
        long sendFailures;
        double sendSeconds;
        long received;
        double recvSeconds;
        long socketDrops;
        long lanDrops;
        long receiverQueueFull;
        long senderDrops;
        double senderCpu;
        double receiverCpu;
        Map<DropReason, Long> ipDrops;

        double sendRate() {
            return sendSeconds > 0 ? sent / sendSeconds : 0;
        }

        double recvRate() {
            return recvSeconds > 0 ? received / recvSeconds : 0;
        }

        long lost() {
            return sent - received;
        }
    }

    private static Round round(NetStack receiver, UdpSocket in, UdpSocket out, VirtualPort senderPort,
                               VirtualPort receiverPort, int payload, int count) throws Exception {
        Round r = new Round();
        long sockDrops0 = drops(in);
        long lan0 = lanDrops(senderPort, receiverPort);
        long full0 = receiverPort.drops(DropReason.QUEUE_FULL);
        long senderDrops0 = senderPort.stats().dropped.get();
        Map<DropReason, Long> ip0 = ipDrops(receiver);
        long cpuS0 = BenchSupport.threadCpuNanos("lan-sender");
        long cpuR0 = BenchSupport.threadCpuNanos("lan-receiver");
        AtomicLong sendEnd = new AtomicLong();
        long[] sendCounts = new long[2];
        byte[] data = new byte[payload];
        long start = System.nanoTime();
        long hardEnd = start + (long) (ROUND_SECONDS * 1e9);
        Thread sendThread = new Thread(() -> {
            long ok = 0;
            long failed = 0;
            for (int i = 0; i < count && System.nanoTime() < hardEnd; i++) {
                data[0] = (byte) i;
                try {
                    out.send(data);
                    ok++;
                } catch (SocketException e) {
                    failed++;
                }
            }
            sendCounts[0] = ok;
            sendCounts[1] = failed;
            sendEnd.set(System.nanoTime());
        }, "udp-lan-sender-app");
        sendThread.start();
        byte[] buf = new byte[65_536];
        long got = 0;
        long last = start;
        int fd = in.fd();
        while (got < count && System.nanoTime() < hardEnd) {
            try {
                receiver.sockets().read(fd, buf, 0, buf.length);
            } catch (SocketException e) {
                if (e.errno() != Errno.ETIMEDOUT) {
                    throw e;
                }
                long done = sendEnd.get();
                if (done != 0 && System.nanoTime() - Math.max(done, last) > IDLE_NANOS) {
                    break;
                }
                continue;
            }
            got++;
            last = System.nanoTime();
        }
        sendThread.join((long) (ROUND_SECONDS * 1000) + 5000);
        long wall = System.nanoTime() - start;
        r.sent = sendCounts[0];
        r.sendFailures = sendCounts[1];
        r.sendSeconds = (sendEnd.get() - start) / 1e9;
        r.received = got;
        r.recvSeconds = (last - start) / 1e9;
        r.socketDrops = drops(in) - sockDrops0;
        r.lanDrops = lanDrops(senderPort, receiverPort) - lan0;
        r.receiverQueueFull = receiverPort.drops(DropReason.QUEUE_FULL) - full0;
        r.senderDrops = senderPort.stats().dropped.get() - senderDrops0;
        r.ipDrops = minus(ipDrops(receiver), ip0);
        r.senderCpu = (BenchSupport.threadCpuNanos("lan-sender") - cpuS0) / (double) wall;
        r.receiverCpu = (BenchSupport.threadCpuNanos("lan-receiver") - cpuR0) / (double) wall;
        drain(receiver, fd, buf);
        return r;
    }

    /** Empties the receive queue of what came after the round ended, so the next round starts clean. */
    private static void drain(NetStack receiver, int fd, byte[] buf) throws SocketException {
        for (int i = 0; i < 1_000_000; i++) {
            try {
                receiver.sockets().read(fd, buf, 0, buf.length);
            } catch (SocketException e) {
                if (e.errno() == Errno.ETIMEDOUT || e.errno() == Errno.EAGAIN) {
                    return;
                }
                throw e;
            }
        }
    }

    /** The receiving stack's IPv4 drop counters (reassembly's among them), read on its loop thread. */
    private static Map<DropReason, Long> ipDrops(NetStack host) throws Exception {
        return host.loop().submit(now -> host.stack().stats().snapshot().drops().getOrDefault("ipv4", Map.of()))
                .get(10, TimeUnit.SECONDS);
    }

    private static Map<DropReason, Long> minus(Map<DropReason, Long> a, Map<DropReason, Long> b) {
        Map<DropReason, Long> d = new TreeMap<>();
        a.forEach((k, v) -> {
            long x = v - b.getOrDefault(k, 0L);
            if (x != 0) {
                d.put(k, x);
            }
        });
        return d;
    }

    private static long lanDrops(VirtualPort... ports) {
        long sum = 0;
        for (VirtualPort p : ports) {
            LinkStats s = p.stats();
            sum += s.dropped.get() + s.injectedDrops.get();
        }
        return sum;
    }

    private static long drops(UdpSocket socket) {
        SocketInfo i = socket.info();
        return i == null ? 0 : i.drops();
    }
}
