package io.netstack4j.api;

import io.netstack4j.socket.dns.HostsTable;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetStackSocketFactory}, {@link NetStackSocket} and {@link NetStackDns} from Alice to Bob on a
 * virtual LAN, in real time: what the JDK comparison ({@link NetStackSocketParityTest}) cannot show —
 * names resolved by the stack, the factory's overloads, IPv6 refused, bulk data.
 */
@Timeout(60)
class NetStackSocketTest {
    static final InetAddress BOB = NetStackDns.toInetAddress(null, TwoHosts.IP_BOB);
    static final InetAddress ALICE = NetStackDns.toInetAddress(null, TwoHosts.IP_ALICE);

    /** Bob echoes every connection on {@code port} until its FIN. */
    static TcpServerSocket echo(TwoHosts h, int port) throws Exception {
        TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(port), 8);
        Thread.ofVirtual().start(() -> {
            while (true) {
                TcpSocket c;
                try {
                    c = server.accept();
                } catch (Exception closed) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (c) {
                        c.getInputStream().transferTo(c.getOutputStream());
                    } catch (Exception e) {
                        // the test ended the connection
                    }
                });
            }
        });
        return server;
    }

    static Resolver bobTest(TwoHosts h) {
        return Resolver.builder(h.alice).hosts(HostsTable.EMPTY.with("bob.test", TwoHosts.IP_BOB)).build();
    }

    @Test
    void aMegabyteEchoedThroughAnOrdinarySocket() throws Exception {
        byte[] data = SocketsTcpTest.random(1 << 20, 7);
        try (TwoHosts h = new TwoHosts(); TcpServerSocket server = echo(h, 7)) {
            Socket s = new NetStackSocketFactory(h.alice).createSocket(BOB, 7);
            try (s) {
                assertInstanceOf(NetStackSocket.class, s);
                assertEquals("ESTABLISHED", ((NetStackSocket) s).info().state());
                OutputStream out = s.getOutputStream();
                CompletableFuture<Void> writer = TwoHosts.async(() -> {
                    out.write(data);
                    s.shutdownOutput();
                    return null;
                });
                byte[] back = s.getInputStream().readAllBytes();
                writer.get(30, TimeUnit.SECONDS);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                assertArrayEquals(md.digest(data), md.digest(back));
            }
            assertNull(((NetStackSocket) s).info(), "closed: no row in the socket table");
        }
    }

    @Test
    void namesAreResolvedByTheStack() throws Exception {
        try (TwoHosts h = new TwoHosts(); TcpServerSocket server = echo(h, 7); Resolver r = bobTest(h)) {
            NetStackSocketFactory f = new NetStackSocketFactory(h.alice, r);
            try (Socket s = f.createSocket("bob.test", 7)) {
                assertEquals(BOB, s.getInetAddress());
                assertEquals("bob.test", s.getInetAddress().getHostName());
                assertEquals(7, s.getPort());
                assertEquals(ALICE, s.getLocalAddress());
            }
            // An unresolved address given to connect, as code that builds its own addresses does.
            try (Socket s = f.createSocket()) {
                s.connect(InetSocketAddress.createUnresolved("bob.test", 7), 5000);
                s.getOutputStream().write(42);
                assertEquals(42, s.getInputStream().read());
            }
            Socket unknown = f.createSocket();
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> unknown.connect(InetSocketAddress.createUnresolved("nobody.test", 7)));
            assertTrue(e.getMessage().contains("nobody.test"), e.getMessage());
            assertInstanceOf(ResolverException.class, e.getCause());
            assertTrue(unknown.isClosed());
            assertThrows(UnknownHostException.class, () -> f.createSocket("nobody.test", 7));
        }
    }

    @Test
    void theDnsHookAnswersFromTheStacksResolver() throws Exception {
        try (TwoHosts h = new TwoHosts(); Resolver r = bobTest(h)) {
            NetStackDns dns = new NetStackDns(r);
            List<InetAddress> found = dns.lookup("bob.test");
            assertEquals(List.of(BOB), found);
            assertEquals("bob.test", found.getFirst().getHostName());
            assertEquals(List.of(ALICE), dns.lookup("198.51.100.1"));
            assertThrows(UnknownHostException.class, () -> dns.lookup("nobody.test"));
        }
    }

    @Test
    void withoutAResolverNamesFail() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            NetStackSocketFactory f = new NetStackSocketFactory(h.alice);
            UnknownHostException e = assertThrows(UnknownHostException.class, () -> f.createSocket("bob.test", 7));
            assertTrue(e.getMessage().contains("no resolver"), e.getMessage());
        }
    }

    @Test
    void ipv6IsAClearSocketException() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            NetStackSocketFactory f = new NetStackSocketFactory(h.alice);
            Socket s = f.createSocket();
            SocketException e = assertThrows(SocketException.class,
                    () -> s.connect(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 80)));
            assertTrue(e.getMessage().contains("IPv6"), e.getMessage());
            assertTrue(s.isClosed(), "a failed connect closes the socket, as java.net.Socket does");
            Socket b = f.createSocket();
            assertThrows(SocketException.class, () -> b.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
        }
    }

    @Test
    void bindThenConnectKeepsTheLocalPort() throws Exception {
        try (TwoHosts h = new TwoHosts(); TcpServerSocket server = echo(h, 7)) {
            NetStackSocketFactory f = new NetStackSocketFactory(h.alice);
            try (Socket s = f.createSocket(BOB, 7, ALICE, 40_001)) {
                assertTrue(s.isBound());
                assertEquals(40_001, s.getLocalPort());
                assertEquals(new InetSocketAddress(ALICE, 40_001), s.getLocalSocketAddress());
                assertEquals(new InetSocketAddress(BOB, 7), s.getRemoteSocketAddress());
            }
            try (Socket s = f.createSocket()) {
                s.bind(null);
                assertTrue(s.isBound());
                s.connect(new InetSocketAddress(BOB, 7));
                assertTrue(s.getLocalPort() > 0);
            }
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        try (TwoHosts h = new TwoHosts(); TcpServerSocket server = echo(h, 7)) {
            Socket s = new NetStackSocketFactory(h.alice).createSocket(BOB, 7);
            InputStream in = s.getInputStream();
            int before = h.aliceWaiting();
            CompletableFuture<Integer> read = TwoHosts.async(in::read);
            h.awaitAliceWaitingMoreThan(before);
            s.close();
            Exception e = assertThrows(Exception.class, () -> read.get(10, TimeUnit.SECONDS));
            assertInstanceOf(SocketException.class, e.getCause());
            assertEquals("Socket closed", e.getCause().getMessage());
        }
    }

    @Test
    void connectTimeoutToAnAbsentHost() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Socket s = new NetStackSocketFactory(h.alice).createSocket();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> s.connect(
                    new InetSocketAddress(NetStackDns.toInetAddress(null, Ipv4Address.parse("198.51.100.99")), 80), 200));
            assertEquals("Connect timed out", e.getMessage());
            assertTrue(s.isClosed());
        }
    }

    @Test
    void urgentDataIsNotSupported() throws Exception {
        try (TwoHosts h = new TwoHosts(); TcpServerSocket server = echo(h, 7)) {
            try (Socket s = new NetStackSocketFactory(h.alice).createSocket(BOB, 7)) {
                SocketException e = assertThrows(SocketException.class, () -> s.sendUrgentData(1));
                assertEquals("Urgent data not supported", e.getMessage());
                assertNotNull(s.toString());
            }
        }
    }
}
