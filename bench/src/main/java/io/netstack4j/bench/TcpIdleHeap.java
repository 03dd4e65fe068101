package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.bench.BenchSupport.f;

/**
 * Heap held per idle TCP connection (a harness, never a test): two stacks on a {@link VirtualLan} in
 * one JVM, COUNT connections from a client stack to a listener on the server stack, each used for
 * one small exchange (SIZE bytes out, the same back) and then left idle and open (3 s, or
 * {@code -Dns4j.idle.millis}: a drained ring goes back after a second idle). Heap in use is
 * taken after {@code System.gc()} (repeated until it settles) before the connections and after
 * them; the difference is divided by COUNT (per connection, both of its ends: two sockets, one in
 * each stack) and by 2·COUNT (per socket).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.netstack4j.bench.TcpIdleHeap [COUNT=10000] [SIZE=64] [HISTOGRAM_ROWS=0]
 * </pre>
 * With HISTOGRAM_ROWS &gt; 0 it then prints the top rows of the live-object class histogram
 * ({@code jcmd PID GC.class_histogram}), which says what the heap per connection is made of.
 * Prints a {@code RESULT} line.
 */
public final class TcpIdleHeap {
    static final Ipv4Address CLIENT_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address SERVER_IP = Ipv4Address.parse("198.51.100.2");
    static final int PORT = 5001;
    static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(300);
    /** How long the connections are left idle before the heap is measured. */
    static final long IDLE_MILLIS = Long.getLong("ns4j.idle.millis", 3_000L);

    private TcpIdleHeap() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int histogramRows = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        TcpConfig tcp = TcpConfig.DEFAULT.toBuilder().build();
        System.out.println(f("TcpIdleHeap: %d connections, a %d-byte exchange each, then idle; buffers %d/%d; java %s, %s",
                count, size, tcp.sendBufferBytes(), tcp.receiveBufferBytes(), System.getProperty("java.version"),
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName()));
        VirtualLan lan = new VirtualLan(1);
        int descriptors = count + 128;   // the warm-up's 50 connections and the listener too
        try (NetStack client = host("idle-client", 0x61, CLIENT_IP, lan, tcp, descriptors);
             NetStack server = host("idle-server", 0x62, SERVER_IP, lan, tcp, descriptors)) {
            Sockets c = client.sockets();
            Sockets s = server.sockets();
            int l = s.socket(SocketType.STREAM);
            s.bind(l, new SocketAddress4(SERVER_IP, PORT));
            s.listen(l, 128);
            // warm the paths once (and let the loops allocate what they keep anyway) before "before"
            exchange(c, s, l, 50, size, new int[50], new int[50]);
            long before = settledHeapUsed(memory);

            int[] clientFds = new int[count];
            int[] serverFds = new int[count];
            long t0 = System.nanoTime();
            exchange(c, s, l, count, size, clientFds, serverFds);
            double secs = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(IDLE_MILLIS);   // idle: delayed ACKs sent, drained rings given back (after a second idle)
            long after = settledHeapUsed(memory);
            long open = c.openCount() + s.openCount();
            double perConn = (double) (after - before) / count;
            System.out.println(f("opened and exchanged on %d connections in %.2f s; open descriptors %d (client %d, server %d)",
                    count, secs, open, c.openCount(), s.openCount()));
            System.out.println(f("heap used after GC: before %,d B, after %,d B, difference %,d B", before, after,
                    after - before));
            System.out.println(f("per connection (both ends) %.0f B, per socket %.0f B", perConn, perConn / 2));
            System.out.println("client tcp: " + client.loop().submit(now -> client.tcp().stats().snapshot()).get());
            if (histogramRows > 0) {
                histogram(histogramRows);
            }
            System.out.println(f("RESULT count=%d per_connection_bytes=%.0f per_socket_bytes=%.0f", count, perConn,
                    perConn / 2));
            for (int i = 0; i < count; i++) {
                c.close(clientFds[i]);
                s.close(serverFds[i]);
            }
        }
    }

    /**
     * Opens {@code n} connections one after the other: the client connects and writes {@code size}
     * bytes, the server accepts, reads them and writes them back, the client reads them. Both ends
     * stay open (their descriptors in the arrays).
     */
    private static void exchange(Sockets c, Sockets s, int l, int n, int size, int[] clientFds, int[] serverFds)
            throws Exception {
        long deadline = System.nanoTime() + BOUND_NANOS;
        CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[size];
            try {
                for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
                    int fd = s.accept(l);
                    serverFds[i] = fd;
                    readFully(s, fd, buf, size);
                    s.write(fd, buf, 0, size);
                }
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] msg = new byte[size];
        new SplittableRandom(7).nextBytes(msg);
        byte[] back = new byte[size];
        for (int i = 0; i < n; i++) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bound reached after " + i + " connections");
            }
            int fd = c.socket(SocketType.STREAM);
            c.connect(fd, new SocketAddress4(SERVER_IP, PORT));
            clientFds[i] = fd;
            c.setReceiveTimeout(fd, 10_000);   // a failed server side fails the run instead of hanging it
            c.write(fd, msg, 0, size);
            readFully(c, fd, back, size);
        }
        serverSide.get(60, TimeUnit.SECONDS);
    }

    private static void readFully(Sockets s, int fd, byte[] into, int n) throws SocketException {
        for (int got = 0; got < n; ) {
            int r = s.read(fd, into, got, n - got);
            if (r <= 0) {
                throw new IllegalStateException("stream ended after " + got + " of " + n + " bytes");
            }
            got += r;
        }
    }

    /** Heap in use after full collections, repeated until two readings agree within 0.1 % (at most 10). */
    static long settledHeapUsed(MemoryMXBean memory) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) <= last / 1000) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    private static void histogram(int rows) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.out.println("live objects by class (top " + rows + "):");
        out.lines().skip(1).limit(rows + 2L).forEach(System.out::println);
    }

    private static NetStack host(String name, long mac, Ipv4Address ip, VirtualLan lan, TcpConfig tcp, int descriptors) {
        StackConfig config = StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac))
                .address(ip + "/24").build();
        return NetStack.builder(config, lan.attach(name)).tcpConfig(tcp).maxDescriptors(descriptors)
                .random(new SplittableRandom(mac)).start();
    }
}
