package io.netstack4j.api;

import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.TwoHosts.alice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls that wait with a deadline leave the deadline structure as soon as they complete. */
@Timeout(60)
class DeadlinesTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    private int waiting() throws Exception {
        return net.aliceWaiting();
    }

    private int timed() throws Exception {
        return net.alice.loop().submit(now -> a.timerClient().timedCount()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void completedWaitsWithAnHourLongTimeoutAreNotKept() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(7001));
        a.setReceiveTimeout(fd, TimeUnit.HOURS.toMillis(1));
        int poller = a.socket(SocketType.DGRAM);
        a.bind(poller, SocketAddress4.any(7002));
        int sender = b.socket(SocketType.DGRAM);
        byte[] buf = new byte[16];
        // One call that stays waiting, with an earlier deadline than the others (30 min): it heads
        // the deadline order all along, as an idle socket's receive would.
        int idle = a.socket(SocketType.DGRAM);
        a.bind(idle, SocketAddress4.any(7009));
        a.setReceiveTimeout(idle, TimeUnit.MINUTES.toMillis(30));
        CompletableFuture<RecvResult> idleCall = TwoHosts.async(() -> a.recvfrom(idle, new byte[1], 0, 1));
        net.awaitAliceWaitingMoreThan(0);
        for (int i = 0; i < 50; i++) {
            // A blocking recv (SO_RCVTIMEO = 1 h) that waits, then finds a datagram.
            CompletableFuture<RecvResult> r = TwoHosts.async(() -> a.recvfrom(fd, buf, 0, buf.length));
            net.awaitAliceWaitingMoreThan(1);
            b.sendto(sender, new byte[]{1}, 0, 1, alice(7001));
            assertEquals(1, r.get(10, TimeUnit.SECONDS).length());
            // A poll with a 1 h timeout that waits, then sees readiness.
            PollFd[] set = {PollFd.in(poller)};
            CompletableFuture<Integer> p = TwoHosts.async(() -> a.poll(set, TimeUnit.HOURS.toMillis(1)));
            net.awaitAliceWaitingMoreThan(1);
            b.sendto(sender, new byte[]{2}, 0, 1, alice(7002));
            assertEquals(1, p.get(10, TimeUnit.SECONDS));
            assertEquals(1, a.read(poller, buf, 0, buf.length));
        }
        assertEquals(1, waiting());
        assertEquals(1, timed(), "completed calls (and their results) are held until their deadline");
        a.close(idle);
        assertEquals(io.netstack4j.socket.Errno.EBADF, org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> idleCall.get(10, TimeUnit.SECONDS))
                .getCause() instanceof SocketException se ? se.errno() : null);
        assertEquals(0, waiting());
        assertEquals(0, timed());
    }

    @Test
    void aTimedOutCallLeavesTooAndTheNextDeadlineIsRight() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.bind(fd, SocketAddress4.any(7003));
        a.setReceiveTimeout(fd, 30);
        byte[] buf = new byte[4];
        for (int i = 0; i < 3; i++) {
            SocketException e = org.junit.jupiter.api.Assertions.assertThrows(SocketException.class,
                    () -> a.recvfrom(fd, buf, 0, buf.length));
            assertEquals(io.netstack4j.socket.Errno.ETIMEDOUT, e.errno());
        }
        assertEquals(0, timed());
    }
}
