package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.bench.BenchSupport.f;
import static io.netstack4j.bench.BenchSupport.median;

/**
 * TCP between two stacks in one JVM on a {@link VirtualLan}, one connection, through the socket
 * library only (a harness, never a test): one application thread writes MB megabytes with
 * {@code Sockets.write} in CHUNK-byte calls, another reads them with {@code Sockets.read}; each stack
 * has its own loop thread.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.netstack4j.bench.TcpLanRate [MTU] [MB] [ROUNDS] [CHUNK]
 * </pre>
 * One unmeasured warm-up round, then ROUNDS (at least 3); prints Gbit/s per round (payload over the
 * time from the first write to the last byte read), the median, and a {@code RESULT} line.
 * Each round also prints the heap allocated per data segment the sender sent (HotSpot's per-thread
 * allocation counters): by the whole JVM, and by each of the four busy threads (the two loops, the
 * writing and the reading application threads).
 */
public final class TcpLanRate {
    static final Ipv4Address SENDER_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address RECEIVER_IP = Ipv4Address.parse("198.51.100.2");

    /** The reading application thread's name (a platform thread per round; it counts its own allocation). */
    static final String READER = "tcp-reader";

    private TcpLanRate() {
    }

    public static void main(String[] args) throws Exception {
        int mtu = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int mb = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = Math.max(3, args.length > 2 ? Integer.parseInt(args[2]) : 3);
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : 64 * 1024;
        long bytes = (long) mb << 20;
        VirtualLan lan = new VirtualLan(1, mtu, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE);
        TcpConfig tcp = TcpConfig.DEFAULT.toBuilder().build();
        System.out.println(f("TcpLanRate: MTU %d, %d MB per round, %d-byte writes and reads, %d rounds after a warm-up;"
                + " buffers %d/%d; java %s", mtu, mb, chunk, rounds, tcp.sendBufferBytes(), tcp.receiveBufferBytes(),
                System.getProperty("java.version")));
        io.netstack4j.link.VirtualPort senderPort = lan.attach("tcp-sender");
        io.netstack4j.link.VirtualPort receiverPort = lan.attach("tcp-receiver");
        try (NetStack sender = host("tcp-sender", 0x5E, SENDER_IP, mtu, senderPort, tcp);
             NetStack receiver = host("tcp-receiver", 0x5F, RECEIVER_IP, mtu, receiverPort, tcp)) {
            Sockets s = sender.sockets();
            Sockets r = receiver.sockets();
            int l = r.socket(SocketType.STREAM);
            r.bind(l, new SocketAddress4(RECEIVER_IP, 5001));
            r.listen(l, 4);
            List<Double> rates = new ArrayList<>();
            List<Double> allocs = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                CompletableFuture<Integer> accepted = CompletableFuture.supplyAsync(() -> call(() -> r.accept(l)));
                int c = s.socket(SocketType.STREAM);
                s.connect(c, new SocketAddress4(RECEIVER_IP, 5001));
                int a = accepted.get(10, TimeUnit.SECONDS);
                CompletableFuture<Long> reader = new CompletableFuture<>();
                long[] readerAllocated = new long[1];
                Thread.ofPlatform().name(READER).start(() -> {
                    byte[] into = new byte[chunk];   // the harness's own array, not counted
                    long before = Allocations.currentThread();
                    try {
                        long got = drain(r, a, into);
                        readerAllocated[0] = Allocations.currentThread() - before;   // published by complete()
                        reader.complete(got);
                    } catch (Throwable e) {
                        reader.completeExceptionally(e);
                    }
                });
                byte[] buf = new byte[chunk];
                new SplittableRandom(round).nextBytes(buf);
                Allocations.Snapshot alloc0 = Allocations.snapshot();
                long segs0 = outSegs(sender);
                long t0 = System.nanoTime();
                for (long sent = 0; sent < bytes; ) {
                    int n = (int) Math.min(chunk, bytes - sent);
                    sent += s.write(c, buf, 0, n);
                }
                s.shutdown(c, Sockets.SHUT_WR);
                long got = reader.get(120, TimeUnit.SECONDS);
                double secs = (System.nanoTime() - t0) / 1e9;
                Allocations.Snapshot alloc1 = Allocations.snapshot();
                long segs = outSegs(sender) - segs0;
                double gbits = got * 8 / secs / 1e9;
                double perSeg = alloc1.total() - alloc0.total();
                perSeg /= Math.max(1, segs);
                System.out.println(f("%s: %d bytes in %.3f s = %.2f Gbit/s; %d segments, allocated per segment %.1f B"
                                + " (sender loop %.1f, receiver loop %.1f, writer %.1f, reader %.1f)",
                        round == 0 ? "warm-up" : "round " + round, got, secs, gbits, segs, perSeg,
                        alloc1.perUnit(alloc0, "tcp-sender", segs), alloc1.perUnit(alloc0, "tcp-receiver", segs),
                        alloc1.perUnit(alloc0, Thread.currentThread().getName(), segs),
                        (double) readerAllocated[0] / Math.max(1, segs)));
                if (round > 0) {
                    rates.add(gbits);
                    allocs.add(perSeg);
                }
                s.close(c);
                r.close(a);
            }
            System.out.println("sender tcp: " + sender.loop().submit(now -> sender.tcp().stats().snapshot()).get());
            System.out.println("receiver tcp: " + receiver.loop().submit(now -> receiver.tcp().stats().snapshot() + " " + receiver.tcp().stats().drops().snapshot() + " ip " + receiver.stack().stats()).get());
            System.out.println("LAN: sender port dropped " + senderPort.stats().dropped.get() + ", receiver port queue full "
                    + receiverPort.drops(io.netstack4j.stats.DropReason.QUEUE_FULL) + ", receiver port dropped "
                    + receiverPort.stats().dropped.get());
            double m = median(rates);
            System.out.println(f("RESULT mtu=%d chunk=%d gbits=%.2f alloc_per_segment=%.1f", mtu, chunk, m,
                    median(allocs)));
        }
    }

    private static long outSegs(NetStack stack) throws Exception {
        return stack.loop().submit(now -> stack.tcp().stats().outSegs()).get(10, TimeUnit.SECONDS);
    }

    private static long drain(Sockets r, int fd, byte[] buf) throws Exception {
        long total = 0;
        for (int n; (n = r.read(fd, buf, 0, buf.length)) > 0; ) {
            total += n;
        }
        return total;
    }

    interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetStack host(String name, long mac, Ipv4Address ip, int mtu, io.netstack4j.link.VirtualPort port,
                                 TcpConfig tcp) {
        StackConfig config = StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac))
                .address(ip + "/24").mtu(mtu).build();
        return NetStack.builder(config, port).tcpConfig(tcp).random(new SplittableRandom(mac)).start();
    }
}
