package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The batch send ({@link Sockets#sendmmsg}, {@link UdpSocket#send(SocketAddress4, List)}): every
 * element one datagram, in order, in one call; at most {@link Sockets#MAX_BATCH}; a failure of the
 * first is thrown, a later one ends the batch early (as Linux's sendmmsg).
 */
@Timeout(30)
class SocketsBatchSendTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    private static List<byte[]> numbered(int from, int to) {
        List<byte[]> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
        return l;
    }

    /** Receives until {@code n} datagrams came (each wait bounded), as text. */
    private static List<String> receive(UdpSocket s, int n) throws SocketException {
        List<UdpDatagram> got = new ArrayList<>();
        while (got.size() < n) {
            s.receive(got, n - got.size(), Duration.ofSeconds(10));
        }
        return got.stream().map(d -> new String(d.data(), StandardCharsets.US_ASCII)).toList();
    }

    private static List<String> texts(int from, int to) {
        return numbered(from, to).stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    @Test
    void sendsEveryElementAsOneDatagramInOrder() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.bind(net.alice, SocketAddress4.any(5000))) {
            assertEquals(10, client.send(bob(7), numbered(0, 10)));
            assertEquals(texts(0, 10), receive(server, 10));
            List<UdpDatagram> one = new ArrayList<>();
            client.send(bob(7), List.of(new byte[0]));   // an empty datagram is a datagram
            server.receive(one, 8, Duration.ofSeconds(10));
            assertEquals(0, one.getFirst().length());
            assertEquals(5000, one.getFirst().sourcePort());
        }
    }

    @Test
    void aConnectedSocketSendsToItsPeer() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.open(net.alice)) {
            assertEquals(Errno.EDESTADDRREQ, assertThrows(SocketException.class,
                    () -> client.send(numbered(0, 3))).errno());
            client.connect(bob(7));
            assertEquals(3, client.send(numbered(0, 3)));
            assertEquals(texts(0, 3), receive(server, 3));
        }
    }

    @Test
    void atMostMaxBatchPerCall() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.open(net.alice)) {
            client.send(bob(7), "arp".getBytes(StandardCharsets.US_ASCII));   // resolve Bob's MAC first
            receive(server, 1);
            List<byte[]> many = numbered(0, Sockets.MAX_BATCH + 476);
            assertEquals(Sockets.MAX_BATCH, client.send(bob(7), many));
            assertEquals(texts(0, Sockets.MAX_BATCH), receive(server, Sockets.MAX_BATCH));
        }
    }

    @Test
    void aFailureAfterTheFirstEndsTheBatchAndTheNextCallReportsIt() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        byte[] tooLarge = new byte[UdpLayer.MAX_PAYLOAD + 1];
        List<byte[]> batch = new ArrayList<>(numbered(0, 2));
        batch.add(tooLarge);
        batch.addAll(numbered(2, 4));
        assertEquals(2, a.sendmmsg(fd, batch, bob(7)));
        SocketException e = assertThrows(SocketException.class,
                () -> a.sendmmsg(fd, batch.subList(2, batch.size()), bob(7)));
        assertEquals(Errno.EMSGSIZE, e.errno());
        assertEquals("sendmmsg", e.call());
    }

    @Test
    void badCalls() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class,
                () -> a.sendmmsg(fd, List.of(), bob(7))).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class,
                () -> a.sendmmsg(99, numbered(0, 1), bob(7))).errno());
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class,
                () -> a.sendmmsg(fd, numbered(0, 1), bob(0))).errno(), "port 0");
        assertThrows(NullPointerException.class, () -> a.sendmmsg(fd, Arrays.asList(new byte[1], null), bob(7)));
    }

    @Test
    void aPendingIcmpErrorIsReportedByTheBatch() throws Exception {
        int fd = a.socket(SocketType.DGRAM);
        a.connect(fd, bob(9));   // nobody listens: Bob answers ICMP port unreachable
        a.write(fd, new byte[4], 0, 4);
        PollFd[] set = {PollFd.in(fd)};
        assertEquals(1, a.poll(set, 10_000));
        SocketException e = assertThrows(SocketException.class, () -> a.sendmmsg(fd, numbered(0, 3), null));
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertEquals("sendmmsg: Connection refused (ECONNREFUSED)", e.getMessage());
        assertEquals(3, a.sendmmsg(fd, numbered(0, 3), null), "reported once");
    }
}
