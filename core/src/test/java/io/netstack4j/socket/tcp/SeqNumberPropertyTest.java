package io.netstack4j.socket.tcp;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static io.netstack4j.socket.tcp.SeqNumber.add;
import static io.netstack4j.socket.tcp.SeqNumber.delta;
import static io.netstack4j.socket.tcp.SeqNumber.greaterOrEqual;
import static io.netstack4j.socket.tcp.SeqNumber.greaterThan;
import static io.netstack4j.socket.tcp.SeqNumber.inRange;
import static io.netstack4j.socket.tcp.SeqNumber.inWindow;
import static io.netstack4j.socket.tcp.SeqNumber.lessOrEqual;
import static io.netstack4j.socket.tcp.SeqNumber.lessThan;
import static io.netstack4j.socket.tcp.SeqNumber.max;
import static io.netstack4j.socket.tcp.SeqNumber.min;
import static io.netstack4j.socket.tcp.SeqNumber.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4) against references computed with longs. */
class SeqNumberPropertyTest {
    private static final long MOD = 1L << 32;

    /** Unsigned value of a sequence number. */
    private static long u(int seq) {
        return seq & 0xFFFF_FFFFL;
    }

    /** Reference: start <= seq < start + size on the unrolled number line, the window wrapping past 2^32 - 1. */
    private static boolean windowReference(int seq, int start, long size) {
        long s = u(seq);
        long lo = u(start);
        long hi = lo + size; // may pass 2^32: then the window wraps to 0
        return (s >= lo && s < hi) || (s + MOD >= lo && s + MOD < hi);
    }

    /** Sequence numbers, a fair share of them near the wrap at 0xFFFFFFFF / 0 and at 2^31. */
    @Provide
    Arbitrary<Integer> seqs() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(-64, 63),                           // around 0xFFFFFFFF -> 0
                Arbitraries.integers().between(Integer.MAX_VALUE - 64, Integer.MAX_VALUE).map(x -> x + 32));
    }

    /** Distances strictly within half the circle, either way: 1 .. 2^31 - 1. */
    @Provide
    Arbitrary<Integer> halfDistances() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(Integer.MAX_VALUE - 64, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<Long> windowSizes() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, SeqNumber.MAX_WINDOW),
                Arbitraries.longs().between(0, 70_000),
                Arbitraries.longs().between(SeqNumber.MAX_WINDOW - 64, SeqNumber.MAX_WINDOW));
    }

    @Property(tries = 3000)
    void aheadWithinHalfTheSpaceIsGreaterAndNeverBoth(@ForAll("seqs") int a, @ForAll("halfDistances") int d) {
        int b = add(a, d);
        assertTrue(lessThan(a, b));
        assertTrue(lessOrEqual(a, b));
        assertTrue(greaterThan(b, a));
        assertTrue(greaterOrEqual(b, a));
        assertFalse(lessThan(b, a), "antisymmetric");
        assertFalse(greaterThan(a, b));
        assertFalse(lessOrEqual(b, a));
        assertEquals(b, max(a, b));
        assertEquals(b, max(b, a));
        assertEquals(a, min(a, b));
        assertEquals(a, min(b, a));
        assertEquals(d, delta(a, b));
        assertEquals(-d, delta(b, a));
        assertEquals(d, size(a, b));
    }

    @Property(tries = 1000)
    void equalIsNeitherLessNorGreater(@ForAll("seqs") int a) {
        assertFalse(lessThan(a, a));
        assertFalse(greaterThan(a, a));
        assertTrue(lessOrEqual(a, a));
        assertTrue(greaterOrEqual(a, a));
        assertEquals(0, size(a, a));
    }

    @Property(tries = 3000)
    void transitiveWithinHalfTheSpace(@ForAll("seqs") int a, @ForAll("halfDistances") int d1,
                                      @ForAll("halfDistances") int d2) {
        long total = (long) d1 + d2;
        if (total >= 1L << 31) {
            return; // a and c would be half the circle or more apart: no order is defined
        }
        int b = add(a, d1);
        int c = add(b, d2);
        assertTrue(lessThan(a, b) && lessThan(b, c));
        assertTrue(lessThan(a, c));
        assertEquals(total, size(a, c));
    }

    @Property(tries = 3000)
    void lessThanAgreesWithTheLongReference(@ForAll("seqs") int a, @ForAll("seqs") int b) {
        long forward = Math.floorMod(u(b) - u(a), MOD); // steps from a forward to b
        if (forward == 1L << 31) {
            return; // the one undefined distance
        }
        assertEquals(forward != 0 && forward < 1L << 31, lessThan(a, b));
        assertEquals(forward, size(a, b));
    }

    @Property(tries = 5000)
    void inWindowEqualsTheReference(@ForAll("seqs") int seq, @ForAll("seqs") int start,
                                    @ForAll("windowSizes") long size) {
        assertEquals(windowReference(seq, start, size), inWindow(seq, start, size));
    }

    @Property(tries = 3000)
    void aWindowReachedByAddingIsInside(@ForAll("seqs") int start, @ForAll("windowSizes") long size,
                                        @ForAll("windowSizes") long at) {
        if (size == 0) {
            assertFalse(inWindow(start, start, 0), "an empty window holds nothing");
            return;
        }
        long k = at % size;
        assertTrue(inWindow(add(start, (int) k), start, size));
        assertFalse(inWindow(add(start, (int) size), start, size), "start + size is just past the window");
    }

    @Property(tries = 5000)
    void inRangeIsTheWindowFromLoToHi(@ForAll("seqs") int seq, @ForAll("seqs") int lo, @ForAll("seqs") int hi) {
        assertEquals(windowReference(seq, lo, size(lo, hi)), inRange(seq, lo, hi));
    }

    @Example
    void wrapAroundAtTheTopOfTheSpace() {
        int top = 0xFFFF_FFFF;
        assertTrue(lessThan(top, 0), "0xFFFFFFFF is just before 0");
        assertTrue(lessThan(0xFFFF_FFF0, 0x10));
        assertEquals(0x20, size(0xFFFF_FFF0, 0x10));
        assertEquals(0x10, max(0xFFFF_FFF0, 0x10));
        assertEquals(5, add(top, 6));
        assertTrue(inWindow(0, top, 2));
        assertTrue(inWindow(top, top, 1));
        assertFalse(inWindow(1, top, 2));
        assertFalse(inWindow(0x7FFF_FFFF, 0x8000_0000, SeqNumber.MAX_WINDOW), "a window of 2^32 - 1 misses only start - 1");
        assertTrue(inWindow(0x7FFF_FFFE, 0x8000_0000, SeqNumber.MAX_WINDOW));
        assertTrue(inWindow(0x8000_0005, 0x7FFF_FFF0, 0x20), "across the sign bit");
        assertFalse(inWindow(top, 0, SeqNumber.MAX_WINDOW));
        assertTrue(inRange(0, 0xFFFF_FFFE, 2));
        assertFalse(inRange(2, 0xFFFF_FFFE, 2));
        assertFalse(inRange(7, 7, 7), "lo == hi is empty");
        // RFC 9293 §3.10.7.4: an acceptable ACK, SND.UNA < SEG.ACK =< SND.NXT, across the wrap.
        int sndUna = 0xFFFF_FF00;
        int sndNxt = 0x100;
        assertTrue(inRange(0x50, sndUna + 1, sndNxt + 1));
        assertFalse(inRange(sndUna, sndUna + 1, sndNxt + 1));
        assertTrue(inRange(sndNxt, sndUna + 1, sndNxt + 1));
    }

    @Example
    void halfTheCircleApartIsAmbiguousAsDocumented() {
        assertTrue(lessThan(0, 0x8000_0000) && lessThan(0x8000_0000, 0));
    }

    @Example
    void windowSizeIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> inWindow(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> inWindow(0, 0, SeqNumber.MAX_WINDOW + 1));
    }
}
