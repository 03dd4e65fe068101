package io.netstack4j.iface;

/**
 * A token bucket for ICMP errors (RFC 1812 §4.3.2.8 and RFC 1122 §3.2.2 ask for a limit), like
 * Linux's icmp_msgs_per_sec / icmp_msgs_burst. Credit is kept in nanoseconds: each message costs
 * {@code 1e9 / rate} ns and the bucket holds at most {@code burst} messages' worth. Time is passed in.
 * Public for the router's errors ({@code io.netstack4j.route}); owner thread only.
 */
public final class IcmpRateLimiter {
    private final long costNanos;
    private final long capacityNanos;
    private long credit;
    private long last;
    private boolean started;

    /**
     * @param perSecond messages per second in the long run (0: none at all)
     * @param burst     how many may go at once after a quiet spell
     */
    public IcmpRateLimiter(int perSecond, int burst) {
        this.costNanos = perSecond == 0 ? Long.MAX_VALUE : 1_000_000_000L / perSecond;
        this.capacityNanos = perSecond == 0 ? 0 : costNanos * burst;
        this.credit = capacityNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long now) {
        if (capacityNanos == 0) {
            return false;
        }
        if (!started) {
            started = true;
            last = now;
        } else if (now > last) {
            credit += Math.min(now - last, capacityNanos - credit);
            last = now;
        }
        if (credit >= costNanos) {
            credit -= costNanos;
            return true;
        }
        return false;
    }
}
