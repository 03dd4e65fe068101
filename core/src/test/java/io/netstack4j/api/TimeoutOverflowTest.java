package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeouts so long that "now + timeout" does not fit in a long mean "never", not "already past":
 * they used to wrap around and expire at once (a read with SO_RCVTIMEO of Long.MAX_VALUE / 10^6 ms
 * failed with ETIMEDOUT after a few milliseconds).
 */
@Timeout(30)
class TimeoutOverflowTest {

    @Test
    void deadlineSaturates() {
        assertEquals(15, DescriptorTable.deadline(10, 5));
        assertEquals(Long.MAX_VALUE, DescriptorTable.deadline(10, Long.MAX_VALUE - 5));
        assertEquals(Long.MAX_VALUE, DescriptorTable.deadline(Long.MAX_VALUE - 1, 2));
        assertEquals(-5, DescriptorTable.deadline(-10, 5));
        assertEquals(Long.MAX_VALUE - 10, DescriptorTable.deadline(-10, Long.MAX_VALUE));
    }

    @Test
    void aHugeReceiveTimeoutWaits() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int u = a.socket(SocketType.DGRAM);
            a.bind(u, TwoHosts.alice(5000));
            a.setReceiveTimeout(u, Long.MAX_VALUE / 1_000_000);
            CompletableFuture<Integer> reading = TwoHosts.async(() -> a.read(u, new byte[10], 0, 10));
            Thread.sleep(300);
            assertFalse(reading.isDone(), () -> "finished: " + reading.handle((v, e) -> v + " " + e).join());
            a.close(u);
            ExecutionException e = assertThrows(ExecutionException.class, () -> reading.get(5, TimeUnit.SECONDS));
            assertEquals(Errno.EBADF, ((SocketException) e.getCause()).errno());
        }
    }

    @Test
    void aHugeConnectTimeoutWaits() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int c = a.socket(SocketType.STREAM);
            SocketAddress4 nobody = new SocketAddress4(Ipv4Address.parse("198.51.100.77"), 80);
            CompletableFuture<Void> connecting = TwoHosts.async(() -> {
                a.connect(c, nobody, Long.MAX_VALUE);
                return null;
            });
            Thread.sleep(300);
            assertFalse(connecting.isDone(), () -> "finished: " + connecting.handle((v, e) -> v + " " + e).join());
            a.close(c);
            ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SocketException, e.toString());
        }
    }

    @Test
    void aHugePollTimeoutWaits() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int u = a.socket(SocketType.DGRAM);
            a.bind(u, TwoHosts.alice(5001));
            CompletableFuture<Integer> polling = TwoHosts.async(() -> a.poll(new PollFd[]{PollFd.in(u)}, Long.MAX_VALUE / 1_000_000));
            Thread.sleep(300);
            assertFalse(polling.isDone(), () -> "finished: " + polling.handle((v, e) -> v + " " + e).join());
            a.close(u);   // POLLNVAL ends it
            assertEquals(1, polling.get(5, TimeUnit.SECONDS));
        }
    }
}
