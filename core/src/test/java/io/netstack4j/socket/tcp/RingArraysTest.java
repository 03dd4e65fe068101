package io.netstack4j.socket.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ring arrays kept for reuse: by exact power-of-two size, a few per size, bounded in bytes. */
class RingArraysTest {

    @Test
    void anArrayGivenBackIsTakenAgainForTheSameSizeOnly() {
        RingArrays a = new RingArrays();
        byte[] x = a.take(8192);
        assertEquals(8192, x.length);
        a.give(x);
        assertNotSame(x, a.take(16384), "another size: a new array");
        assertSame(x, a.take(8192), "the same size: the kept one");
        assertEquals(0, a.keptBytes());
        assertEquals(1, a.reused());
    }

    @Test
    void oddSizesAndSizesOutOfRangeAreNotKept() {
        RingArrays a = new RingArrays();
        a.give(new byte[100_000]);
        a.give(new byte[2048]);
        a.give(new byte[8 << 20]);
        assertEquals(0, a.keptBytes());
    }

    @Test
    void keptArraysAreBoundedPerSizeAndInBytes() {
        RingArrays a = new RingArrays();
        for (int i = 0; i < 20; i++) {
            a.give(new byte[4096]);
        }
        assertEquals(8 * 4096, a.keptBytes(), "eight per size");
        for (int i = 0; i < 8; i++) {
            a.give(new byte[4 << 20]);
        }
        assertTrue(a.keptBytes() <= RingArrays.MAX_KEPT_BYTES, "at most " + RingArrays.MAX_KEPT_BYTES + ": " + a.keptBytes());
    }

    @Test
    void aRingGrownAndReleasedHandsItsArraysOnAndKeepsItsBytes() {
        RingArrays arrays = new RingArrays();
        ByteRing r = new ByteRing(64 * 1024, arrays);
        byte[] data = new byte[40_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        r.grow(data.length, arrays);
        assertEquals(data.length, r.write(data, 0, data.length));
        byte[] out = new byte[data.length];
        assertEquals(data.length, r.read(out, 0, out.length));
        assertEquals(java.util.Arrays.toString(data), java.util.Arrays.toString(out));
        assertEquals(4096, arrays.keptBytes(), "the 4-KiB array it grew out of is kept");
        r.release(arrays);
        assertEquals(4096 + 65536, arrays.keptBytes());
        long reused = arrays.reused();
        ByteRing next = new ByteRing(64 * 1024, arrays);
        assertEquals(4096, next.capacity());
        assertEquals(reused + 1, arrays.reused(), "the next ring starts on a kept array");
        next.grow(65536, arrays);
        assertEquals(reused + 2, arrays.reused(), "and grows onto the other");
        assertEquals(4096, arrays.keptBytes());
    }
}
