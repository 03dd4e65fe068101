package io.netstack4j.socket.udp;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.udp.UdpFixture.IP_A;
import static io.netstack4j.socket.udp.UdpFixture.IP_B;
import static io.netstack4j.socket.udp.UdpFixture.MS;
import static io.netstack4j.socket.udp.UdpFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ICMP errors about datagrams we sent reach the endpoint that sent them, as on Linux. */
class UdpIcmpErrorTest {
    private final UdpFixture h = new UdpFixture();

    @Test
    void portUnreachableBecomesEconnrefusedOnAConnectedEndpointsNextCall() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.connect(IP_B, 53);
        int[] ready = {0};
        e.onReadiness(() -> ready[0]++);
        e.send(bytes("q1"), 0, 2, MS);
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, h.take().datagram(), 2 * MS);
        assertEquals(1, ready[0], "the error wakes the owner");
        assertTrue(e.readable());
        assertEquals(Errno.ECONNREFUSED, e.pendingError());
        SocketException x = assertThrows(SocketException.class, e::receive);
        assertEquals(Errno.ECONNREFUSED, x.errno());
        assertEquals("recvfrom: Connection refused (ECONNREFUSED)", x.getMessage());
        // Reported once, then cleared (Linux's sock_error).
        assertNull(e.pendingError());
        assertNull(e.receive());
        assertFalse(e.readable());
        assertEquals(1, h.udp.stats().icmpErrorsDelivered());

        // The next send reports it too, and sends nothing.
        e.send(bytes("q2"), 0, 2, 3 * MS);
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, h.take().datagram(), 4 * MS);
        assertEquals(Errno.ECONNREFUSED, assertThrows(SocketException.class, () -> e.send(bytes("q3"), 0, 2, 5 * MS)).errno());
        assertTrue(h.sent.isEmpty());
        e.send(bytes("q4"), 0, 2, 6 * MS);
        assertEquals(1, h.sent.size());
    }

    @Test
    void anUnconnectedEndpointDoesNotSeeTheError() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.bind(Ipv4Address.ANY, 5353);
        e.sendTo(IP_B, 53, bytes("q"), 0, 1, MS);
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, h.take().datagram(), 2 * MS);
        assertNull(e.pendingError());
        assertNull(e.receive());
        assertEquals(1, e.sendTo(IP_B, 53, bytes("q"), 0, 1, 3 * MS));
        assertEquals(1, h.udp.stats().icmpErrorsIn());
        assertEquals(0, h.udp.stats().icmpErrorsDelivered());
    }

    @Test
    void anErrorAboutAnotherPeerOrASoftErrorIsIgnored() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.connect(IP_B, 53);
        // A datagram sent with sendto to another port of B: its error is not about the connection.
        e.sendTo(IP_B, 54, bytes("x"), 0, 1, MS);
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, h.take().datagram(), 2 * MS);
        assertNull(e.pendingError());
        // Host unreachable is a soft error (Linux reports it only with IP_RECVERR).
        e.send(bytes("y"), 0, 1, 3 * MS);
        h.icmpFromB(IcmpRepr.CODE_HOST_UNREACHABLE, h.take().datagram(), 4 * MS);
        assertNull(e.pendingError());
        assertEquals(2, h.udp.stats().icmpErrorsIn());
    }

    @Test
    void anErrorWhileDataIsQueuedIsReportedFirst() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.connect(IP_B, 53);
        h.fromB(53, IP_A, e.localPort(), bytes("answer"), UdpFixture.Sum.COMPUTED, MS);
        e.send(bytes("q"), 0, 1, 2 * MS);
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, h.take().datagram(), 3 * MS);
        assertEquals(Errno.ECONNREFUSED, assertThrows(SocketException.class, e::receive).errno());
        assertArrayEquals(bytes("answer"), e.receive().data());
    }

    @Test
    void anErrorForAClosedEndpointIsCountedAndDropped() throws Exception {
        UdpEndpoint e = h.udp.open();
        e.connect(IP_B, 53);
        e.send(bytes("q"), 0, 1, MS);
        byte[] original = h.take().datagram();
        e.close();
        h.icmpFromB(IcmpRepr.CODE_PORT_UNREACHABLE, original, 2 * MS);
        assertEquals(1, h.udp.stats().icmpErrorsIn());
        assertEquals(0, h.udp.stats().icmpErrorsDelivered());
    }

    @Test
    void hardAndSoftErrorsAsLinuxSortsThem() {
        assertEquals(Errno.ECONNREFUSED, UdpLayer.hardError(unreachable(IcmpRepr.CODE_PORT_UNREACHABLE)));
        assertEquals(Errno.ENOPROTOOPT, UdpLayer.hardError(unreachable(IcmpRepr.CODE_PROTOCOL_UNREACHABLE)));
        assertEquals(Errno.EHOSTUNREACH, UdpLayer.hardError(unreachable(13)));
        assertNull(UdpLayer.hardError(unreachable(IcmpRepr.CODE_NET_UNREACHABLE)));
        assertNull(UdpLayer.hardError(unreachable(IcmpRepr.CODE_HOST_UNREACHABLE)));
        assertNull(UdpLayer.hardError(unreachable(IcmpRepr.CODE_FRAGMENTATION_NEEDED)));
        assertNull(UdpLayer.hardError(new IcmpRepr.TimeExceeded(0, new byte[28])));
    }

    private static IcmpRepr unreachable(int code) {
        return new IcmpRepr.DestinationUnreachable(code, 0, new byte[28]);
    }
}
