package io.netstack4j.bench;

import io.netstack4j.wire.Checksum;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the Internet checksum ({@link Checksum}, RFC 1071) over a 1500-byte packet and a
 * 64 KiB buffer.
 *
 * <p><b>Reading the result as GB/s:</b> every benchmark method declares
 * {@code @OperationsPerInvocation(N)} with N = the number of bytes it sums, so one JMH "op" is one
 * byte; with the output unit {@code ops/ns}, the score is bytes per nanosecond, which is
 * exactly GB/s (10^9 bytes per second). No arithmetic needed.
 *
 * <pre>
 * source scripts/env.sh &amp;&amp; ns4j_env &amp;&amp; mvn -q -B -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar ChecksumBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 *
 * <p>{@code naiveByteByByte1500} is a literal byte-at-a-time loop, for comparison only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumBench {
    private static final int MTU = 1500;
    private static final int KIB64 = 64 * 1024;
    /** Where an IP packet starts in an Ethernet frame: exercises unaligned 8-byte reads. */
    private static final int FRAME_OFFSET = 14;

    private byte[] packet;
    private byte[] frame;
    private byte[] big;

    @Setup
    public void setup() {
        Random random = new Random(42);
        packet = new byte[MTU];
        random.nextBytes(packet);
        frame = new byte[FRAME_OFFSET + MTU];
        random.nextBytes(frame);
        big = new byte[KIB64];
        random.nextBytes(big);
    }

    @Benchmark
    @OperationsPerInvocation(MTU)
    public int packet1500() {
        return Checksum.compute(packet, 0, MTU);
    }

    @Benchmark
    @OperationsPerInvocation(MTU)
    public int packet1500InFrame() {
        return Checksum.compute(frame, FRAME_OFFSET, MTU);
    }

    @Benchmark
    @OperationsPerInvocation(KIB64)
    public int buffer64KiB() {
        return Checksum.compute(big, 0, KIB64);
    }

    @Benchmark
    @OperationsPerInvocation(MTU)
    public int naiveByteByByte1500() {
        int sum = 0;
        for (int i = 0; i < MTU; i++) {
            sum += (i & 1) == 0 ? (packet[i] & 0xFF) << 8 : packet[i] & 0xFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
