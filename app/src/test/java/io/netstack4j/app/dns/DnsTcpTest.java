package io.netstack4j.app.dns;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS over TCP in process, in real time: a client host and a DNS server host (UDP and TCP on port
 * 53) on a virtual LAN. The resolver retries a truncated answer over TCP; the TCP server takes
 * several queries per connection, closes connections that send a bad length, idle too long or
 * exceed its bound, and keeps serving the others.
 */
@Timeout(60)
class DnsTcpTest {
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.53");
    static final int MANY = 40;
    static final long IDLE_MILLIS = 600;

    final NetStack client;
    final NetStack serverHost;
    final DnsTcpServer tcp;
    final DnsServerEndpoint udp;

    DnsTcpTest() throws Exception {
        VirtualLan lan = new VirtualLan(21);
        client = NetStack.builder(config("client", 1, "198.51.100.1/24"), lan.attach("client"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).start();
        serverHost = NetStack.builder(config("dns", 0x53, "198.51.100.53/24"), lan.attach("dns"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
        Zone.Builder zone = Zone.builder("example.test").a("www.example.test", "198.51.100.10");
        for (int i = 1; i <= MANY; i++) {
            zone.a("many.example.test", "203.0.113." + i);
        }
        DnsServer server = new DnsServer(zone.build());
        udp = serverHost.loop().submit(now -> DnsServerEndpoint.install(serverHost.stack(), serverHost.udp(),
                Ipv4Address.ANY, 53, server)).get();
        tcp = DnsTcpServer.start(serverHost, server, 53, DnsTcpServer.Config.DEFAULT.withMaxConnections(2)
                .withIdleTimeoutMillis(IDLE_MILLIS), null);
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    @AfterEach
    void close() {
        tcp.close();
        client.close();
        serverHost.close();
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcpAndAllRecordsCome() throws Exception {
        try (Resolver r = Resolver.create(client, SERVER)) {
            DnsResult res = r.lookup("many.example.test");
            assertEquals(MANY, res.addresses().size(), res.addresses().toString());
            assertEquals(Ipv4Address.parse("203.0.113.1"), res.addresses().getFirst());
            assertEquals(Ipv4Address.parse("203.0.113." + MANY), res.addresses().getLast());
            assertTrue(res.overTcp());
            assertFalse(res.truncated());
            assertTrue(res.authoritative());
            assertEquals(2, res.queries(), "one over UDP (truncated), one over TCP");
            assertEquals(1, r.stats().truncated());
            assertEquals(1, r.stats().tcpQueries());
            assertEquals(0, r.stats().tcpFailures());
            // A short answer stays on UDP.
            DnsResult www = r.lookup("www.example.test");
            assertFalse(www.overTcp());
            assertEquals(1, www.queries());
        }
        assertEquals(1, serverStats().truncated(), "the UDP answer was cut to the question with TC");
        assertEquals(1, tcp.stats().queries());
    }

    @Test
    void twoQueriesOnOneConnectionPipelinedAndThenOneAfterTheOther() throws Exception {
        Sockets s = client.sockets();
        int fd = connect(s);
        // Two queries in one write, without waiting (RFC 7766 §6.2.1.1): answered in order.
        byte[] both = concat(framed(query(0x1111, "many.example.test")), framed(query(0x2222, "www.example.test")));
        s.write(fd, both, 0, both.length);
        DnsMessage first = readAnswer(s, fd);
        DnsMessage second = readAnswer(s, fd);
        assertEquals(0x1111, first.id());
        assertEquals(MANY, first.answers().size());
        assertFalse(first.isTruncated());
        assertEquals(0x2222, second.id());
        assertEquals(1, second.answers().size());
        // A third on the same connection after the answers.
        byte[] third = framed(query(0x3333, "nobody.example.test"));
        s.write(fd, third, 0, third.length);
        DnsMessage nx = readAnswer(s, fd);
        assertEquals(0x3333, nx.id());
        assertEquals(DnsRcode.NXDOMAIN, nx.rcode());
        // The client closes its side: the server ends the connection too.
        s.shutdown(fd, Sockets.SHUT_WR);
        assertEquals(0, s.read(fd, new byte[16], 0, 16));
        s.close(fd);
        assertEquals(3, tcp.stats().queries());
        assertTrue(waitFor(() -> tcp.activeConnections() == 0));
    }

    @Test
    void aBadLengthClosesTheConnectionAndTheServerKeepsServing() throws Exception {
        Sockets s = client.sockets();
        // Shorter than a DNS header.
        int a = connect(s);
        byte[] tiny = {0, 5, 1, 2, 3, 4, 5};
        s.write(a, tiny, 0, tiny.length);
        assertClosedByServer(s, a);
        // Longer than any query the server takes (60,000 > 4,096), though a valid prefix.
        int b = connect(s);
        byte[] huge = {(byte) 0xEA, 0x60, 0, 0, 0, 0};
        s.write(b, huge, 0, huge.length);
        assertClosedByServer(s, b);
        // A message that is a response, not a query.
        int c = connect(s);
        DnsMessage q = query(7, "www.example.test");
        byte[] notQuery = framed(q.response(DnsRcode.NOERROR, false, java.util.List.of(), java.util.List.of()));
        s.write(c, notQuery, 0, notQuery.length);
        assertClosedByServer(s, c);
        assertEquals(2, tcp.stats().badLength());
        assertEquals(1, tcp.stats().notQuery());
        // Still serving, over TCP and UDP.
        int d = connect(s);
        byte[] ok = framed(query(0x4444, "www.example.test"));
        s.write(d, ok, 0, ok.length);
        assertEquals(0x4444, readAnswer(s, d).id());
        s.close(d);
        try (Resolver r = Resolver.create(client, SERVER)) {
            assertEquals(MANY, r.resolve("many.example.test").size());
        }
    }

    @Test
    void anIdleConnectionAndAHalfSentMessageAreClosed() throws Exception {
        Sockets s = client.sockets();
        int idle = connect(s);
        long t0 = System.nanoTime();
        assertClosedByServer(s, idle);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(took >= IDLE_MILLIS - 100 && took < IDLE_MILLIS + 3_000, "closed after " + took + " ms");
        // A length and part of the message, then silence.
        int partial = connect(s);
        byte[] q = framed(query(9, "www.example.test"));
        s.write(partial, q, 0, 7);
        assertClosedByServer(s, partial);
        assertTrue(waitFor(() -> tcp.stats().idleClosed() == 2), tcp.stats().toString());
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtOnce() throws Exception {
        Sockets s = client.sockets();
        int a = connect(s);
        int b = connect(s);
        for (int fd : new int[] {a, b}) {   // both are being served
            byte[] q = framed(query(fd, "www.example.test"));
            s.write(fd, q, 0, q.length);
            assertEquals(fd, readAnswer(s, fd).id());
        }
        int c = connect(s);
        assertClosedByServer(s, c);
        assertEquals(1, tcp.stats().refused());
        s.close(a);
        s.close(b);
        assertTrue(waitFor(() -> tcp.activeConnections() == 0));
        int d = connect(s);
        byte[] q = framed(query(0x5555, "www.example.test"));
        s.write(d, q, 0, q.length);
        assertEquals(0x5555, readAnswer(s, d).id(), "a slot is free again");
        s.close(d);
    }

    // ---- helpers ----

    private DnsServer.Stats serverStats() throws Exception {
        return serverHost.loop().submit(now -> udp.server().stats()).get();
    }

    static int connect(Sockets s) throws SocketException {
        int fd = s.socket(SocketType.STREAM);
        s.connect(fd, new SocketAddress4(SERVER, 53), 5_000);
        s.setReceiveTimeout(fd, 5_000);
        return fd;
    }

    static DnsMessage query(int id, String name) {
        return DnsMessage.query(id, DnsName.of(name), DnsType.A);
    }

    static byte[] framed(DnsMessage m) {
        byte[] b = m.toBytes();
        byte[] out = new byte[2 + b.length];
        Bytes.put16(out, 0, b.length);
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void readFully(Sockets s, int fd, byte[] b) throws SocketException {
        for (int have = 0; have < b.length; ) {
            int n = s.read(fd, b, have, b.length - have);
            if (n == 0) {
                throw new AssertionError("end of stream after " + have + " of " + b.length + " octets");
            }
            have += n;
        }
    }

    static DnsMessage readAnswer(Sockets s, int fd) throws SocketException, MalformedPacketException {
        byte[] prefix = new byte[2];
        readFully(s, fd, prefix);
        byte[] m = new byte[Bytes.u16(prefix, 0)];
        readFully(s, fd, m);
        DnsMessage r = DnsMessage.parse(m, 0, m.length);
        assertTrue(r.isResponse());
        return r;
    }

    /** The server closed the connection: end of stream (or a reset), within the read timeout. */
    static void assertClosedByServer(Sockets s, int fd) throws SocketException {
        try {
            int n = s.read(fd, new byte[64], 0, 64);
            assertEquals(0, n, "the server should have closed the connection");
        } catch (SocketException e) {
            assertEquals(Errno.ECONNRESET, e.errno(), e.getMessage());
        }
        s.close(fd);
    }

    static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
