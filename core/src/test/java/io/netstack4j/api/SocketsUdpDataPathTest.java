package io.netstack4j.api;

import io.netstack4j.runtime.StackLoop;
import io.netstack4j.wire.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.netstack4j.api.TwoHosts.alice;
import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UDP's data path without round trips: a datagram already queued is taken on the caller's thread,
 * and a datagram to a destination the socket has sent to is handed to the loop through the socket's
 * send ring — neither posts a task ({@link StackLoop#postedTasks()}), and nothing is lost, doubled or
 * reordered on the way.
 */
@Timeout(60)
class SocketsUdpDataPathTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    private static int rxDatagrams(Sockets s, int fd) {
        return s.table().stream().filter(i -> i.fd() == fd).findFirst().orElseThrow().rxDatagrams();
    }

    private static void awaitQueued(Sockets s, int fd, int n) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (rxDatagrams(s, fd) < n) {
            assertTrue(System.nanoTime() < end, "only " + rxDatagrams(s, fd) + " of " + n + " datagrams arrived");
            Thread.sleep(1);
        }
    }

    @Test
    void datagramsAlreadyQueuedAreTakenOnTheCallersThreadInOrder() throws Exception {
        int rx = a.socket(SocketType.DGRAM);
        a.bind(rx, SocketAddress4.any(6300));
        int tx = b.socket(SocketType.DGRAM);
        byte[] msg = new byte[4];
        for (int i = 0; i < 500; i++) {
            Bytes.put32(msg, 0, i);
            b.sendto(tx, msg, 0, 4, alice(6300));
        }
        awaitQueued(a, rx, 500);
        StackLoop loop = net.alice.loop();
        long posted = loop.postedTasks();
        byte[] got = new byte[16];
        for (int i = 0; i < 500; i++) {
            RecvResult r = i % 2 == 0 ? a.recvfrom(rx, got, 0, got.length) : new RecvResult(a.read(rx, got, 0, 16), null);
            assertEquals(4, r.length());
            assertEquals(i, Bytes.u32(got, 0));
            if (r.from() != null) {
                assertEquals(TwoHosts.IP_BOB, r.from().address());
            }
        }
        assertEquals(posted, loop.postedTasks(), "no receive went to the loop");
    }

    @Test
    void aBatchReceiveTakesWhatIsQueuedOnTheCallersThread() throws Exception {
        int rx = a.socket(SocketType.DGRAM);
        a.bind(rx, SocketAddress4.any(6303));
        int tx = b.socket(SocketType.DGRAM);
        byte[] msg = new byte[4];
        for (int i = 0; i < 100; i++) {
            Bytes.put32(msg, 0, i);
            b.sendto(tx, msg, 0, 4, alice(6303));
        }
        awaitQueued(a, rx, 100);
        StackLoop loop = net.alice.loop();
        long posted = loop.postedTasks();
        java.util.List<io.netstack4j.socket.udp.UdpDatagram> got = new java.util.ArrayList<>();
        assertEquals(64, a.recvmmsg(rx, got, 64));
        assertEquals(36, a.recvmmsg(rx, got, 64));
        assertEquals(posted, loop.postedTasks(), "no batch went to the loop");
        for (int i = 0; i < 100; i++) {
            assertEquals(i, Bytes.u32(got.get(i).data(), 0));
        }
    }

    @Test
    void sendsAfterTheFirstGoThroughTheSendRingWithoutATaskAndArriveInOrder() throws Exception {
        int rx = b.socket(SocketType.DGRAM);
        b.bind(rx, SocketAddress4.any(6301));
        int tx = a.socket(SocketType.DGRAM);
        StackLoop loop = net.alice.loop();
        byte[] msg = new byte[100];
        // One datagram first, and its arrival awaited: ARP has resolved Bob before the burst (else
        // the burst would fill ARP's queue of datagrams waiting for the answer, ENOBUFS).
        Bytes.put32(msg, 0, -1);
        a.sendto(tx, msg, 0, msg.length, bob(6301));
        awaitQueued(b, rx, 1);
        byte[] got = new byte[200];
        assertEquals(100, b.read(rx, got, 0, got.length));
        int n = 600;   // below Bob's receive queue (1024 datagrams, 256 KiB)
        long posted = loop.postedTasks();
        for (int i = 0; i < n; i++) {
            Bytes.put32(msg, 0, i);
            assertEquals(100, a.sendto(tx, msg, 0, msg.length, bob(6301)));
        }
        long viaLoop = loop.postedTasks() - posted;
        // A send finds the ring full only when the loop falls behind; it then waits its turn on the loop.
        assertTrue(viaLoop < n / 10, viaLoop + " of " + n + " sends posted a task");
        awaitQueued(b, rx, n);
        for (int i = 0; i < n; i++) {
            assertEquals(100, b.read(rx, got, 0, got.length));
            assertEquals(i, Bytes.u32(got, 0), "datagram " + i + " out of order");
        }
        b.setBlocking(rx, false);
        assertEquals(Sockets.WOULD_BLOCK, b.tryRead(rx, got, 0, got.length), "no datagram doubled");
    }

    @Test
    void closingASocketSendsWhatItsRingHeld() throws Exception {
        int rx = b.socket(SocketType.DGRAM);
        b.bind(rx, SocketAddress4.any(6302));
        int tx = a.socket(SocketType.DGRAM);
        a.connect(tx, bob(6302));
        byte[] msg = new byte[8];
        for (int i = 0; i < 200; i++) {
            Bytes.put32(msg, 0, i);
            a.write(tx, msg, 0, msg.length);
        }
        a.close(tx);
        awaitQueued(b, rx, 200);
    }
}
