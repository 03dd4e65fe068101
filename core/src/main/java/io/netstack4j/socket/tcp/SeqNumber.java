package io.netstack4j.socket.tcp;

/**
 * TCP sequence-number arithmetic (RFC 9293 §3.4): sequence numbers are 32-bit unsigned values
 * compared modulo 2^32, kept in an {@code int} so that Java's wrapping arithmetic does the modulo.
 *
 * <p>Comparisons take the shorter way round the circle: {@code a} is before {@code b} when
 * {@code b} is at most 2^31 - 1 steps ahead ({@code (int) (a - b) < 0}, gVisor's {@code seqnum}).
 * They are meaningful only for numbers less than 2^31 apart, which TCP guarantees because a window
 * is at most 2^30 (RFC 7323 §2.3); at exactly 2^31 apart each of the two is "before" the other.
 *
 * <p>Windows and ranges are unsigned and exact for any size up to 2^32 - 1: they do not rely on
 * that half-circle rule.
 */
public final class SeqNumber {
    /** The largest window {@link #inWindow} accepts: 2^32 - 1 sequence numbers. */
    public static final long MAX_WINDOW = 0xFFFF_FFFFL;

    private SeqNumber() {
    }

    /** {@code a < b} modulo 2^32: {@code b} is 1 .. 2^31 steps ahead of {@code a}. */
    public static boolean lessThan(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} modulo 2^32. */
    public static boolean lessOrEqual(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} modulo 2^32. */
    public static boolean greaterThan(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} modulo 2^32. */
    public static boolean greaterOrEqual(int a, int b) {
        return a - b >= 0;
    }

    /** {@code seq + n} modulo 2^32 ({@code n} may be negative, or an unsigned 32-bit count). */
    public static int add(int seq, int n) {
        return seq + n;
    }

    /**
     * The signed distance from {@code from} to {@code to}: positive when {@code to} is ahead
     * (e.g. {@code delta(SND.UNA, SEG.ACK)} is the number of bytes newly acknowledged).
     */
    public static int delta(int from, int to) {
        return to - from;
    }

    /**
     * How many sequence numbers lie in {@code [from, to)} going forward from {@code from}:
     * {@code (to - from) mod 2^32}, 0 .. 2^32 - 1.
     */
    public static long size(int from, int to) {
        return Integer.toUnsignedLong(to - from);
    }

    /** The later of the two (modulo 2^32). */
    public static int max(int a, int b) {
        return lessThan(a, b) ? b : a;
    }

    /** The earlier of the two (modulo 2^32). */
    public static int min(int a, int b) {
        return lessThan(a, b) ? a : b;
    }

    /**
     * Whether {@code seq} lies in the window of {@code size} sequence numbers starting at
     * {@code start}: {@code start <= seq < start + size} modulo 2^32 (RFC 9293 §3.10.7.4, the
     * acceptability test {@code RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND}). An empty window holds
     * nothing.
     *
     * @param size 0 .. {@link #MAX_WINDOW}
     * @throws IllegalArgumentException if {@code size} is out of that range
     */
    public static boolean inWindow(int seq, int start, long size) {
        if (size < 0 || size > MAX_WINDOW) {
            throw new IllegalArgumentException("window size out of range 0.." + MAX_WINDOW + ": " + size);
        }
        return Integer.toUnsignedLong(seq - start) < size;
    }

    /**
     * Whether {@code seq} lies in {@code [lo, hi)} going forward from {@code lo} modulo 2^32
     * (e.g. {@code SND.UNA < SEG.ACK =< SND.NXT} is {@code inRange(SEG.ACK, SND.UNA + 1, SND.NXT + 1)}).
     * {@code lo == hi} is the empty range.
     */
    public static boolean inRange(int seq, int lo, int hi) {
        return Integer.compareUnsigned(seq - lo, hi - lo) < 0;
    }
}
