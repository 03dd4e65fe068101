package io.netstack4j.api;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.runtime.LoopQueueFullException;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a call reaches the loop: a full task queue and a closed loop are told apart. */
@Timeout(30)
class LoopCallsTest {
    private static NetStack host(int queue) {
        VirtualLan lan = new VirtualLan(11);
        return NetStack.builder(StackConfig.builder("tiny").mac(MacAddress.locallyAdministered(0xC))
                .address("198.51.100.9/24").build(), lan.attach("tiny")).loopQueueCapacity(queue).start();
    }

    @Test
    void aFullTaskQueueIsEnobufsNotEnetdown() throws Exception {
        try (NetStack h = host(4)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            h.loop().execute(now -> {
                inside.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            try {
                // The loop is held in the task above: fill its queue.
                int filled = 0;
                while (true) {
                    try {
                        h.loop().execute(now -> { });
                        filled++;
                    } catch (LoopQueueFullException e) {
                        break;
                    }
                }
                assertEquals(4, filled);
                SocketException e = assertThrows(SocketException.class, () -> h.sockets().socket(SocketType.DGRAM));
                assertEquals(Errno.ENOBUFS, e.errno());
                assertEquals("socket: No buffer space available (ENOBUFS) [stack tiny: loop task queue full (4 tasks)]",
                        e.getMessage());
            } finally {
                release.countDown();
            }
            // Once the loop catches up, calls go through again: ENOBUFS is worth trying again.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    h.sockets().close(h.sockets().socket(SocketType.DGRAM));
                    break;
                } catch (SocketException e) {
                    assertEquals(Errno.ENOBUFS, e.errno());
                    assertTrue(System.nanoTime() < giveUp, "the loop never caught up");
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void aClosedLoopIsEnetdown() {
        NetStack h = host(4);
        h.close();
        SocketException e = assertThrows(SocketException.class, () -> h.sockets().socket(SocketType.DGRAM));
        assertEquals(Errno.ENETDOWN, e.errno());
    }
}
