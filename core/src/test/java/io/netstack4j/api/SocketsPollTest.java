package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.PollFd.POLLERR;
import static io.netstack4j.api.PollFd.POLLIN;
import static io.netstack4j.api.PollFd.POLLNVAL;
import static io.netstack4j.api.PollFd.POLLOUT;
import static io.netstack4j.api.TwoHosts.alice;
import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** poll over several descriptors: readiness, timeouts, errors, closed descriptors. */
@Timeout(30)
class SocketsPollTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    private int bound(Sockets s, int port) throws SocketException {
        int fd = s.socket(SocketType.DGRAM);
        s.bind(fd, SocketAddress4.any(port));
        return fd;
    }

    @Test
    void nothingReadyTimesOutWithZero() throws Exception {
        int x = bound(a, 6001);
        int y = bound(a, 6002);
        PollFd[] set = {PollFd.in(x), PollFd.in(y)};
        assertEquals(0, a.poll(set, 0));
        long t0 = System.nanoTime();
        assertEquals(0, a.poll(set, 80));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(75));
        assertEquals(0, set[0].revents());
        assertEquals(0, set[1].revents());
    }

    @Test
    void reportsWhichOfSeveralDescriptorsIsReadable() throws Exception {
        int x = bound(a, 6001);
        int y = bound(a, 6002);
        int z = bound(a, 6003);
        int sender = b.socket(SocketType.DGRAM);
        b.sendto(sender, "to y".getBytes(), 0, 4, alice(6002));
        PollFd[] set = {PollFd.in(x), PollFd.in(y), PollFd.in(z)};
        assertEquals(1, a.poll(set, 10_000));
        assertEquals(0, set[0].revents());
        assertEquals(POLLIN, set[1].revents());
        assertEquals(0, set[2].revents());
        a.setBlocking(y, false);
        byte[] buf = new byte[100];
        RecvResult r = a.recvfrom(y, buf, 0, buf.length);
        assertEquals(4, r.length());
        assertEquals(TwoHosts.IP_BOB, r.from().address());
        // Writable at once; readable only if asked and ready.
        PollFd[] out = {new PollFd(x, POLLIN | POLLOUT), PollFd.out(z)};
        assertEquals(2, a.poll(out, -1));
        assertEquals(POLLOUT, out[0].revents());
        assertEquals(POLLOUT, out[1].revents());
        assertEquals("PollFd[fd=3, events=POLLIN|POLLOUT, revents=POLLOUT]", out[0].toString());
    }

    @Test
    void aWaitingPollWakesWhenADatagramArrives() throws Exception {
        int x = bound(a, 6001);
        int y = bound(a, 6002);
        PollFd[] set = {PollFd.in(x), PollFd.in(y)};
        CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return a.poll(set, -1);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        int sender = b.socket(SocketType.DGRAM);
        b.sendto(sender, new byte[1], 0, 1, alice(6001));
        assertEquals(1, polled.get(10, TimeUnit.SECONDS));
        assertEquals(POLLIN, set[0].revents());
        assertEquals(0, set[1].revents());
    }

    @Test
    void unknownAndClosedDescriptorsArePollnval() throws Exception {
        int x = bound(a, 6001);
        int y = bound(a, 6002);
        a.close(y);
        PollFd[] set = {PollFd.in(x), PollFd.in(y), PollFd.in(77), PollFd.in(-1)};
        assertEquals(2, a.poll(set, 5_000));
        assertEquals(0, set[0].revents());
        assertEquals(POLLNVAL, set[1].revents());
        assertEquals(POLLNVAL, set[2].revents());
        assertEquals(0, set[3].revents(), "negative descriptors are ignored (POSIX)");
    }

    @Test
    void closingAPolledDescriptorWakesThePoll() throws Exception {
        int x = bound(a, 6001);
        PollFd[] set = {PollFd.in(x)};
        CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return a.poll(set, -1);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        while (net.alice.loop().submit(now -> net.alice.sockets().timerClient().waiting()).get() == 0) {
            Thread.onSpinWait();
        }
        a.close(x);
        assertEquals(1, polled.get(10, TimeUnit.SECONDS));
        assertEquals(POLLNVAL, set[0].revents());
    }

    @Test
    void aPendingIcmpErrorIsPollerr() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.connect(fd, bob(9));   // closed port on Bob
        a.write(fd, new byte[4], 0, 4);
        PollFd[] set = {PollFd.in(fd)};
        assertEquals(1, a.poll(set, 10_000));
        assertEquals(POLLERR, set[0].revents(), "reported though not asked for");
        SocketException e = assertThrows(SocketException.class, () -> a.write(fd, new byte[4], 0, 4));
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertEquals("write: Connection refused (ECONNREFUSED)", e.getMessage());
        assertEquals(0, a.poll(set, 0));
    }

    @Test
    void aSetLargerThanTheTableIsEinval() {
        PollFd[] set = new PollFd[a.maxDescriptors() + 1];
        java.util.Arrays.setAll(set, i -> PollFd.in(i));
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class, () -> a.poll(set, 0)).errno());
    }
}
