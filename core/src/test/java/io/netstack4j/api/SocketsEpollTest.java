package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.EpollEvent.EPOLLET;
import static io.netstack4j.api.EpollEvent.EPOLLIN;
import static io.netstack4j.api.EpollEvent.EPOLLONESHOT;
import static io.netstack4j.api.EpollEvent.EPOLLOUT;
import static io.netstack4j.api.EpollEvent.EPOLL_CTL_ADD;
import static io.netstack4j.api.EpollEvent.EPOLL_CTL_DEL;
import static io.netstack4j.api.EpollEvent.EPOLL_CTL_MOD;
import static io.netstack4j.api.TwoHosts.alice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** epoll sets: level and edge triggering, one-shot, close while registered, timeouts, many descriptors. */
@Timeout(30)
class SocketsEpollTest {
    private final TwoHosts net = new TwoHosts(2048);
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();
    private final EpollEvent[] ev = EpollEvent.array(8);
    private final byte[] buf = new byte[64];
    private int sender;

    @AfterEach
    void close() {
        net.close();
    }

    private int bound(int port) throws SocketException {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(port));
        return fd;
    }

    private void send(int port, int size) throws SocketException {
        if (sender == 0) {
            sender = b.socket(SocketType.DGRAM);
        }
        b.sendto(sender, new byte[size], 0, size, alice(port));
    }

    private <T> T onLoop(java.util.function.Supplier<T> s) throws Exception {
        return net.alice.loop().submit(now -> s.get()).get(5, TimeUnit.SECONDS);
    }

    private static int errno(SocketCall c) {
        return assertThrows(SocketException.class, c::run).errno().ordinal();
    }

    interface SocketCall {
        void run() throws Exception;
    }

    @Test
    void levelTriggeredReportsADescriptorWhileItIsReady() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6101);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN);
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
        send(6101, 3);
        send(6101, 4);
        while (onLoop(() -> a.timerClient().get(x).impl.info(x, true).rxDatagrams()) < 2) {
            Thread.onSpinWait();
        }
        assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
        assertEquals(x, ev[0].fd());
        assertEquals(EPOLLIN, ev[0].events());
        assertEquals(3, a.tryRead(x, buf, 0, buf.length));
        // Still one datagram queued: reported again, without a new arrival.
        assertEquals(1, a.epollWait(ep, ev, ev.length, 0));
        assertEquals(x, ev[0].fd());
        assertEquals(4, a.tryRead(x, buf, 0, buf.length));
        assertEquals(Sockets.WOULD_BLOCK, a.tryRead(x, buf, 0, buf.length));
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0), "drained: no longer reported");
    }

    @Test
    void edgeTriggeredReportsOncePerNewReadinessEdge() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6102);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN | EPOLLET);
        send(6102, 1);
        assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
        assertEquals(x, ev[0].fd());
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0), "still readable, but no new edge");
        send(6102, 2);   // a new datagram: a new edge
        assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
        assertEquals(x, ev[0].fd());
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
        assertEquals(1, a.tryRead(x, buf, 0, buf.length));
        assertEquals(2, a.tryRead(x, buf, 0, buf.length));
        // Writability of a UDP socket holds from the start: one report at EPOLL_CTL_MOD, then none.
        a.epollCtl(ep, EPOLL_CTL_MOD, x, EPOLLOUT | EPOLLET);
        assertEquals(1, a.epollWait(ep, ev, ev.length, 0));
        assertEquals(EPOLLOUT, ev[0].events());
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
    }

    @Test
    void levelTriggeredWritableIsReportedEveryTimeAndOneShotOnce() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6103);
        int y = bound(6104);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLOUT);
        a.epollCtl(ep, EPOLL_CTL_ADD, y, EPOLLOUT | EPOLLONESHOT);
        assertEquals(2, a.epollWait(ep, ev, ev.length, 0));
        assertEquals(1, a.epollWait(ep, ev, ev.length, 0));
        assertEquals(x, ev[0].fd());
        assertEquals(1, a.epollWait(ep, ev, 1, 0), "maxEvents caps the answer");
        a.epollCtl(ep, EPOLL_CTL_MOD, y, EPOLLOUT | EPOLLONESHOT);   // re-armed
        assertEquals(2, a.epollWait(ep, ev, ev.length, 0));
    }

    @Test
    void aWaitingEpollWakesOnArrivalAndTimesOutWithZero() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6105);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN);
        long t0 = System.nanoTime();
        assertEquals(0, a.epollWait(ep, ev, ev.length, 80));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(75));
        CompletableFuture<Integer> waited = TwoHosts.async(() -> a.epollWait(ep, ev, ev.length, -1));
        net.awaitAliceWaitingMoreThan(0);
        send(6105, 5);
        assertEquals(1, waited.get(10, TimeUnit.SECONDS));
        assertEquals(x, ev[0].fd());
    }

    @Test
    void closingARegisteredDescriptorRemovesItFromTheSet() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6106);
        int y = bound(6107);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN);
        a.epollCtl(ep, EPOLL_CTL_ADD, y, EPOLLIN);
        send(6106, 1);
        assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
        a.close(x);   // ready and queued: it leaves the ready list too
        EpollImpl set = (EpollImpl) onLoop(() -> a.timerClient().get(ep).impl);
        assertEquals(1, (int) onLoop(set::registered));
        assertEquals(0, (int) onLoop(set::readyListLength));
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
        // The number is reused by a new socket, which is not in the set.
        int z = bound(6106);
        assertEquals(x, z);
        send(6106, 1);
        send(6107, 1);
        assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
        assertEquals(y, ev[0].fd());
        assertEquals(Errno.ENOENT.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_DEL, z, 0)));
    }

    @Test
    void closingTheSetWakesItsWaiterWithEbadfAndLeavesItsDescriptors() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6108);
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN);
        CompletableFuture<Integer> waited = TwoHosts.async(() -> a.epollWait(ep, ev, ev.length, -1));
        net.awaitAliceWaitingMoreThan(0);
        a.close(ep);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waited.get(10, TimeUnit.SECONDS));
        assertEquals(Errno.EBADF, assertInstanceOf(SocketException.class, e.getCause()).errno());
        assertEquals(0, (int) onLoop(() -> a.timerClient().get(x).epolls.size()));
        assertEquals(Errno.EBADF.ordinal(), errno(() -> a.epollWait(ep, ev, ev.length, 0)));
    }

    @Test
    void manyRegisteredDescriptorsAndOneBecomingReady() throws Exception {
        int ep = a.epollCreate();
        int[] fds = new int[1000];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = bound(7000 + i);
            a.epollCtl(ep, EPOLL_CTL_ADD, fds[i], EPOLLIN);
        }
        assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
        for (int k : new int[]{417, 3, 999}) {
            send(7000 + k, 8);
            assertEquals(1, a.epollWait(ep, ev, ev.length, 10_000));
            assertEquals(fds[k], ev[0].fd());
            assertEquals(8, a.tryRead(fds[k], buf, 0, buf.length));
            EpollImpl set = (EpollImpl) onLoop(() -> a.timerClient().get(ep).impl);
            assertTrue(onLoop(set::readyListLength) <= 1, "only the ready descriptor is on the ready list");
        }
    }

    @Test
    void errorsAndTheSetAsADescriptor() throws Exception {
        int ep = a.epollCreate();
        int x = bound(6109);
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollCtl(x, EPOLL_CTL_ADD, ep, EPOLLIN)), "not a set");
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_ADD, ep, EPOLLIN)), "itself");
        int ep2 = a.epollCreate();
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN)), "nesting");
        assertEquals(Errno.ENOENT.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_MOD, x, EPOLLIN)));
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollCtl(ep, 99, x, EPOLLIN)));
        a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN);
        assertEquals(Errno.EEXIST.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_ADD, x, EPOLLIN)));
        assertEquals(Errno.EBADF.ordinal(), errno(() -> a.epollCtl(ep, EPOLL_CTL_ADD, 900, EPOLLIN)));
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollWait(ep, ev, 0, 0)));
        assertEquals(Errno.EINVAL.ordinal(), errno(() -> a.epollWait(x, ev, 1, 0)));
        assertEquals(Errno.ENOTSOCK.ordinal(), errno(() -> a.sendto(ep, buf, 0, 1, alice(1))));
        assertTrue(a.tableText().contains("epoll"), a.tableText());
        // The set is pollable: POLLIN while a registered descriptor is ready.
        PollFd[] set = {PollFd.in(ep)};
        assertEquals(0, a.poll(set, 0));
        send(6109, 1);
        assertEquals(1, a.poll(set, 10_000));
        assertEquals(PollFd.POLLIN, set[0].revents());
    }
}
