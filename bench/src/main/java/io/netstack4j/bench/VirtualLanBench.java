package io.netstack4j.bench;

import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The virtual LAN alone, no stack: one frame sent on port a to port b (learnt, unicast, no faults)
 * and read on b, on one thread, so the figure is the LAN's own cost per frame: the switch, the
 * copy in, the copy out (and, before the lock-free path, the LAN's lock and a new array per frame).
 * Run with {@code -prof gc} for the bytes allocated per frame.
 *
 * <pre>java -jar bench/target/benchmarks.jar VirtualLanBench -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualLanBench {
    @Param({"1514", "65535"})
    int size;

    VirtualPort a;
    VirtualPort b;
    byte[] frame;
    byte[] buf;
    long now;

    @Setup
    public void setUp() {
        VirtualLan lan = new VirtualLan(1, size > 1514 ? largestMtu() : 1500, 1024, 16);
        a = lan.attach("a");
        b = lan.attach("b");
        frame = new byte[Math.min(size, lan.ports().get(0).mtu() + 14)];
        buf = new byte[frame.length + 64];
        frame[0] = 0x02;                       // a unicast, locally administered destination...
        frame[5] = 0x0B;
        frame[6] = 0x02;                       // ...and source
        frame[11] = 0x0A;
        byte[] fromB = frame.clone();
        System.arraycopy(frame, 0, fromB, 6, 6);
        System.arraycopy(frame, 6, fromB, 0, 6);
        b.transmit(fromB, 0, 64, 0);           // the switch learns b
        a.receive(buf, 0, 0);
    }

    /** The largest MTU the LAN accepts (65,535 since the lock-free path; 65,521 before). */
    private static int largestMtu() {
        for (int mtu = 65_535; ; mtu--) {
            try {
                new VirtualLan(0, mtu, 1, 1);
                return mtu;
            } catch (IllegalArgumentException e) {
                // one less
            }
        }
    }

    @Benchmark
    public int frame() {
        long t = now++;
        a.transmit(frame, 0, frame.length, t);
        return b.receive(buf, 0, t);
    }
}
