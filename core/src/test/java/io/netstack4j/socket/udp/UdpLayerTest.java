package io.netstack4j.socket.udp;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.UdpRepr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.netstack4j.socket.udp.UdpFixture.BCAST;
import static io.netstack4j.socket.udp.UdpFixture.IP_A;
import static io.netstack4j.socket.udp.UdpFixture.IP_B;
import static io.netstack4j.socket.udp.UdpFixture.MS;
import static io.netstack4j.socket.udp.UdpFixture.Sum;
import static io.netstack4j.socket.udp.UdpFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UDP layer on a scripted stack: what goes out, what comes in, what is dropped and counted. */
class UdpLayerTest {
    private final UdpFixture h = new UdpFixture();

    @Test
    void sendToEmitsADatagramWithAVerifiedChecksum() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(Ipv4Address.ANY, 5000);
        assertEquals(5, e.sendTo(IP_B, 7, bytes("hello"), 0, 5, 10 * MS));
        UdpFixture.Sent s = h.take();
        assertEquals(10 * MS, s.now());
        UdpRepr udp = UdpFixture.parseUdp(s);   // parse verifies the checksum (RFC 768)
        assertEquals(new UdpRepr(5000, 7, 13), udp);
        byte[] p = s.payload();
        assertNotEquals(0, (p[6] & 0xFF) << 8 | (p[7] & 0xFF), "a checksum is always computed");
        assertArrayEquals(bytes("hello"), Arrays.copyOfRange(p, 8, 13));
        assertEquals(IP_A, s.ip().source());
        assertEquals(1, h.udp.stats().datagramsOut());
        assertEquals(5, h.udp.stats().bytesOut());
    }

    @Test
    void aDatagramForABoundPortIsQueuedWithItsAddresses() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(IP_A, 53);
        int[] ready = {0};
        e.onReadiness(() -> ready[0]++);
        h.fromB(40000, IP_A, 53, bytes("query"), Sum.COMPUTED, MS);
        assertEquals(1, ready[0]);
        assertTrue(e.readable());
        assertEquals(1, e.queuedDatagrams());
        assertEquals(5, e.queuedBytes());
        assertEquals(new UdpDatagram(IP_B, 40000, IP_A, 53, bytes("query")), e.receive());
        assertNull(e.receive());
        assertEquals(0, e.queuedBytes());
        assertEquals(1, h.udp.stats().datagramsIn());
        assertEquals(0, h.udp.stats().noChecksum());
    }

    @Test
    void aBadChecksumIsDroppedAndCountedWithoutAnIcmpError() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(Ipv4Address.ANY, 53);
        h.fromB(40000, IP_A, 53, bytes("query"), Sum.CORRUPT, MS);
        h.fromB(40000, IP_A, 54, bytes("query"), Sum.CORRUPT, MS);   // closed port too: still silent
        assertNull(e.receive());
        assertEquals(2, h.udp.stats().checksumErrors());
        assertEquals(2, h.udp.stats().drops().get(DropReason.BAD_CHECKSUM));
        assertEquals(0, h.udp.stats().datagramsIn());
        assertTrue(h.sent.isEmpty());
    }

    @Test
    void aZeroChecksumMeansNoneAndIsAccepted() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(Ipv4Address.ANY, 53);
        h.fromB(40000, IP_A, 53, bytes("no sum"), Sum.ZERO, MS);
        assertArrayEquals(bytes("no sum"), e.receive().data());
        assertEquals(1, h.udp.stats().noChecksum());
        assertEquals(0, h.udp.stats().checksumErrors());
    }

    @Test
    void aDatagramForAClosedPortGetsIcmpPortUnreachableQuotingIt() throws Exception {
        h.fromB(40000, IP_A, 9999, bytes("anyone?"), Sum.COMPUTED, 5 * MS);
        UdpFixture.Sent s = h.take();
        Ipv4Repr ip = s.ip();
        assertEquals(IpProtocol.ICMP, ip.protocol());
        assertEquals(IP_A, ip.source());
        assertEquals(IP_B, ip.destination());
        byte[] p = s.payload();
        IcmpRepr.DestinationUnreachable u = (IcmpRepr.DestinationUnreachable) IcmpRepr.parse(p, 0, p.length);
        assertEquals(IcmpRepr.CODE_PORT_UNREACHABLE, u.code());
        // The quote: the original IP header (from B to A), then the UDP header with our port.
        assertEquals(IP_B, Ipv4Address.read(u.quoted(), 12));
        assertEquals(9999, (u.quoted()[22] & 0xFF) << 8 | (u.quoted()[23] & 0xFF));
        assertEquals(1, h.udp.stats().noPort());
        assertEquals(1, h.udp.stats().portUnreachableSent());
    }

    @Test
    void aBroadcastForAClosedPortGetsNoIcmpError() {
        h.fromB(40000, BCAST, 9999, bytes("anyone?"), Sum.COMPUTED, MS);
        h.fromB(40000, Ipv4Address.BROADCAST, 9999, bytes("anyone?"), Sum.COMPUTED, MS);
        assertTrue(h.sent.isEmpty());
        assertEquals(2, h.udp.stats().noPort());
        assertEquals(0, h.udp.stats().portUnreachableSent());
        assertEquals(2, h.udp.stats().broadcastIn());
    }

    @Test
    void broadcastsGoToEndpointsBoundToAnyOnly() throws Exception {
        UdpEndpoint any = h.udp.open();
        any.bind(Ipv4Address.ANY, 67);
        UdpEndpoint specific = h.udp.open();
        specific.bind(IP_A, 68);
        h.fromB(68, BCAST, 67, bytes("discover"), Sum.COMPUTED, MS);
        h.fromB(68, Ipv4Address.BROADCAST, 67, bytes("again"), Sum.COMPUTED, MS);
        h.fromB(67, BCAST, 68, bytes("offer"), Sum.COMPUTED, MS);
        UdpDatagram d = any.receive();
        assertEquals(BCAST, d.destination());
        assertEquals(Ipv4Address.BROADCAST, any.receive().destination());
        assertNull(specific.receive());
        assertTrue(h.sent.isEmpty(), "no ICMP error about a broadcast");
    }

    @Test
    void aFullQueueDropsAndCountsByDatagramsAndByBytes() throws Exception {
        UdpFixture small = new UdpFixture(UdpConfig.DEFAULT.withReceiveQueue(2, 10));
        UdpEndpoint e = small.udp.open();
        e.bind(Ipv4Address.ANY, 53);
        small.fromB(1000, IP_A, 53, bytes("1234"), Sum.COMPUTED, MS);
        small.fromB(1000, IP_A, 53, bytes("1234567"), Sum.COMPUTED, MS);   // 11 bytes: over the byte limit
        small.fromB(1000, IP_A, 53, bytes("12"), Sum.COMPUTED, MS);
        small.fromB(1000, IP_A, 53, bytes(""), Sum.COMPUTED, MS);          // over the datagram limit
        assertEquals(2, e.queuedDatagrams());
        assertEquals(6, e.queuedBytes());
        assertEquals(2, e.drops());
        assertEquals(2, small.udp.stats().queueDrops());
        assertEquals(2, small.udp.stats().drops().get(DropReason.QUEUE_FULL));
        assertArrayEquals(bytes("1234"), e.receive().data());
        small.fromB(1000, IP_A, 53, bytes(""), Sum.COMPUTED, MS);          // room again
        assertEquals(2, e.queuedDatagrams());
        assertTrue(small.sent.isEmpty(), "a full queue is not a closed port");
    }

    @Test
    void aConnectedEndpointTakesDatagramsOnlyFromItsPeer() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.connect(IP_B, 53);
        assertEquals(IP_A, e.localAddress());
        int port = e.localPort();
        h.fromB(54, IP_A, port, bytes("stranger"), Sum.COMPUTED, MS);
        assertNull(e.receive());
        assertEquals(IpProtocol.ICMP, h.take().ip().protocol(), "as Linux: no socket matched");
        h.fromB(53, IP_A, port, bytes("peer"), Sum.COMPUTED, MS);
        assertArrayEquals(bytes("peer"), e.receive().data());
        e.connect(Ipv4Address.ANY, 0);   // dissolve
        assertEquals(Ipv4Address.ANY, e.localAddress());
        h.fromB(54, IP_A, port, bytes("anyone"), Sum.COMPUTED, MS);
        assertArrayEquals(bytes("anyone"), e.receive().data());
    }

    @Test
    void sendErrors() throws Exception {
        UdpEndpoint e = h.udp.open();
        SocketException big = assertThrows(SocketException.class,
                () -> e.sendTo(IP_B, 7, new byte[UdpLayer.MAX_PAYLOAD + 1], 0, UdpLayer.MAX_PAYLOAD + 1, 0));
        assertEquals(Errno.EMSGSIZE, big.errno());
        assertEquals(Errno.ENETUNREACH, assertThrows(SocketException.class,
                () -> e.sendTo(Ipv4Address.parse("203.0.113.7"), 7, new byte[1], 0, 1, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class,
                () -> e.sendTo(IP_B, 0, new byte[1], 0, 1, 0)).errno());
        assertEquals(Errno.EDESTADDRREQ, assertThrows(SocketException.class,
                () -> e.send(new byte[1], 0, 1, 0)).errno());
        assertTrue(h.sent.isEmpty());
        e.close();
        SocketException closed = assertThrows(SocketException.class, () -> e.sendTo(IP_B, 7, new byte[1], 0, 1, 0));
        assertEquals(Errno.EBADF, closed.errno());
        assertEquals("sendto: Bad file descriptor (EBADF) [endpoint closed]", closed.getMessage());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, e::receive).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> e.bind(Ipv4Address.ANY, 1)).errno());
    }

    @Test
    void largeDatagramsLeaveInFragmentsAndLoopbackDelivers() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(IP_A, 7000);
        byte[] data = new byte[4000];
        Arrays.fill(data, (byte) 0x5A);
        e.sendTo(IP_B, 7, data, 0, data.length, MS);
        assertEquals(3, h.sent.size(), "4008 bytes of UDP in 1480-byte fragments");
        assertTrue(h.take().ip().moreFragments());
        h.sent.clear();
        // To ourselves: through the stack's loopback queue, delivered at the next poll.
        e.sendTo(IP_A, 7000, data, 0, 100, MS);
        assertNull(e.receive());
        h.stack.poll(MS);
        UdpDatagram d = e.receive();
        assertEquals(100, d.length());
        assertEquals(7000, d.sourcePort());
        assertTrue(h.sent.isEmpty());
    }

    @Test
    void endpointsListsOpenOnes() throws Exception {
        UdpEndpoint a = h.udp.open();
        UdpEndpoint b = h.udp.open();
        b.bind(Ipv4Address.ANY, 0);
        assertEquals(java.util.List.of(a, b), h.udp.endpoints());
        assertEquals(b, h.udp.boundTo(IP_A, b.localPort()));
        a.close();
        b.close();
        assertTrue(h.udp.endpoints().isEmpty());
        assertNull(h.udp.boundTo(IP_A, b.localPort()));
    }

    @Test
    void sendingToABroadcastAddressLeavesAsALinkBroadcast() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(Ipv4Address.ANY, 68);
        e.sendTo(BCAST, 67, bytes("hi all"), 0, 6, MS);
        e.sendTo(Ipv4Address.BROADCAST, 67, bytes("hi all"), 0, 6, MS);
        for (int i = 0; i < 2; i++) {
            UdpFixture.Sent s = h.take();
            assertEquals(io.netstack4j.wire.MacAddress.BROADCAST, io.netstack4j.wire.MacAddress.read(s.bytes(), 0));
            assertEquals(IP_A, s.ip().source());
            assertEquals(new UdpRepr(68, 67, 14), UdpFixture.parseUdp(s));
        }
    }
}
