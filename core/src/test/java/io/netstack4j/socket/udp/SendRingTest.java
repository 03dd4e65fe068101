package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendRingTest {
    private final PacketPool pool = PacketPool.forMtu("send", 1500, 64);

    @Test
    void theApplicationWritesIntoPooledBuffersAndTheLoopTakesThemOutWithHeadroomInFront() {
        SendRing ring = new SendRing(2, pool::acquire, PacketPool.HEADROOM);
        assertEquals(2, pool.outstanding(), "each slot holds an empty buffer");
        assertTrue(ring.offer(new byte[]{1, 2, 3}, 0, 3, 0x0A000002, 9));
        assertTrue(ring.offer(new byte[]{4}, 0, 1, 0x0A000003, 10));
        assertTrue(ring.isFull());
        assertFalse(ring.offer(new byte[]{5}, 0, 1, 1, 1), "full until the loop drains");
        List<String> sent = new ArrayList<>();
        int n = ring.drain((p, dst, port) -> {
            assertEquals(PacketPool.HEADROOM, p.start(), "room for UDP, IP and Ethernet in front");
            sent.add(Integer.toHexString(dst) + ":" + port + ":" + p.length() + ":" + p.array()[p.start()]);
            p.release();
        }, pool::acquire, PacketPool.HEADROOM);
        assertEquals(2, n);
        assertEquals(List.of("a000002:9:3:1", "a000003:10:1:4"), sent);
        assertTrue(ring.isEmpty());
        assertEquals(2, pool.outstanding(), "the slots were refilled");
        assertThrows(IllegalArgumentException.class, () -> ring.offer(new byte[2000], 0, 2000, 1, 1));
        List<PacketBuffer> held = new ArrayList<>();
        ring.forEachHeld(held::add);
        assertEquals(2, held.size());
        ring.close();
        assertEquals(0, pool.outstanding());
    }
}
