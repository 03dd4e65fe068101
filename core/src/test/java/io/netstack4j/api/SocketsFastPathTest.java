package io.netstack4j.api;

import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.TwoHosts.alice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls that complete on the caller's thread from published state (no task to the loop, counted by
 * {@link StackLoop#postedTasks()}), "would block" as a value, and a cheap EAGAIN; poll wakes without
 * rescanning its set.
 */
@Timeout(30)
class SocketsFastPathTest {
    private final TwoHosts net = new TwoHosts(1024);
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();
    private final StackLoop loop = net.alice.loop();
    private final byte[] buf = new byte[64];

    @AfterEach
    void close() {
        net.close();
    }

    private int bound(int port) throws SocketException {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(port));
        return fd;
    }

    @Test
    void aNonBlockingReceiveThatFindsNothingPostsNoTask() throws Exception {
        int fd = bound(6201);
        a.setBlocking(fd, false);
        long posted = loop.postedTasks();
        for (int i = 0; i < 1_000; i++) {
            WouldBlockException e = assertThrows(WouldBlockException.class, () -> a.recvfrom(fd, buf, 0, buf.length));
            assertEquals(Errno.EAGAIN, e.errno());
            assertEquals(0, e.getStackTrace().length, "EAGAIN is built without a stack trace");
            assertThrows(WouldBlockException.class, () -> a.read(fd, buf, 0, buf.length));
            assertEquals(Sockets.WOULD_BLOCK, a.tryRead(fd, buf, 0, buf.length));
            assertNull(a.tryRecvfrom(fd, buf, 0, buf.length));
        }
        assertEquals(posted, loop.postedTasks(), "no call went to the loop");
        assertEquals("recvfrom: Resource temporarily unavailable (EAGAIN) [fd 3 is non-blocking]",
                assertThrows(SocketException.class, () -> a.recvfrom(fd, buf, 0, buf.length)).getMessage());
    }

    @Test
    void tryCallsNeverWaitEvenOnABlockingDescriptorAndFindDataWhenItIsThere() throws Exception {
        int fd = bound(6202);   // blocking
        long posted = loop.postedTasks();
        assertEquals(Sockets.WOULD_BLOCK, a.tryRead(fd, buf, 0, buf.length));
        assertEquals(posted, loop.postedTasks());
        int s = b.socket(SocketType.DGRAM);
        b.sendto(s, "hello".getBytes(), 0, 5, alice(6202));
        b.sendto(s, "again".getBytes(), 0, 5, alice(6202));
        assertEquals(1, a.poll(new PollFd[]{PollFd.in(fd)}, 10_000));
        assertEquals(5, a.tryRead(fd, buf, 0, buf.length));
        while (a.tryRecvfrom(fd, buf, 0, buf.length) instanceof RecvResult r ? false : true) {
            Thread.onSpinWait();   // the second datagram may still be on its way
        }
        assertEquals(Sockets.WOULD_BLOCK, a.tryRead(fd, buf, 0, buf.length));
        int out = bound(6203);
        assertEquals(Errno.EDESTADDRREQ, assertThrows(SocketException.class, () -> a.tryWrite(out, buf, 0, 3)).errno(),
                "errors other than would-block are still thrown");
        assertEquals(3, a.trySendto(out, buf, 0, 3, TwoHosts.bob(9)));
    }

    @Test
    void aPollThatFindsAReadyDescriptorPostsNoTask() throws Exception {
        int x = bound(6204);
        int y = bound(6205);
        int s = b.socket(SocketType.DGRAM);
        b.sendto(s, new byte[1], 0, 1, alice(6205));
        PollFd[] in = {PollFd.in(x), PollFd.in(y)};
        assertEquals(1, a.poll(in, 10_000));   // may wait on the loop for the datagram
        long posted = loop.postedTasks();
        for (int i = 0; i < 1_000; i++) {
            assertEquals(1, a.poll(in, -1));
            assertEquals(0, in[0].revents());
            assertEquals(PollFd.POLLIN, in[1].revents());
            PollFd[] out = {PollFd.out(x), PollFd.in(77)};
            assertEquals(2, a.poll(out, -1));
            assertEquals(PollFd.POLLNVAL, out[1].revents());
            assertEquals(0, a.poll(new PollFd[]{PollFd.in(x)}, 0), "nothing ready and no wait: answered here too");
        }
        assertEquals(posted, loop.postedTasks(), "no poll went to the loop");
    }

    @Test
    void closedDescriptorsAndAnIdleEpollWaitPostNoTask() throws Exception {
        int x = bound(6206);
        int ep = a.epollCreate();
        a.epollCtl(ep, EpollEvent.EPOLL_CTL_ADD, x, EpollEvent.EPOLLIN);
        a.close(x);
        EpollEvent[] ev = EpollEvent.array(4);
        long posted = loop.postedTasks();
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> a.tryRead(x, buf, 0, 1)).errno());
            assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> a.recvfrom(x, buf, 0, 1)).errno());
            assertEquals(0, a.epollWait(ep, ev, ev.length, 0));
        }
        assertEquals(posted, loop.postedTasks());
    }

    @Test
    void aWaitingPollLooksOnlyAtTheDescriptorThatBecameReady() throws Exception {
        int n = 500;
        PollFd[] set = new PollFd[n];
        for (int i = 0; i < n; i++) {
            set[i] = PollFd.in(bound(8000 + i));
        }
        Waiter.Poll[] waiter = new Waiter.Poll[1];
        CompletableFuture<Integer> polled = TwoHosts.async(() -> a.poll(set, -1));
        // The waiter, found through a descriptor's watches once it has registered.
        while (waiter[0] == null) {
            waiter[0] = loop.submit(now -> {
                Descriptor d = a.timerClient().get(set[n - 1].fd());
                return d.watches.isEmpty() ? null : (Waiter.Poll) d.watches.getFirst().waiter();
            }).get(5, TimeUnit.SECONDS);
        }
        int s = b.socket(SocketType.DGRAM);
        b.sendto(s, new byte[1], 0, 1, alice(8000 + 321));
        assertEquals(1, polled.get(10, TimeUnit.SECONDS));
        assertEquals(PollFd.POLLIN, set[321].revents());
        assertEquals(1, (int) loop.submit(now -> waiter[0].checks).get(5, TimeUnit.SECONDS),
                "one readiness change, one descriptor looked at (not " + n + ")");
        assertEquals(0, net.aliceWaiting());
        assertInstanceOf(Integer.class, polled.get());
        assertTrue(polled.isDone());
    }
}
