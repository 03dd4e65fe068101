package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch receive ({@link Sockets#recvmmsg}, {@link UdpSocket#receive(List, int, Duration)}): it
 * takes everything queued up to {@code max} in one call, in order, and waits only while nothing is
 * queued (recvmmsg with MSG_WAITFORONE).
 */
@Timeout(30)
class SocketsBatchReceiveTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    /** Sends {@code n} datagrams "0".."n-1" from Alice to Bob's {@code fd}, and waits until all are queued there. */
    private void queue(int bobFd, int port, int n) throws Exception {
        int sender = a.socket(SocketType.DGRAM);
        for (int i = 0; i < n; i++) {
            byte[] msg = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            a.sendto(sender, msg, 0, msg.length, bob(port));
        }
        a.close(sender);
        while (queued(bobFd) < n) {   // each look is a task on Bob's loop; @Timeout bounds the wait
            Thread.onSpinWait();
        }
    }

    /** Calls waiting on Bob's loop (looked at there, where the waiters live). */
    private int bobWaiting() throws Exception {
        return net.bob.loop().submit(now -> net.bob.sockets().timerClient().waiting()).get();
    }

    /**
     * Returns once {@code call} is parked as a waiter on Bob's loop, and fails if it finished
     * first: the waiting path must really run before the test goes on.
     */
    private void awaitWaiting(CompletableFuture<?> call) throws Exception {
        while (bobWaiting() == 0 && !call.isDone()) {
            Thread.onSpinWait();
        }
        assertFalse(call.isDone(), "the call returned instead of waiting");
        assertEquals(1, bobWaiting(), "registered as a waiter");
    }

    private int queued(int fd) {
        return b.table().stream().filter(i -> i.fd() == fd).findFirst().orElseThrow().rxDatagrams();
    }

    private static List<String> texts(List<UdpDatagram> ds) {
        return ds.stream().map(d -> new String(d.data(), StandardCharsets.US_ASCII)).toList();
    }

    private static Errno errno(Executable call) {
        return assertThrows(SocketException.class, call).errno();
    }

    @Test
    void takesEveryQueuedDatagramInOneCallInArrivalOrder() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7))) {
            queue(server.fd(), 7, 10);
            List<UdpDatagram> got = new ArrayList<>();
            assertEquals(10, server.receive(got, 64, Duration.ofSeconds(5)));
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), texts(got));
            UdpDatagram first = got.getFirst();
            assertEquals(TwoHosts.IP_ALICE, first.source());
            assertEquals(TwoHosts.IP_BOB, first.destination());
            assertEquals(7, first.destinationPort());
            assertEquals(0, queued(server.fd()));
            assertEquals(Errno.EAGAIN, errno(() -> server.receive(got, 64, Duration.ZERO)));
            assertEquals(10, got.size(), "a failed call appends nothing");
        }
    }

    @Test
    void takesAtMostMaxAndLeavesTheRestQueued() throws Exception {
        int fd = b.socket(SocketType.DGRAM);
        b.bind(fd, SocketAddress4.any(7));
        queue(fd, 7, 7);
        List<Object> out = new ArrayList<>(List.of("already there"));   // appended to, never cleared
        assertEquals(3, b.recvmmsg(fd, out, 3));
        assertEquals(4, out.size());
        assertEquals("already there", out.getFirst());
        assertEquals(4, queued(fd));
        List<UdpDatagram> rest = new ArrayList<>();
        assertEquals(4, b.recvmmsg(fd, rest, 100));
        assertEquals(List.of("3", "4", "5", "6"), texts(rest));
        // The single-datagram calls see the same queue.
        queue(fd, 7, 2);
        assertEquals(1, b.recvmmsg(fd, rest, 1));
        byte[] buf = new byte[16];
        RecvResult r = b.recvfrom(fd, buf, 0, buf.length);
        assertEquals("1", new String(buf, 0, r.length(), StandardCharsets.US_ASCII));
    }

    @Test
    void waitsOnlyWhileNothingIsQueued() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.open(net.alice)) {
            List<UdpDatagram> got = new ArrayList<>();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.receive(got, 50, Duration.ofSeconds(10));
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaiting(call);   // parked with nothing queued
            client.send(bob(7), "wake".getBytes(StandardCharsets.US_ASCII));
            int n = call.get(10, TimeUnit.SECONDS);
            // It returns with the first datagram rather than waiting for 50.
            assertEquals(1, n);
            assertEquals(List.of("wake"), texts(got));
            assertEquals(0, bobWaiting(), "the waiter was completed by the datagram's arrival, and removed");
        }
    }

    @Test
    void timeoutsAndNonBlockingAsTheSingleReceive() throws Exception {
        int fd = b.socket(SocketType.DGRAM);
        b.bind(fd, SocketAddress4.any(7));
        List<UdpDatagram> out = new ArrayList<>();
        b.setReceiveTimeout(fd, 50);
        assertEquals(Errno.ETIMEDOUT, errno(() -> b.recvmmsg(fd, out, 8)));
        b.setBlocking(fd, false);
        assertEquals(Errno.EAGAIN, errno(() -> b.recvmmsg(fd, out, 8)));
        queue(fd, 7, 2);
        assertEquals(2, b.recvmmsg(fd, out, 8));
        assertEquals(Errno.EINVAL, errno(() -> b.recvmmsg(fd, out, 0)));
        assertEquals(2, out.size());
    }

    @Test
    void badDescriptorsAndClosingWhileWaiting() throws Exception {
        List<UdpDatagram> out = new ArrayList<>();
        assertEquals(Errno.EBADF, errno(() -> b.recvmmsg(99, out, 8)));
        int fd = b.socket(SocketType.DGRAM);
        b.bind(fd, SocketAddress4.any(7));
        CompletableFuture<Errno> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                b.recvmmsg(fd, out, 8);
                return null;
            } catch (SocketException e) {
                return e.errno();
            }
        });
        awaitWaiting(waiting);
        b.close(fd);
        assertEquals(Errno.EBADF, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(Errno.EBADF, errno(() -> b.recvmmsg(fd, out, 8)));
        assertTrue(out.isEmpty());
    }

    @Test
    void aPendingIcmpErrorIsReportedByTheBatchCall() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.connect(fd, bob(9));   // nobody listens there: Bob answers ICMP port unreachable
        a.setReceiveTimeout(fd, 10_000);
        a.write(fd, "ping".getBytes(StandardCharsets.US_ASCII), 0, 4);
        List<UdpDatagram> out = new ArrayList<>();
        SocketException e = assertThrows(SocketException.class, () -> a.recvmmsg(fd, out, 8));
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertEquals("recvmmsg: Connection refused (ECONNREFUSED)", e.getMessage());
        a.setBlocking(fd, false);
        assertEquals(Errno.EAGAIN, errno(() -> a.recvmmsg(fd, out, 8)), "reported once");
        assertTrue(out.isEmpty());
    }

    @Test
    void manyDatagramsArriveCompleteThroughRepeatedBatches() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.bind(net.alice, SocketAddress4.any(0))) {
            int n = 500;
            // Credits keep the datagrams sent but not yet received below the receive queue's
            // limit, so none is dropped, however the threads are scheduled.
            int window = 32;
            assertTrue(window < UdpConfig.DEFAULT.receiveQueueDatagrams());
            Semaphore credits = new Semaphore(window);
            List<UdpDatagram> got = new ArrayList<>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    while (got.size() < n) {
                        credits.release(server.receive(got, 32, Duration.ofSeconds(10)));
                    }
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < n; i++) {
                assertTrue(credits.tryAcquire(10, TimeUnit.SECONDS), "the reader stopped taking datagrams");
                client.send(bob(7), Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
            }
            reader.get(20, TimeUnit.SECONDS);
            assertEquals(0, queued(server.fd()));
            assertEquals(0, net.bob.sockets().table().stream().filter(i -> i.fd() == server.fd())
                    .findFirst().orElseThrow().drops(), "nothing dropped for a full queue");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(Integer.toString(i));
            }
            assertEquals(expected, texts(got));
            assertEquals(client.localAddress().port(), got.getFirst().sourcePort());
        }
    }
}
