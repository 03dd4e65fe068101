package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.TwoHosts.alice;
import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every descriptor call's error cases, on two real-time hosts. */
@Timeout(30)
class SocketsErrorTest {
    private final TwoHosts net = new TwoHosts(4);
    private final Sockets a = net.alice.sockets();
    private final byte[] buf = new byte[1500];

    @AfterEach
    void close() {
        net.close();
    }

    static Errno errno(Executable call) {
        return assertThrows(SocketException.class, call).errno();
    }

    @Test
    void everyCallOnAnUnknownDescriptorIsEbadf() {
        for (int fd : new int[] {-1, 0, 2, 3, 99, Integer.MAX_VALUE}) {
            assertEquals(Errno.EBADF, errno(() -> a.bind(fd, SocketAddress4.any(7))));
            assertEquals(Errno.EBADF, errno(() -> a.connect(fd, bob(7))));
            assertEquals(Errno.EBADF, errno(() -> a.sendto(fd, buf, 0, 1, bob(7))));
            assertEquals(Errno.EBADF, errno(() -> a.write(fd, buf, 0, 1)));
            assertEquals(Errno.EBADF, errno(() -> a.recvfrom(fd, buf, 0, buf.length)));
            assertEquals(Errno.EBADF, errno(() -> a.read(fd, buf, 0, buf.length)));
            assertEquals(Errno.EBADF, errno(() -> a.setBlocking(fd, false)));
            assertEquals(Errno.EBADF, errno(() -> a.setReceiveTimeout(fd, 10)));
            assertEquals(Errno.EBADF, errno(() -> a.localAddress(fd)));
            assertEquals(Errno.EBADF, errno(() -> a.remoteAddress(fd)));
            assertEquals(Errno.EBADF, errno(() -> a.close(fd)));
        }
        SocketException e = assertThrows(SocketException.class, () -> a.recvfrom(42, buf, 0, 1));
        assertEquals("recvfrom: Bad file descriptor (EBADF) [fd 42]", e.getMessage());
    }

    @Test
    void doubleCloseAndEveryCallAfterCloseIsEbadf() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(5000));
        a.close(fd);
        assertEquals(Errno.EBADF, errno(() -> a.close(fd)));
        assertEquals(Errno.EBADF, errno(() -> a.sendto(fd, buf, 0, 1, bob(7))));
        assertEquals(Errno.EBADF, errno(() -> a.write(fd, buf, 0, 1)));
        assertEquals(Errno.EBADF, errno(() -> a.recvfrom(fd, buf, 0, 1)));
        // The port is free again.
        int again = a.socket(SocketType.DGRAM);
        a.bind(again, SocketAddress4.any(5000));
    }

    @Test
    void socketNumbersLowestFirstAndEmfileWhenFull() throws Exception {
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fds.add(a.socket(SocketType.DGRAM));
        }
        assertEquals(List.of(3, 4, 5, 6), fds);
        SocketException full = assertThrows(SocketException.class, () -> a.socket(SocketType.DGRAM));
        assertEquals(Errno.EMFILE, full.errno());
        assertEquals("socket: Too many open files (EMFILE) [4 descriptors open]", full.getMessage());
        a.close(5);
        a.close(4);
        assertEquals(4, a.socket(SocketType.DGRAM), "the lowest free descriptor is reused");
        assertEquals(5, a.socket(SocketType.DGRAM));
        assertEquals(4, a.openCount());
        assertEquals(4, net.alice.udp().endpoints().size(), "EMFILE left no endpoint behind");
    }

    @Test
    void bindErrors() throws Exception {
        int one = a.socket(SocketType.DGRAM);
        int two = a.socket(SocketType.DGRAM);
        a.bind(one, SocketAddress4.any(7000));
        SocketException inUse = assertThrows(SocketException.class, () -> a.bind(two, SocketAddress4.any(7000)));
        assertEquals(Errno.EADDRINUSE, inUse.errno());
        assertEquals("bind: Address already in use (EADDRINUSE) [0.0.0.0:7000]", inUse.getMessage());
        assertEquals(Errno.EADDRINUSE, errno(() -> a.bind(two, alice(7000))));
        assertEquals(Errno.EADDRNOTAVAIL, errno(() -> a.bind(two, bob(7000))));
        assertEquals(Errno.EINVAL, errno(() -> a.bind(one, SocketAddress4.any(7001))));
        a.bind(two, alice(0));
        assertTrue(a.localAddress(two).port() >= 32768);
    }

    @Test
    void connectAndSendErrors() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        assertEquals(Errno.EINVAL, errno(() -> a.connect(fd, bob(0))));
        assertEquals(Errno.ENETUNREACH, errno(() -> a.connect(fd, SocketAddress4.of("203.0.113.9", 53))));
        assertEquals(Errno.ENETUNREACH, errno(() -> a.sendto(fd, buf, 0, 1, SocketAddress4.of("203.0.113.9", 53))));
        assertEquals(Errno.EDESTADDRREQ, errno(() -> a.write(fd, buf, 0, 1)));
        assertEquals(Errno.ENOTCONN, errno(() -> a.remoteAddress(fd)));
        assertEquals(Errno.EMSGSIZE, errno(() -> a.sendto(fd, new byte[70000], 0, 65508, bob(7))));
        assertEquals(Errno.EINVAL, errno(() -> a.setReceiveTimeout(fd, -1)));
        a.connect(fd, bob(7));
        assertEquals(bob(7), a.remoteAddress(fd));
        assertEquals(TwoHosts.IP_ALICE, a.localAddress(fd).address());
    }

    @Test
    void aReceiveTimeoutGivesEtimedout() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(0));
        a.setReceiveTimeout(fd, 100);
        long t0 = System.nanoTime();
        SocketException e = assertThrows(SocketException.class, () -> a.recvfrom(fd, buf, 0, buf.length));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertEquals("recvfrom: Connection timed out (ETIMEDOUT) [after 100 ms]", e.getMessage());
        assertTrue(ms >= 95, "waited " + ms + " ms");
        assertEquals(Errno.ETIMEDOUT, errno(() -> a.read(fd, buf, 0, buf.length)));
    }

    @Test
    void nonBlockingGivesEagainAtOnce() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(0));
        a.setBlocking(fd, false);
        assertEquals(false, a.isBlocking(fd));
        assertEquals(Errno.EAGAIN, errno(() -> a.recvfrom(fd, buf, 0, buf.length)));
        assertEquals(Errno.EAGAIN, errno(() -> a.read(fd, buf, 0, buf.length)));
        // Sending never blocks on UDP.
        assertEquals(3, a.sendto(fd, buf, 0, 3, bob(9)));
    }

    @Test
    void aConnectedSocketSeesEconnrefusedFromAClosedPeerPort() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.connect(fd, bob(9));   // nobody listens there
        a.setReceiveTimeout(fd, 10_000);
        a.write(fd, "ping".getBytes(), 0, 4);
        // The blocked receive is woken by the ICMP port unreachable Bob sends back.
        SocketException e = assertThrows(SocketException.class, () -> a.recvfrom(fd, buf, 0, buf.length));
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertEquals("recvfrom: Connection refused (ECONNREFUSED)", e.getMessage());
        // Reported once; an unconnected socket in the same situation sees nothing.
        a.setBlocking(fd, false);
        assertEquals(Errno.EAGAIN, errno(() -> a.read(fd, buf, 0, buf.length)));
        int free = a.socket(SocketType.DGRAM);
        a.sendto(free, buf, 0, 4, bob(9));
        a.setReceiveTimeout(free, 300);
        assertEquals(Errno.ETIMEDOUT, errno(() -> a.recvfrom(free, buf, 0, buf.length)));
    }

    @Test
    void closingADescriptorWakesABlockedReaderWithEbadf() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(0));
        CompletableFuture<Errno> reader = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                a.recvfrom(fd, new byte[10], 0, 10);
                reader.complete(null);
            } catch (SocketException e) {
                reader.complete(e.errno());
            }
        });
        // Wait until the reader is parked on the loop, then close under it.
        while (net.alice.loop().submit(now -> net.alice.sockets().timerClient().waiting()).get() == 0) {
            Thread.onSpinWait();
        }
        a.close(fd);
        assertEquals(Errno.EBADF, reader.get(10, TimeUnit.SECONDS));
        t.join();
    }

    @Test
    void anInterruptedReaderGetsEintr() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(0));
        CompletableFuture<Object> reader = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                a.recvfrom(fd, new byte[10], 0, 10);
                reader.complete("returned");
            } catch (SocketException e) {
                reader.complete(List.of(e.errno(), Thread.currentThread().isInterrupted()));
            }
        });
        while (net.alice.loop().submit(now -> net.alice.sockets().timerClient().waiting()).get() == 0) {
            Thread.onSpinWait();
        }
        t.interrupt();
        assertEquals(List.of(Errno.EINTR, true), reader.get(10, TimeUnit.SECONDS));
        assertEquals(0, (int) net.alice.loop().submit(now -> net.alice.sockets().timerClient().waiting()).get());
    }

    @Test
    void callsAfterTheHostClosedFailWithEnetdown() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        net.alice.close();
        assertEquals(Errno.ENETDOWN, errno(() -> a.recvfrom(fd, buf, 0, 1)));
        assertEquals(Errno.ENETDOWN, errno(() -> a.socket(SocketType.DGRAM)));
        assertEquals(List.of(), a.table());
    }
}
