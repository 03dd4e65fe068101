package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.PollFd;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A UDP socket call on an application thread, per call, between two hosts on a virtual LAN (each
 * with its own loop thread), through the public Socket library only, so the same source measures
 * any version of the stack:
 *
 * <ul>
 *   <li>{@code recvFindsDatagram}: a blocking {@code read} on a socket that already has a datagram
 *       waiting (the peer's datagram is queued before each call, outside the measured time);</li>
 *   <li>{@code send}: a {@code write} of 64 bytes on a connected socket, back to back (the loop has
 *       to keep up: a call that finds the socket's send ring full waits its turn on the loop).</li>
 * </ul>
 * After each iteration it prints the tasks the calling host posted to its loop per call, when the
 * stack counts them ({@code StackLoop.postedTasks}); 0 means no call went through the loop.
 *
 * <pre>java -jar bench/target/benchmarks.jar UdpCallBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UdpCallBench {
    static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address B = Ipv4Address.parse("198.51.100.2");

    /** Alice and Bob, each with its own loop thread; Alice's sockets make the measured calls. */
    @State(Scope.Thread)
    public static class Hosts {
        NetStack alice;
        NetStack bob;
        Sockets a;
        Sockets b;
        int aliceRx;
        int aliceTx;
        int bobTx;
        final byte[] msg = new byte[64];
        final byte[] buf = new byte[2048];
        PollFd[] readable;
        long postedAtStart;
        long callsAtStart;
        long calls;
        /** Tasks posted by the measured calls alone, when a benchmark counts them so (-1: not). */
        long callTasks = -1;
        long callTasksAtStart;

        @Setup
        public void setUp() throws SocketException {
            VirtualLan lan = new VirtualLan(1);
            UdpConfig big = UdpConfig.DEFAULT.withReceiveQueue(4096, 8 << 20);
            alice = NetStack.builder(config("alice", 1, A), lan.attach("alice")).udpConfig(big)
                    .random(new SplittableRandom(1)).start();
            bob = NetStack.builder(config("bob", 2, B), lan.attach("bob")).udpConfig(big)
                    .random(new SplittableRandom(2)).start();
            a = alice.sockets();
            b = bob.sockets();
            aliceRx = a.socket(SocketType.DGRAM);
            a.bind(aliceRx, SocketAddress4.any(9000));
            aliceTx = a.socket(SocketType.DGRAM);
            a.connect(aliceTx, new SocketAddress4(B, 9001));
            int bobRx = b.socket(SocketType.DGRAM);
            b.bind(bobRx, SocketAddress4.any(9001));
            bobTx = b.socket(SocketType.DGRAM);
            b.connect(bobTx, new SocketAddress4(A, 9000));
            readable = new PollFd[]{PollFd.in(aliceRx)};
            a.setReceiveTimeout(aliceRx, 5000);   // a lost datagram fails the run instead of hanging it
        }

        private static StackConfig config(String name, long mac, Ipv4Address ip) {
            return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(ip + "/24").build();
        }

        @Setup(Level.Iteration)
        public void mark() {
            if (callTasks < 0 && this instanceof Waiting) {
                callTasks = 0;
            }
            postedAtStart = posted();
            callsAtStart = calls;
            callTasksAtStart = callTasks;
        }

        @TearDown(Level.Iteration)
        public void report() {
            long p = posted();
            if (p >= 0 && calls > callsAtStart) {
                long tasks = callTasks >= 0 ? callTasks - callTasksAtStart : p - postedAtStart;
                System.out.printf(" [tasks posted per call: %.3f] ", (double) tasks / (calls - callsAtStart));
            }
        }

        /** Alice's loop's posted-task count, or -1 when this version of the stack has no such counter. */
        long posted() {
            try {
                return (long) alice.loop().getClass().getMethod("postedTasks").invoke(alice.loop());
            } catch (ReflectiveOperationException e) {
                return -1;
            }
        }

        @TearDown
        public void tearDown() {
            alice.close();
            bob.close();
        }
    }

    /** The hosts, with Bob's datagram put on Alice's socket before each receive (not measured). */
    @State(Scope.Thread)
    public static class Waiting extends Hosts {
        private long beforeCall;

        @Setup(Level.Invocation)
        public void queueOne() throws SocketException {
            b.write(bobTx, msg, 0, msg.length);
            while (a.poll(readable, 1000) == 0) {
                Thread.onSpinWait();
            }
            beforeCall = posted();
        }

        /** Counts only the tasks the measured call posted (the wait above may post one). */
        @TearDown(Level.Invocation)
        public void countCall() {
            callTasks += posted() - beforeCall;
        }
    }

    @Benchmark
    public int recvFindsDatagram(Waiting h) throws SocketException {
        h.calls++;
        return h.a.read(h.aliceRx, h.buf, 0, h.buf.length);
    }

    @Benchmark
    public int send(Hosts h) throws SocketException {
        h.calls++;
        return h.a.write(h.aliceTx, h.msg, 0, h.msg.length);
    }
}
