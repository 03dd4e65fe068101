package io.netstack4j.link;

/**
 * What the fault injector of one port and direction of a {@link VirtualLan} does to frames.
 * Immutable; build one from {@link #NONE} with the withers:
 * {@code FaultConfig.NONE.withLoss(0.02).withDelay(5_000_000)}.
 *
 * <p>Per frame, in this order: it is lost with probability {@code loss}; else it is
 * duplicated with probability {@code duplicate}; each copy is corrupted (one random bit
 * flipped, in a copy) with probability {@code corrupt}; each copy is serialized at
 * {@code bandwidthBitsPerSecond} behind the frames before it (a copy that would wait more
 * than {@code maxBacklogNanos} is dropped); it then travels {@code delayNanos} plus a uniform
 * jitter in {@code [-jitterNanos, +jitterNanos]} (never below zero), and with probability
 * {@code reorder} is held back another {@code reorderDelayNanos}, so that frames sent after it
 * overtake it. Jitter larger than the gap between frames reorders them too, as on a real path.
 *
 * @param loss                   probability 0..1 that a frame is dropped
 * @param duplicate              probability 0..1 that a frame is delivered twice
 * @param reorder                probability 0..1 that a frame is held back by {@code reorderDelayNanos}
 * @param delayNanos             fixed one-way delay
 * @param jitterNanos            half-width of the uniform jitter added to the delay
 * @param corrupt                probability 0..1 that a copy has one random bit flipped
 * @param bandwidthBitsPerSecond line rate, 0 for unlimited; each frame costs its length plus
 *                               Ethernet's 24 bytes of preamble, FCS and inter-frame gap
 *                               (and padding to 60 bytes)
 * @param reorderDelayNanos      how long a reordered frame is held back
 * @param maxBacklogNanos        how much serialization backlog the bandwidth limiter queues
 *                               before it drops (a transmit queue bounded in time)
 */
public record FaultConfig(double loss, double duplicate, double reorder, long delayNanos, long jitterNanos,
                          double corrupt, long bandwidthBitsPerSecond, long reorderDelayNanos,
                          long maxBacklogNanos) {

    /** The default hold-back of a reordered frame: 1 ms. */
    public static final long DEFAULT_REORDER_DELAY_NANOS = 1_000_000L;
    /** The default bound of the bandwidth limiter's queue: 100 ms of backlog. */
    public static final long DEFAULT_MAX_BACKLOG_NANOS = 100_000_000L;

    /** A perfect link. */
    public static final FaultConfig NONE = new FaultConfig(0, 0, 0, 0, 0, 0, 0);

    public FaultConfig {
        checkProbability("loss", loss);
        checkProbability("duplicate", duplicate);
        checkProbability("reorder", reorder);
        checkProbability("corrupt", corrupt);
        checkNotNegative("delayNanos", delayNanos);
        checkNotNegative("jitterNanos", jitterNanos);
        checkNotNegative("bandwidthBitsPerSecond", bandwidthBitsPerSecond);
        checkNotNegative("reorderDelayNanos", reorderDelayNanos);
        checkNotNegative("maxBacklogNanos", maxBacklogNanos);
    }

    /** The seven knobs of the contract, with the default reorder hold-back and backlog bound. */
    public FaultConfig(double loss, double duplicate, double reorder, long delayNanos, long jitterNanos,
                       double corrupt, long bandwidthBitsPerSecond) {
        this(loss, duplicate, reorder, delayNanos, jitterNanos, corrupt, bandwidthBitsPerSecond,
                DEFAULT_REORDER_DELAY_NANOS, DEFAULT_MAX_BACKLOG_NANOS);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], not " + p);
        }
    }

    private static void checkNotNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
    }

    /** True if this configuration does nothing to frames. */
    public boolean isNone() {
        return loss == 0 && duplicate == 0 && reorder == 0 && delayNanos == 0 && jitterNanos == 0
                && corrupt == 0 && bandwidthBitsPerSecond == 0;
    }

    public FaultConfig withLoss(double p) {
        return new FaultConfig(p, duplicate, reorder, delayNanos, jitterNanos, corrupt, bandwidthBitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }

    public FaultConfig withDuplicate(double p) {
        return new FaultConfig(loss, p, reorder, delayNanos, jitterNanos, corrupt, bandwidthBitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }

    public FaultConfig withReorder(double p) {
        return withReorder(p, reorderDelayNanos);
    }

    /** Reorders with probability {@code p}, holding such frames back {@code extraDelayNanos}. */
    public FaultConfig withReorder(double p, long extraDelayNanos) {
        return new FaultConfig(loss, duplicate, p, delayNanos, jitterNanos, corrupt, bandwidthBitsPerSecond,
                extraDelayNanos, maxBacklogNanos);
    }

    public FaultConfig withDelay(long nanos) {
        return new FaultConfig(loss, duplicate, reorder, nanos, jitterNanos, corrupt, bandwidthBitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }

    public FaultConfig withJitter(long nanos) {
        return new FaultConfig(loss, duplicate, reorder, delayNanos, nanos, corrupt, bandwidthBitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }

    public FaultConfig withCorrupt(double p) {
        return new FaultConfig(loss, duplicate, reorder, delayNanos, jitterNanos, p, bandwidthBitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }

    /** Limits the line rate; 0 removes the limit. */
    public FaultConfig withBandwidth(long bitsPerSecond) {
        return withBandwidth(bitsPerSecond, maxBacklogNanos);
    }

    /** Limits the line rate and bounds the transmit queue to {@code maxBacklogNanos} of backlog. */
    public FaultConfig withBandwidth(long bitsPerSecond, long maxBacklogNanos) {
        return new FaultConfig(loss, duplicate, reorder, delayNanos, jitterNanos, corrupt, bitsPerSecond,
                reorderDelayNanos, maxBacklogNanos);
    }
}
