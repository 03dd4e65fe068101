package io.netstack4j.socket.tcp;

/**
 * The retransmission timeout of one connection, computed from round-trip samples as RFC 6298 §2
 * specifies, with exponential backoff (§5.5).
 *
 * <p>SRTT and RTTVAR are kept in nanoseconds, scaled by 8 and by 4 as in Jacobson's "Congestion
 * Avoidance and Control" (1988) and Linux: the gains 1/8 and 1/4 then become shifts of the scaled
 * values and nothing is lost to integer division (computing {@code ALPHA = 1/8} with integers
 * gives 0, an estimator that never moves). At most a few nanoseconds are lost to truncation.
 *
 * <p><b>Karn's rule is the caller's business</b> (RFC 6298 §3): never {@link #sample} the RTT of a
 * segment that was retransmitted, since its ACK cannot say which transmission it answers (unless
 * the timestamp option, RFC 7323 §4, tells them apart).
 *
 * <p>Usual parameters, as {@code DEFAULT_*} constants:
 * <ul>
 *   <li>initial RTO 1 s (RFC 6298 §2.1);</li>
 *   <li>minimum RTO 200 ms, Linux's {@code TCP_RTO_MIN} (RFC 6298 §2.4 says 1 s; 200 ms recovers
 *       faster on short paths and is what the kernel peers in our tests use);</li>
 *   <li>maximum RTO 120 s, Linux's {@code TCP_RTO_MAX} (RFC 6298 §2.5 allows a bound of at least
 *       60 s);</li>
 *   <li>clock granularity G 1 ms (RFC 6298 §2.3's {@code G}, the floor of the variance term).</li>
 * </ul>
 *
 * <p>Pure: no clock read, no allocation; durations are arguments in nanoseconds.
 */
public final class RttEstimator {
    /** Initial RTO before any sample: 1 s (RFC 6298 §2.1). */
    public static final long DEFAULT_INITIAL_RTO_NANOS = 1_000_000_000L;
    /** Lower bound of the RTO: 200 ms, Linux's {@code TCP_RTO_MIN}. */
    public static final long DEFAULT_MIN_RTO_NANOS = 200_000_000L;
    /** Upper bound of the RTO, backoff included: 120 s, Linux's {@code TCP_RTO_MAX}. */
    public static final long DEFAULT_MAX_RTO_NANOS = 120_000_000_000L;
    /** Clock granularity {@code G}: 1 ms. */
    public static final long DEFAULT_CLOCK_GRANULARITY_NANOS = 1_000_000L;
    /** The RTO a connection falls back to when its SYN was retransmitted and no RTT was sampled (RFC 6298 §5.7). */
    public static final long FALLBACK_RTO_NANOS = 3_000_000_000L;

    /** Samples above this (about 18 minutes) are taken as this, so that the scaled sums cannot overflow. */
    private static final long MAX_SAMPLE_NANOS = 1L << 40;

    private final long minRtoNanos;
    private final long maxRtoNanos;
    private final long clockGranularityNanos;

    /** SRTT * 8, in nanoseconds. */
    private long srtt8;
    /** RTTVAR * 4, in nanoseconds. */
    private long rttvar4;
    private boolean hasSample;
    /** The RTO before backoff, within [min, max]. */
    private long baseRtoNanos;
    private int backoffs;

    /**
     * @throws IllegalArgumentException unless {@code 0 < min <= initial <= max} and {@code G >= 0}
     */
    public RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos, long clockGranularityNanos) {
        if (minRtoNanos <= 0 || minRtoNanos > initialRtoNanos || initialRtoNanos > maxRtoNanos) {
            throw new IllegalArgumentException("need 0 < min <= initial <= max RTO: min=" + minRtoNanos
                    + " initial=" + initialRtoNanos + " max=" + maxRtoNanos);
        }
        if (clockGranularityNanos < 0) {
            throw new IllegalArgumentException("negative clock granularity: " + clockGranularityNanos);
        }
        this.minRtoNanos = minRtoNanos;
        this.maxRtoNanos = maxRtoNanos;
        this.clockGranularityNanos = clockGranularityNanos;
        this.baseRtoNanos = initialRtoNanos;
    }

    /**
     * Takes one RTT measurement {@code R} (of a segment sent once: see Karn's rule above).
     * The first sets {@code SRTT = R, RTTVAR = R/2} (RFC 6298 §2.2); later ones set
     * {@code RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|}, then {@code SRTT = 7/8 SRTT + 1/8 R} (§2.3, in
     * that order: RTTVAR uses the old SRTT). Then {@code RTO = SRTT + max(G, 4 RTTVAR)} clamped to
     * [min, max] (§2.2 to §2.5), and the backoff is cleared: the note after RFC 6298 §5.7 has a new
     * measurement recompute the RTO, "collapsing" a backed-off one, and Linux does the same.
     *
     * @throws IllegalArgumentException if {@code rttNanos} is negative
     */
    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("negative RTT sample: " + rttNanos);
        }
        long r = Math.min(rttNanos, MAX_SAMPLE_NANOS);
        if (!hasSample) {
            srtt8 = r << 3;
            rttvar4 = r << 1; // RTTVAR = R/2, times 4
            hasSample = true;
        } else {
            long error8 = Math.abs(srtt8 - (r << 3)); // |SRTT - R|, times 8
            rttvar4 += (error8 >> 3) - (rttvar4 >> 2);
            srtt8 += r - (srtt8 >> 3);
        }
        baseRtoNanos = clamp((srtt8 >> 3) + Math.max(clockGranularityNanos, rttvar4));
        backoffs = 0;
    }

    /** The current RTO: the computed one doubled once per {@link #backoff}, at most the maximum. */
    public long rto() {
        int b = backoffs;
        if (b == 0) {
            return baseRtoNanos;
        }
        if (b >= 63 || baseRtoNanos > maxRtoNanos >> b) {
            return maxRtoNanos;
        }
        return baseRtoNanos << b;
    }

    /** The retransmission timer expired: double the RTO, up to the maximum (RFC 6298 §5.5). */
    public void backoff() {
        if (backoffs < Integer.MAX_VALUE) {
            backoffs++;
        }
    }

    /** How many times the RTO was doubled since the last sample or reset (a retry count for giving up). */
    public int backoffs() {
        return backoffs;
    }

    /** Drops the backoff: {@link #rto()} is the computed RTO again. */
    public void resetBackoff() {
        backoffs = 0;
    }

    /** Whether any RTT was sampled yet. */
    public boolean hasSample() {
        return hasSample;
    }

    /** The smoothed RTT in nanoseconds; 0 before the first sample. */
    public long srtt() {
        return srtt8 >> 3;
    }

    /** The RTT variation in nanoseconds; 0 before the first sample. */
    public long rttvar() {
        return rttvar4 >> 2;
    }

    /**
     * RFC 6298 §5.7: when the SYN (or the data) had to be retransmitted and the handshake ends
     * without a valid RTT sample, the RTO is re-initialised to 3 s once data transfer begins. Call
     * it when the connection is established. Without a sample, the computed RTO becomes at least
     * {@link #FALLBACK_RTO_NANOS} (and at most the maximum) and the backoff is cleared, so
     * {@link #rto()} is that value; with a sample it does nothing, the sample having already set
     * the RTO.
     */
    public void resetAfterBackoffWithoutSample() {
        if (!hasSample) {
            baseRtoNanos = Math.min(maxRtoNanos, Math.max(baseRtoNanos, FALLBACK_RTO_NANOS));
            backoffs = 0;
        }
    }

    private long clamp(long rtoNanos) {
        return Math.max(minRtoNanos, Math.min(maxRtoNanos, rtoNanos));
    }
}
