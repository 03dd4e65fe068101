package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_GW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The routing table: connected routes, default gateway, longest-prefix match (RFC 1812 §5.2.4.3). */
class RoutesTest {
    private static final Ipv4Address GW2 = Ipv4Address.parse("198.51.100.253");
    private static final Ipv4Address GW3 = Ipv4Address.parse("198.51.100.252");

    private final FrameRecorder rec = new FrameRecorder();

    private Ipv4Address nextHopOf(Stack s, String dst) {
        rec.clear();
        s.sendIpv4(Ipv4Address.parse(dst), ProtocolRecorder.PROTO, 0, false, new byte[4], 0, 4, 0);
        Frame f = rec.take();
        return f.arp().targetProtocol();
    }

    @Test
    void longestPrefixWins() {
        Stack s = new Stack(Frames.configA().gateway(IP_GW).build(), rec);
        s.addRoute(Ipv4Cidr.parse("203.0.113.0/24"), GW2);
        s.addRoute(Ipv4Cidr.parse("203.0.113.128/25"), GW3);
        assertEquals(GW3, nextHopOf(s, "203.0.113.200"));
        assertEquals(GW2, nextHopOf(s, "203.0.113.5"));
        assertEquals(IP_GW, nextHopOf(s, "192.0.2.1"));
        assertEquals(Frames.IP_C, nextHopOf(s, "198.51.100.3"), "connected: deliver directly");
        List<String> table = s.routes().stream().map(Route::toString).toList();
        assertEquals(List.of("203.0.113.128/25 via 198.51.100.252 src 198.51.100.1",
                "198.51.100.0/24 scope link src 198.51.100.1",
                "203.0.113.0/24 via 198.51.100.253 src 198.51.100.1",
                "default via 198.51.100.254 src 198.51.100.1"), table);
        assertEquals(IP_A, s.sourceAddressFor(Ipv4Address.parse("192.0.2.1")));
        s.removeRoute(Ipv4Cidr.parse("203.0.113.128/25"));
        s.sendIpv4(Ipv4Address.parse("203.0.113.200"), ProtocolRecorder.PROTO, 0, false, new byte[4], 0, 4, 0);
        Neighbor gw2 = s.neighbors(0).stream().filter(n -> n.address().equals(GW2)).findFirst().orElseThrow();
        assertEquals(2, gw2.queued(), "now via the /24's gateway, already being resolved");
    }

    @Test
    void withoutAGatewayOffLinkIsUnreachable() {
        Stack s = new Stack(Frames.configA().build(), rec);
        assertEquals(SendResult.NO_ROUTE,
                s.sendIpv4(Frames.REMOTE, ProtocolRecorder.PROTO, 0, false, new byte[4], 0, 4, 0));
        assertEquals(SendResult.NO_ROUTE, s.sendIpv4(Ipv4Address.parse("224.0.0.1"), 253, 0, false, new byte[1], 0, 1, 0));
        assertEquals(0, rec.size());
        assertNull(s.sourceAddressFor(Frames.REMOTE));
        assertEquals(2, s.stats().ipv4Drops().get(io.netstack4j.stats.DropReason.NO_ROUTE));
    }

    @Test
    void sourceSelectionFollowsTheInterfaceOfTheRoute() {
        Stack s = new Stack(Frames.configA().address("203.0.113.1/24").build(), rec);
        assertEquals(Ipv4Address.parse("203.0.113.1"), s.sourceAddressFor(Ipv4Address.parse("203.0.113.9")));
        assertEquals(IP_A, s.sourceAddressFor(Frames.IP_B));
        assertEquals(SendResult.INVALID_SOURCE, s.sendIpv4(Frames.IP_C, Frames.IP_B, 253, 0, false, new byte[1], 0, 1, 0));
    }

    @Test
    void gatewaysMustBeOnLink() {
        Stack s = new Stack(Frames.configA().build(), rec);
        assertThrows(IllegalArgumentException.class,
                () -> s.addRoute(Ipv4Cidr.parse("192.0.2.0/24"), Ipv4Address.parse("203.0.113.1")));
        assertThrows(IllegalArgumentException.class,
                () -> Frames.configA().gateway(Ipv4Address.parse("203.0.113.1")).build());
    }
}
