package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.api.TwoHosts.alice;
import static io.netstack4j.api.TwoHosts.bob;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An echo exchange through the descriptor API and the UdpSocket handle; the socket table. */
@Timeout(30)
class SocketsEchoTest {
    private final TwoHosts net = new TwoHosts();
    private final Sockets a = net.alice.sockets();
    private final Sockets b = net.bob.sockets();

    @AfterEach
    void close() {
        net.close();
    }

    /** Bob echoes {@code count} datagrams back to their senders on a virtual thread. */
    private CompletableFuture<Integer> echoServer(int fd, int count) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                for (int i = 0; i < count; i++) {
                    RecvResult r = b.recvfrom(fd, buf, 0, buf.length);
                    b.sendto(fd, buf, 0, r.length(), r.from());
                }
                done.complete(count);
            } catch (SocketException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @Test
    void echoThroughDescriptors() throws Exception {
        int server = b.socket(SocketType.DGRAM);
        b.bind(server, SocketAddress4.any(7));
        int n = 20;
        CompletableFuture<Integer> served = echoServer(server, n);
        int client = a.socket(SocketType.DGRAM);
        a.connect(client, bob(7));
        a.setReceiveTimeout(client, 5_000);
        byte[] in = new byte[2048];
        for (int i = 0; i < n; i++) {
            byte[] msg = ("datagram " + i + " " + "x".repeat(i * 50)).getBytes(StandardCharsets.US_ASCII);
            assertEquals(msg.length, a.write(client, msg, 0, msg.length));
            int len = a.read(client, in, 0, in.length);
            assertArrayEquals(msg, java.util.Arrays.copyOf(in, len));
        }
        assertEquals(n, served.get(10, TimeUnit.SECONDS));
        // A short buffer truncates the datagram, the rest is discarded.
        CompletableFuture<Integer> one = echoServer(server, 1);
        a.write(client, "0123456789".getBytes(), 0, 10);
        RecvResult r = a.recvfrom(client, in, 0, 4);
        assertEquals(new RecvResult(4, bob(7)), r);
        assertEquals("0123", new String(in, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, one.get(10, TimeUnit.SECONDS));
    }

    @Test
    void echoThroughUdpSockets() throws Exception {
        try (UdpSocket server = UdpSocket.bind(net.bob, SocketAddress4.any(7));
             UdpSocket client = UdpSocket.open(net.alice)) {
            CompletableFuture<Integer> served = echoServer(server.fd(), 3);
            for (String s : List.of("one", "two", "three")) {
                client.send(bob(7), s.getBytes());
                UdpDatagram d = client.receive(Duration.ofSeconds(5));
                assertEquals(s, new String(d.data()));
                assertEquals(TwoHosts.IP_BOB, d.source());
                assertEquals(7, d.sourcePort());
                assertEquals(client.localAddress().port(), d.destinationPort());
            }
            assertEquals(3, served.get(10, TimeUnit.SECONDS));
            assertEquals(Errno.ETIMEDOUT, assertThrows(SocketException.class,
                    () -> client.receive(Duration.ofMillis(50))).errno());
            assertEquals(Errno.EAGAIN, assertThrows(SocketException.class,
                    () -> client.receive(Duration.ZERO)).errno());
            assertNull(client.remoteAddress());
            client.close();
            client.close();   // the handle's close is idempotent
            assertTrue(client.isClosed());
            assertEquals(Errno.EBADF, assertThrows(SocketException.class,
                    () -> client.send(bob(7), new byte[1])).errno());
        }
    }

    @Test
    void theSocketTableShowsEachSocketsControlInformation() throws Exception {
        int unbound = a.socket(SocketType.DGRAM);
        int server = a.socket(SocketType.DGRAM);
        a.bind(server, SocketAddress4.any(53));
        int client = a.socket(SocketType.DGRAM);
        a.connect(client, bob(7));
        a.setBlocking(client, false);
        int sender = b.socket(SocketType.DGRAM);
        b.sendto(sender, new byte[100], 0, 100, alice(53));
        PollFd[] set = {PollFd.in(server)};
        assertEquals(1, a.poll(set, 10_000));

        List<SocketInfo> t = a.table();
        assertEquals(3, t.size());
        int cap = net.alice.udp().config().receiveQueueBytes();
        assertEquals(new SocketInfo(unbound, "udp", SocketAddress4.ANY, null, "UNBOUND", 0, cap, 0, 0, 0, true), t.get(0));
        assertEquals(new SocketInfo(server, "udp", SocketAddress4.any(53), null, "BOUND", 100, cap, 1, 0, 0, true), t.get(1));
        SocketInfo c = t.get(2);
        assertEquals(client, c.fd());
        assertEquals("CONNECTED", c.state());
        assertEquals(TwoHosts.IP_ALICE, c.local().address());
        assertEquals(bob(7), c.remote());
        assertEquals(false, c.blocking());
        String text = a.tableText();
        assertTrue(text.startsWith(SocketInfo.HEADER), text);
        assertTrue(text.contains("0.0.0.0:53"), text);
        assertTrue(text.contains("100/" + cap), text);
        assertTrue(text.contains("198.51.100.2:7"), text);
        a.close(unbound);
        assertEquals(List.of(server, client), a.table().stream().map(SocketInfo::fd).toList());
    }
}
