package io.netstack4j.link;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring alone, on one thread: FIFO over many laps, full and empty, slots that must grow. */
class FrameRingTest {
    private static byte[] frame(int len, int seed) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) (i * 13 + seed);
        }
        return f;
    }

    @Test
    void fifoOverManyLapsWithSizesThatMakeSlotsGrow() {
        int max = 9_018;
        FrameRing ring = new FrameRing(3, max);     // not a power of two
        SplittableRandom random = new SplittableRandom(5);
        int[] sizes = {14, 64, 1514, 2049, 4097, max};
        byte[][] queued = new byte[3][];
        long written = 0;
        long read = 0;
        byte[] out = new byte[max];
        for (int step = 0; step < 2_000; step++) {
            if (random.nextBoolean() && written - read < 3) {
                byte[] f = frame(sizes[random.nextInt(sizes.length)], step);
                assertTrue(ring.offer(f, 0, f.length, step));
                queued[(int) (written++ % 3)] = f;
            } else if (written > read) {
                assertTrue(ring.ready());
                byte[] f = queued[(int) (read++ % 3)];
                assertEquals(f.length, ring.headLength());
                ring.take(out, 0);
                assertArrayEquals(f, Arrays.copyOf(out, f.length));
            } else {
                assertFalse(ring.ready());
            }
            assertEquals(written - read, ring.size());
        }
    }

    @Test
    void fullRingRefusesAndKeepsWhatItHas() {
        FrameRing ring = new FrameRing(2, 100);
        assertTrue(ring.offer(frame(10, 1), 0, 10, 7));
        assertTrue(ring.offer(frame(20, 2), 0, 20, 8));
        assertFalse(ring.offer(frame(30, 3), 0, 30, 9));
        assertEquals(2, ring.size());
        assertEquals(7, ring.headTime());
        ring.skip();
        assertEquals(8, ring.headTime());
        assertEquals(20, ring.headLength());
        assertTrue(ring.offer(frame(30, 3), 0, 30, 9), "room again once one is taken");
        byte[] out = new byte[100];
        ring.take(out, 5);
        assertArrayEquals(frame(20, 2), Arrays.copyOfRange(out, 5, 25));
        ring.take(out, 0);
        assertArrayEquals(frame(30, 3), Arrays.copyOf(out, 30));
        assertFalse(ring.ready());
        assertEquals(0, ring.size());
    }
}
