package io.netstack4j.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum
 * of the data taken as big-endian 16-bit words.
 *
 * <p>The sum is accumulated in a {@code long}, eight bytes per step through a big-endian
 * {@code long} view of the array. That is sound because ones' complement addition is
 * associative and commutative and 2^16 - 1 divides 2^32 - 1 (RFC 1071 §2 (A) "deferred carries"
 * and (C) "parallel summation"): summing 32-bit halves into a wide accumulator and folding the
 * carries back at the end gives the same 16-bit result as summing 16-bit words one by one.
 *
 * <p>A partial sum returned by {@link #add} is at most 2^33 and can be passed back into
 * {@link #add} or combined with another partial sum by plain addition any number of times a
 * stack would need (well over 2^29), then turned into the checksum by {@link #finish}.
 */
public final class Checksum {
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private static final long LOW32 = 0xFFFF_FFFFL;

    private Checksum() {
    }

    /**
     * Adds {@code len} bytes at {@code off} to the partial sum {@code acc}.
     *
     * <p>The bytes are taken as big-endian 16-bit words starting at {@code off}; an odd final
     * byte is padded with a zero low byte (RFC 1071 §1: "the byte is padded on the right with
     * zeros"). When summing one message in several pieces, every piece but the last must have
     * an even length, or the words would be misaligned.
     *
     * @param acc a partial sum from an earlier {@code add} or {@link #pseudoHeader} (or a sum of
     *            such), or 0; never negative
     * @return the new partial sum (not yet folded nor complemented; see {@link #finish})
     * @throws IndexOutOfBoundsException if the range is outside {@code b}
     */
    public static long add(byte[] b, int off, int len, long acc) {
        Objects.checkFromIndexSize(off, len, b.length);
        long sum = fold32(acc);
        int i = off;
        int end = off + len;
        // Eight bytes per step, as two 32-bit halves (< 2^33 per step). The loop is kept this
        // plain on purpose: C2 vectorises it (measured several times faster than a hand-unrolled
        // loop with four accumulators, which it does not vectorise). Chunks of at most 256 MiB
        // (2^25 steps) keep the chunk sum below 2^58, far from overflow; it is folded after each.
        while (end - i >= 8) {
            int chunkEnd = i + Math.min((end - i) & ~7, 1 << 28);
            long chunk = 0;
            for (; i < chunkEnd; i += 8) {
                long w = (long) LONG_BE.get(b, i);
                chunk += (w >>> 32) + (w & LOW32);
            }
            sum = fold32(sum) + fold32(chunk);
        }
        if (end - i >= 4) {
            sum += ((int) INT_BE.get(b, i)) & LOW32;
            i += 4;
        }
        if (end - i >= 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return fold32(sum);
    }

    /**
     * As {@link #add}, for a slice that follows {@code before} bytes already summed into
     * {@code acc} (a packet gathered from several arrays). After an odd number of bytes, each
     * byte of the slice sits in the other half of its 16-bit word, so the slice's own sum is
     * byte-swapped before it is added: the sum is independent of byte order (RFC 1071 §2(B)).
     */
    public static long addAfter(long before, byte[] b, int off, int len, long acc) {
        if ((before & 1) == 0) {
            return add(b, off, len, acc);
        }
        long s = fold32(fold32(add(b, off, len, 0)));
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return fold32(acc) + (((s & 0xFF) << 8) | (s >>> 8));
    }

    /**
     * Folds a partial sum to 16 bits (end-around carry) and complements it.
     *
     * <p>Data whose words sum to zero (all-zero data, say) gives 0xFFFF; data whose words sum to
     * 0xFFFF (a packet with a correct checksum in place, say) gives 0. UDP sends a computed 0 as
     * 0xFFFF (RFC 768), since 0 there means "no checksum"; that is the caller's business.
     *
     * @param acc a non-negative partial sum from {@link #add} / {@link #pseudoHeader} (or a sum of them)
     * @return the checksum, 0..0xFFFF
     */
    public static int finish(long acc) {
        long s = fold32(fold32(acc));
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) (~s & 0xFFFF);
    }

    /**
     * The Internet checksum of {@code len} bytes at {@code off}. Computed over a header or packet
     * whose checksum field is already filled in, it is 0 when the checksum verifies (RFC 1071 §1).
     */
    public static int compute(byte[] b, int off, int len) {
        return finish(add(b, off, len, 0));
    }

    /**
     * The partial sum of the IPv4 pseudo-header that UDP (RFC 768) and TCP (RFC 9293 §3.1)
     * prepend to their checksum: source, destination, zero, protocol, and the UDP/TCP length.
     *
     * @param length the length of the UDP or TCP header plus data, 0..65535
     */
    public static long pseudoHeader(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        return pseudoHeader(src.bits(), dst.bits(), protocol, length);
    }

    /** As {@link #pseudoHeader(Ipv4Address, Ipv4Address, int, int)}, with addresses as 32 bits. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        long s = (src & LOW32) + (dst & LOW32);
        return s + (protocol & 0xFF) + (length & 0xFFFF);
    }

    /** Adds the high 32 bits of a non-negative sum into its low 32 bits; the result is below 2^33. */
    private static long fold32(long s) {
        return (s & LOW32) + (s >>> 32);
    }
}
