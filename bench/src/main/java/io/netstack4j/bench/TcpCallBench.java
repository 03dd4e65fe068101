package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketInfo;
import io.netstack4j.api.SocketOption;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP {@code read} or {@code write} on an application thread that finds the connection ready,
 * per call, between two hosts on a virtual LAN (each with its own loop thread), public Socket
 * library only:
 *
 * <ul>
 *   <li>{@code writeFindsRoom}: a {@code write} of {@code size} bytes on a connection whose send
 *       ring is empty (before each call, outside the measured time, the peer reads everything
 *       written so far and the sender's send queue is waited down to 0 bytes);</li>
 *   <li>{@code readFindsData}: a blocking {@code read} into a {@code size}-byte array on a connection
 *       whose receive ring already holds {@code size} bytes (the peer writes them before each call,
 *       outside the measured time, and the receive queue is waited up to that many bytes).</li>
 * </ul>
 * After each iteration it prints the tasks the measured calls posted to their host's loop, per call
 * ({@code StackLoop.postedTasks}, counted around the call only): 0 means the call was served on
 * the application's thread without a round trip through the loop; and the loop wake-ups the calls
 * caused ({@code StackLoop.wakeups}: the loop was parked, and the call had handed it work, a
 * segment to send or a window to announce, so it unparked it; the caller does not wait for it).
 *
 * <pre>java -jar bench/target/benchmarks.jar TcpCallBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TcpCallBench {
    static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address B = Ipv4Address.parse("198.51.100.2");
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Alice (the client, writes) and Bob (accepted, reads), one connection between them. */
    @State(Scope.Thread)
    public abstract static class Connection {
        NetStack alice;
        NetStack bob;
        Sockets a;
        Sockets b;
        int aliceFd;
        int bobFd;
        byte[] data;
        byte[] buf;
        long calls;
        long tasks;
        long wakeups;
        long callsAtStart;
        long tasksAtStart;
        long wakeupsAtStart;
        long before;
        long wakeupsBefore;

        abstract int size();

        /** The host whose loop the measured call might post to. */
        abstract NetStack caller();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            VirtualLan lan = new VirtualLan(1);
            // A 1-ms delayed ACK: the set-up before each call waits for acknowledgements, and at 40 ms
            // an iteration would hold 25 calls. The measured calls do not depend on it.
            TcpConfig tcp = TcpConfig.DEFAULT.toBuilder().build();
            tcp = withDelayedAck(tcp, TimeUnit.MILLISECONDS.toNanos(1));
            alice = NetStack.builder(config("alice", 1, A), lan.attach("alice")).tcpConfig(tcp)
                    .random(new SplittableRandom(1)).start();
            bob = NetStack.builder(config("bob", 2, B), lan.attach("bob")).tcpConfig(tcp)
                    .random(new SplittableRandom(2)).start();
            a = alice.sockets();
            b = bob.sockets();
            int l = b.socket(SocketType.STREAM);
            b.bind(l, new SocketAddress4(B, 5001));
            b.listen(l, 4);
            CompletableFuture<Integer> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.accept(l);
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            });
            aliceFd = a.socket(SocketType.STREAM);
            a.connect(aliceFd, new SocketAddress4(B, 5001));
            bobFd = accepted.get(10, TimeUnit.SECONDS);
            b.close(l);
            data = new byte[size()];
            new SplittableRandom(3).nextBytes(data);
            buf = new byte[Math.max(size(), 64 * 1024)];
            a.setOption(aliceFd, SocketOption.TCP_NODELAY, 1);   // each write's bytes leave at once (no Nagle wait)
            a.setSendTimeout(aliceFd, 5000);      // a stall fails the run instead of hanging it
            b.setReceiveTimeout(bobFd, 5000);
        }

        private static TcpConfig withDelayedAck(TcpConfig c, long nanos) {
            TcpConfig.Builder b = c.toBuilder();
            b.delayedAck = nanos;
            return b.build();
        }

        private static StackConfig config(String name, long mac, Ipv4Address ip) {
            return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(ip + "/24").build();
        }

        @Setup(Level.Iteration)
        public void mark() {
            callsAtStart = calls;
            tasksAtStart = tasks;
            wakeupsAtStart = wakeups;
        }

        @TearDown(Level.Iteration)
        public void report() {
            if (calls > callsAtStart) {
                double n = calls - callsAtStart;
                System.out.printf(" [tasks posted per call: %.3f, loop wake-ups per call: %.3f] ",
                        (tasks - tasksAtStart) / n, (wakeups - wakeupsAtStart) / n);
            }
        }

        /** Counts only what the measured call posted. */
        @TearDown(Level.Invocation)
        public void countCall() {
            calls++;
            tasks += caller().loop().postedTasks() - before;
            wakeups += caller().loop().wakeups() - wakeupsBefore;
        }

        /** Marks the counters just before the measured call. */
        void armCounters() {
            before = caller().loop().postedTasks();
            wakeupsBefore = caller().loop().wakeups();
        }

        /** Reads exactly {@code n} bytes on {@code fd} (bounded by the receive timeout). */
        static void readFully(Sockets s, int fd, byte[] into, int n) throws SocketException {
            for (int got = 0; got < n; ) {
                int r = s.read(fd, into, 0, Math.min(into.length, n - got));
                if (r <= 0) {
                    throw new IllegalStateException("stream ended after " + got + " of " + n + " bytes");
                }
                got += r;
            }
        }

        /** The socket table's row for {@code fd} (a round trip to the loop: outside measured time only). */
        static SocketInfo row(Sockets s, int fd) {
            for (SocketInfo i : s.table()) {
                if (i.fd() == fd) {
                    return i;
                }
            }
            throw new IllegalStateException("no socket " + fd);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            alice.close();
            bob.close();
        }
    }

    /** Alice writes; before each call Bob has read everything and Alice's send queue is empty. */
    public static class Writable extends Connection {
        @Param({"1024", "65536"})
        int size;
        private final byte[] sink = new byte[64 * 1024];
        private long unread;

        @Override
        int size() {
            return size;
        }

        @Override
        NetStack caller() {
            return alice;
        }

        @Setup(Level.Invocation)
        public void makeRoom() throws SocketException {
            readFully(b, bobFd, sink, (int) unread);
            unread = 0;
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (row(a, aliceFd).txQueued() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("send queue not drained: " + row(a, aliceFd));
                }
                Thread.onSpinWait();
            }
            unread += size;   // what the measured write will add
            armCounters();
        }
    }

    /** Bob reads; before each call Alice has written {@code size} bytes and they wait in Bob's ring. */
    public static class Readable extends Connection {
        @Param({"1024", "65536"})
        int size;

        @Override
        int size() {
            return size;
        }

        @Override
        NetStack caller() {
            return bob;
        }

        @Setup(Level.Invocation)
        public void fill() throws SocketException {
            for (int sent = 0; sent < size; ) {
                sent += a.write(aliceFd, data, sent, size - sent);
            }
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (row(b, bobFd).rxQueued() < size) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("data did not arrive: " + row(b, bobFd));
                }
                Thread.onSpinWait();
            }
            armCounters();
        }
    }

    /**
     * Alice writes back to back while a thread of Bob's reads everything: the steady state of a
     * bulk sender. A call that finds the send ring full waits for the loop to make room.
     */
    public static class Streaming extends Connection {
        @Param({"1024", "65536"})
        int size;
        private volatile boolean stop;
        private Thread drainer;

        @Override
        int size() {
            return size;
        }

        @Override
        NetStack caller() {
            return alice;
        }

        @Setup(Level.Trial)
        public void startDrainer() {
            drainer = Thread.ofPlatform().name("bob-drainer").daemon().start(() -> {
                byte[] sink = new byte[256 * 1024];
                try {
                    while (!stop && b.read(bobFd, sink, 0, sink.length) > 0) {
                        // drop
                    }
                } catch (SocketException e) {
                    if (!stop) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }

        @Setup(Level.Iteration)
        public void markStreaming() {
            before = alice.loop().postedTasks();
            wakeupsBefore = alice.loop().wakeups();
            callsAtStart = calls;
        }

        @TearDown(Level.Iteration)
        public void reportStreaming() {
            double n = Math.max(1, calls - callsAtStart);
            System.out.printf(" [tasks posted per call: %.3f, loop wake-ups per call: %.3f] ",
                    (alice.loop().postedTasks() - before) / n, (alice.loop().wakeups() - wakeupsBefore) / n);
        }

        @TearDown(Level.Trial)
        public void stopDrainer() throws InterruptedException {
            stop = true;
            drainer.interrupt();
        }

        @Override
        public void countCall() {
            // per-invocation counting is not used here (no per-call hooks on the hot path)
        }

        @Override
        public void mark() {
        }

        @Override
        public void report() {
        }
    }

    @Benchmark
    public int writeStreaming(Streaming c) throws SocketException {
        c.calls++;
        return c.a.write(c.aliceFd, c.data, 0, c.size);
    }

    @Benchmark
    public int writeFindsRoom(Writable c) throws SocketException {
        return c.a.write(c.aliceFd, c.data, 0, c.size);
    }

    @Benchmark
    public int readFindsData(Readable c) throws SocketException {
        int n = c.b.read(c.bobFd, c.buf, 0, c.size);
        if (n != c.size) {
            throw new IllegalStateException("read " + n + " of " + c.size + " bytes waiting");
        }
        return n;
    }
}
