package io.netstack4j.link;

import io.netstack4j.stats.DropReason;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fault injector of one direction of a link: of one port of a {@link VirtualLan}, or of an
 * adapter wrapped in a {@link FaultyAdapter}. Applies a {@link FaultConfig} to each frame with
 * its own seeded generator, so what happens to one port's frames does not depend on the traffic
 * of the others, and counts what it did in its owner's {@link FaultCounters}. Not thread-safe:
 * the LAN calls it under its lock, a faulty adapter from the stack's loop thread.
 */
final class FaultInjector {
    /** Preamble and start delimiter (8), FCS (4) and inter-frame gap (12), in bytes (IEEE 802.3). */
    static final int ETHERNET_OVERHEAD = 24;
    /** Frames shorter than this are padded on the wire (60 bytes without the FCS). */
    static final int MIN_FRAME = 60;

    private final FaultCounters port;
    private final SplittableRandom random;
    private FaultConfig config;
    /** When the bandwidth limiter's line is next free; meaningful only once it has been busy. */
    private long busyUntil;
    private boolean lineUsed;

    /** The copies produced by the last {@link #apply}: frame bytes and the time each arrives. */
    final byte[][] outFrames = new byte[2][];
    final long[] outTimes = new long[2];

    FaultInjector(FaultCounters port, long seed, FaultConfig config) {
        this.port = port;
        this.random = new SplittableRandom(seed);
        this.config = config;
    }

    FaultConfig config() {
        return config;
    }

    void config(FaultConfig c) {
        config = c;
    }

    /**
     * Applies the faults to {@code frame} (which the caller will not change; it may be shared)
     * entering at time {@code t}.
     *
     * @return how many copies leave (0, 1 or 2), in {@link #outFrames} and {@link #outTimes}
     */
    int apply(byte[] frame, long t) {
        FaultConfig c = config;
        if (c.isNone()) {
            outFrames[0] = frame;
            outTimes[0] = t;
            return 1;
        }
        if (c.loss() > 0 && random.nextDouble() < c.loss()) {
            port.countInjectedLoss();
            return 0;
        }
        int copies = 1;
        if (c.duplicate() > 0 && random.nextDouble() < c.duplicate()) {
            copies = 2;
            port.countDuplicated();
        }
        int out = 0;
        for (int i = 0; i < copies; i++) {
            byte[] f = frame;
            if (c.corrupt() > 0 && random.nextDouble() < c.corrupt()) {
                f = Arrays.copyOf(frame, frame.length);
                int bit = random.nextInt(f.length * 8);
                f[bit >>> 3] ^= (byte) (1 << (bit & 7));
                port.countCorrupted();
            }
            long leaves = t;
            if (c.bandwidthBitsPerSecond() > 0) {
                long start = lineUsed ? Math.max(t, busyUntil) : t;
                if (start - t > c.maxBacklogNanos()) {
                    port.countDrop(DropReason.BANDWIDTH_LIMIT);
                    continue;
                }
                busyUntil = start + serializationNanos(f.length, c.bandwidthBitsPerSecond());
                lineUsed = true;
                leaves = busyUntil;
            }
            long delay = c.delayNanos();
            if (c.jitterNanos() > 0) {
                delay = Math.max(0, delay + random.nextLong(-c.jitterNanos(), c.jitterNanos() + 1));
            }
            if (c.reorder() > 0 && random.nextDouble() < c.reorder()) {
                delay += c.reorderDelayNanos();
                port.countReordered();
            }
            outFrames[out] = f;
            outTimes[out] = leaves + delay;
            out++;
        }
        return out;
    }

    /** Time to put a frame of {@code len} bytes on a line of {@code bps} bits per second, rounded up. */
    static long serializationNanos(int len, long bps) {
        long bits = (long) (Math.max(len, MIN_FRAME) + ETHERNET_OVERHEAD) * 8;
        return (bits * 1_000_000_000L + bps - 1) / bps;
    }
}
