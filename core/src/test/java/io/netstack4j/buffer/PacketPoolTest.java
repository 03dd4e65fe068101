package io.netstack4j.buffer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketPoolTest {
    @Test
    void aReleasedBufferIsReusedAndNothingIsAllocatedOnceWarm() {
        PacketPool pool = PacketPool.forMtu("t", 1500, 4);
        PacketBuffer a = pool.acquire();
        assertEquals(PacketPool.HEADROOM, a.start());
        assertEquals(0, a.length());
        a.release();
        for (int i = 0; i < 1000; i++) {
            PacketBuffer b = pool.acquire();
            assertSame(a, b);
            b.release();
        }
        assertEquals(1, pool.allocated());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void headersArePushedInFrontWithoutMovingThePayload() {
        PacketPool pool = PacketPool.forMtu("t", 1500, 4);
        PacketBuffer b = pool.acquire();
        int at = b.append(3);
        b.array()[at] = 7;
        int udp = b.prepend(8);
        int ip = b.prepend(20);
        int eth = b.prepend(14);
        assertEquals(PacketPool.HEADROOM - 42, eth);
        assertEquals(eth + 14, ip);
        assertEquals(ip + 20, udp);
        assertEquals(45, b.length());
        b.advance(42);
        assertEquals(7, b.array()[b.start()]);
        assertThrows(IllegalStateException.class, () -> b.prepend(PacketPool.HEADROOM + 1));
        b.release();
    }

    @Test
    void aSecondReleaseIsCaught() {
        PacketPool pool = PacketPool.forMtu("t", 1500, 4);
        PacketBuffer b = pool.acquire();
        b.release();
        assertThrows(IllegalStateException.class, b::release);
    }

    @Test
    void theFreeListIsBounded() {
        PacketPool pool = PacketPool.forMtu("t", 1500, 2);
        PacketBuffer[] bs = {pool.acquire(), pool.acquire(), pool.acquire()};
        for (PacketBuffer b : bs) {
            b.release();
        }
        assertEquals(2, pool.freeCount());
        assertEquals(1, pool.discarded());
    }

    @Test
    void aCopyKeepsItsHeadroom() {
        PacketPool pool = PacketPool.forMtu("t", 1500, 4);
        PacketBuffer a = pool.acquire();
        int at = a.append(4);
        a.array()[at + 3] = 9;
        PacketBuffer c = pool.copyOf(a);
        assertEquals(a.start(), c.start());
        assertArrayEquals(java.util.Arrays.copyOfRange(a.array(), a.start(), a.end()),
                java.util.Arrays.copyOfRange(c.array(), c.start(), c.end()));
        a.release();
        c.release();
    }

    @Test
    void aWrappedBufferBelongsToNoPool() {
        PacketBuffer w = PacketBuffer.wrap(new byte[10], 2, 5);
        assertEquals(5, w.length());
        w.release();
        w.release();   // nothing to give back
        assertTrue(w.pool() == null);
    }
}
