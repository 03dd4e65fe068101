package io.netstack4j.socket.tcp;

/**
 * The arrays of a TCP layer's send and receive rings, kept for reuse: a ring grows by doubling from
 * {@link ByteRing#INITIAL} towards its socket buffer size and is given back when its connection
 * goes idle, so without reuse every connection (and every busy period after an idle one) would
 * allocate its rings again — about 0.5 MiB per 256-KiB ring. Arrays whose size is a power of two
 * from 4 KiB to 4 MiB are kept, a few per size and {@link #MAX_KEPT_BYTES} in all; others are left
 * to the garbage collector. Loop thread only (rings grow and are given back on the loop, under
 * the ring's lock).
 *
 * <p>A reused array holds another connection's old bytes; a ring never lets a reader see a byte
 * that was not written into it first (its positions say which bytes are data), so they are not
 * cleared.
 */
final class RingArrays {
    /** The smallest and largest sizes kept: 2^12 and 2^22 bytes. */
    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 22;
    /** Arrays kept per size. */
    private static final int PER_SIZE = 8;
    /** The most bytes kept in all (16 MiB). */
    static final long MAX_KEPT_BYTES = 16L << 20;

    private final byte[][][] free = new byte[MAX_SHIFT - MIN_SHIFT + 1][PER_SIZE][];
    private final int[] count = new int[MAX_SHIFT - MIN_SHIFT + 1];
    private long keptBytes;
    private long reused;
    private long allocated;

    /** An array of exactly {@code size} bytes: a kept one if there is one. */
    byte[] take(int size) {
        int c = sizeClass(size);
        if (c >= 0 && count[c] > 0) {
            byte[] a = free[c][--count[c]];
            free[c][count[c]] = null;
            keptBytes -= a.length;
            reused++;
            return a;
        }
        allocated++;
        return new byte[size];
    }

    /** Keeps {@code a} for reuse if its size is one that is kept and there is room; no one may use it any more. */
    void give(byte[] a) {
        int c = sizeClass(a.length);
        if (c >= 0 && count[c] < PER_SIZE && keptBytes + a.length <= MAX_KEPT_BYTES) {
            free[c][count[c]++] = a;
            keptBytes += a.length;
        }
    }

    /** Bytes kept now. */
    long keptBytes() {
        return keptBytes;
    }

    /** Arrays handed out again, and arrays made new. */
    long reused() {
        return reused;
    }

    long allocated() {
        return allocated;
    }

    private static int sizeClass(int size) {
        if (Integer.bitCount(size) != 1) {
            return -1;
        }
        int shift = Integer.numberOfTrailingZeros(size);
        return shift < MIN_SHIFT || shift > MAX_SHIFT ? -1 : shift - MIN_SHIFT;
    }
}
