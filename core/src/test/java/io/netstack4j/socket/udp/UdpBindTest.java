package io.netstack4j.socket.udp;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.netstack4j.socket.udp.UdpFixture.IP_A;
import static io.netstack4j.socket.udp.UdpFixture.IP_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Binding: address conflicts and RFC 6056 ephemeral ports. */
class UdpBindTest {
    private final UdpFixture h = new UdpFixture();

    @Test
    void ephemeralPortsAreDistinctInRangeAndNotSequential() throws Exception {
        UdpConfig c = h.udp.config();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            UdpEndpoint e = h.udp.open();
            e.bind(Ipv4Address.ANY, 0);
            ports.add(e.localPort());
        }
        assertEquals(500, new HashSet<>(ports).size(), "distinct");
        for (int p : ports) {
            assertTrue(p >= c.ephemeralLow() && p <= c.ephemeralHigh(), "in range: " + p);
        }
        int sequential = 0;
        for (int i = 1; i < ports.size(); i++) {
            if (ports.get(i) == ports.get(i - 1) + 1) {
                sequential++;
            }
        }
        // Random choices collide with the next port about 500/28232 of the time; sequential would be 499.
        assertTrue(sequential < 10, sequential + " sequential pairs");
        // Spread over the range, not clustered at its start.
        int below = (int) ports.stream().filter(p -> p < c.ephemeralLow() + c.ephemeralCount() / 2).count();
        assertTrue(below > 150 && below < 350, below + " of 500 in the lower half");
    }

    @Test
    void connectAndSendToBindEphemerallyToo() throws Exception {
        UdpEndpoint a = h.udp.open();
        a.connect(IP_B, 53);
        UdpEndpoint b = h.udp.open();
        b.sendTo(IP_B, 53, new byte[1], 0, 1, 0);
        for (UdpEndpoint e : List.of(a, b)) {
            assertTrue(e.isBound());
            assertTrue(e.localPort() >= 32768 && e.localPort() <= 60999);
        }
    }

    @Test
    void aSmallRangeFillsUpThenEaddrinuse() throws Exception {
        UdpFixture small = new UdpFixture(UdpConfig.DEFAULT.withEphemeralRange(40000, 40003));
        Set<Integer> ports = new HashSet<>();
        List<UdpEndpoint> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UdpEndpoint e = small.udp.open();
            e.bind(Ipv4Address.ANY, 0);
            ports.add(e.localPort());
            open.add(e);
        }
        assertEquals(Set.of(40000, 40001, 40002, 40003), ports);
        UdpEndpoint e = small.udp.open();
        assertEquals(Errno.EADDRINUSE, assertThrows(SocketException.class, () -> e.bind(Ipv4Address.ANY, 0)).errno());
        assertEquals(Errno.EADDRINUSE, assertThrows(SocketException.class, () -> e.connect(IP_B, 53)).errno());
        assertTrue(!e.isBound());
        open.stream().filter(o -> o.localPort() == 40002).findFirst().orElseThrow().close();
        e.bind(Ipv4Address.ANY, 0);
        assertEquals(40002, e.localPort());
    }

    @Test
    void bindConflictsFollowLinuxWithoutReuseaddr() throws Exception {
        UdpEndpoint any = h.udp.open();
        any.bind(Ipv4Address.ANY, 53);
        UdpEndpoint specific = h.udp.open();
        SocketException x = assertThrows(SocketException.class, () -> specific.bind(IP_A, 53));
        assertEquals(Errno.EADDRINUSE, x.errno());
        assertEquals("bind: Address already in use (EADDRINUSE) [198.51.100.1:53]", x.getMessage());
        specific.bind(IP_A, 54);
        UdpEndpoint third = h.udp.open();
        assertEquals(Errno.EADDRINUSE, assertThrows(SocketException.class, () -> third.bind(Ipv4Address.ANY, 54)).errno());
        assertEquals(Errno.EADDRINUSE, assertThrows(SocketException.class, () -> third.bind(IP_A, 54)).errno());
        assertEquals(Errno.EADDRNOTAVAIL, assertThrows(SocketException.class, () -> third.bind(IP_B, 55)).errno());
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class, () -> specific.bind(IP_A, 56)).errno());
        assertEquals(Errno.EINVAL, assertThrows(SocketException.class, () -> third.bind(IP_A, 70000)).errno());
        any.close();
        third.bind(IP_A, 53);   // freed by close
        assertEquals(53, third.localPort());
    }
}
