package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiveRingTest {
    private final PacketPool pool = PacketPool.forMtu("ring", 1500, 64);

    private PacketBuffer datagram(int value, int len) {
        PacketBuffer p = pool.acquire();
        int at = p.append(len);
        for (int i = 0; i < len; i++) {
            p.array()[at + i] = (byte) (value + i);
        }
        return p;
    }

    @Test
    void datagramsComeOutInOrderWithTheirAddressesAndTheirBuffersGoBackToThePool() {
        ReceiveRing ring = new ReceiveRing(4);
        for (int i = 0; i < 3; i++) {
            assertTrue(ring.offer(datagram(i, 10), 0x0A000001 + i, 1000 + i, 0x0A0000FF, 7, 1 << 20));
        }
        assertEquals(3, ring.size());
        assertEquals(30, ring.bytes());
        byte[] b = new byte[4];
        assertEquals(0x0A000001, ring.peekSource());
        assertEquals(4, ring.take(b, 0, 4), "a datagram longer than the buffer is cut (POSIX)");
        assertEquals(0, b[0]);
        UdpDatagram d = ring.takeDatagram();
        assertEquals(1001, d.sourcePort());
        assertEquals(10, d.data().length);
        assertEquals(1, d.data()[0]);
        assertEquals(1, ring.size());
        assertEquals(10, ring.bytes());
        assertEquals(3, pool.outstanding(), "taken, not yet reclaimed");
        ring.reclaim();
        assertEquals(1, pool.outstanding());
        ring.clear();
        assertEquals(0, pool.outstanding());
        assertTrue(ring.isEmpty());
        assertEquals(-1, ring.take(b, 0, 4));
        assertNull(ring.takeDatagram());
    }

    @Test
    void aFullRingOrByteLimitRefusesAndLeavesTheBufferToTheCaller() {
        ReceiveRing ring = new ReceiveRing(2);
        assertTrue(ring.offer(datagram(0, 10), 1, 1, 2, 2, 25));
        PacketBuffer big = datagram(0, 16);
        assertFalse(ring.offer(big, 1, 1, 2, 2, 25), "10 + 16 bytes is past 25");
        assertTrue(ring.offer(datagram(0, 15), 1, 1, 2, 2, 25));
        PacketBuffer third = datagram(0, 1);
        assertFalse(ring.offer(third, 1, 1, 2, 2, 1 << 20), "two datagrams fill a ring of 2");
        big.release();
        third.release();
        ring.clear();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void anEndpointAsksForASmallerQueueThanTheLayersButNotALargerOne() throws Exception {
        UdpFixture f = new UdpFixture(UdpConfig.DEFAULT.withReceiveQueue(16, 1 << 20));
        assertEquals(4, f.udp.open(4).receiveRing().capacity());
        assertEquals(16, f.udp.open().receiveRing().capacity());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> f.udp.open(17));
    }

    @Test
    @Timeout(30)
    void aConsumerThreadSeesEveryDatagramExactlyOnceInOrder() throws Exception {
        ReceiveRing ring = new ReceiveRing(64);
        int n = 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            byte[] b = new byte[8];
            int expect = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (expect < n && System.nanoTime() < deadline) {
                int got = ring.take(b, 0, 8);
                if (got < 0) {
                    Thread.onSpinWait();
                    continue;
                }
                int v = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
                if (v != expect || ring.bytes() < 0) {
                    failure.set(new AssertionError("expected " + expect + ", got " + v));
                    return;
                }
                expect++;
            }
            if (expect < n) {
                failure.set(new AssertionError("only " + expect + " of " + n));
            }
        });
        consumer.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; i < n && System.nanoTime() < deadline; ) {
            PacketBuffer p = pool.acquire();
            int at = p.append(8);
            io.netstack4j.wire.Bytes.put32(p.array(), at, i);
            if (ring.offer(p, 1, 1, 2, 2, 1 << 20)) {
                i++;
            } else {
                p.release();
                Thread.onSpinWait();
            }
        }
        consumer.join();
        assertNull(failure.get());
        ring.clear();
        assertEquals(0, pool.outstanding(), "every buffer came back to the pool");
        assertTrue(pool.allocated() < 200, "buffers were reused, not made anew: " + pool.allocated());
    }
}
