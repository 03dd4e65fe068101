package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.IP_C;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.MAC_C;
import static io.netstack4j.iface.ProtocolRecorder.PROTO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the link and IPv4 input accept and drop (RFC 791, RFC 1122 §3.2.1, §3.3.6). */
class Ipv4InputTest {
    private final FrameRecorder rec = new FrameRecorder();
    private final ProtocolRecorder proto = new ProtocolRecorder();
    private Stack stack;

    @BeforeEach
    void setUp() {
        stack = new Stack(Frames.configA().build(), rec);
        stack.start(0);
        rec.clear();
        stack.registerProtocol(PROTO, proto);
    }

    private void receive(MacAddress ethDst, Ipv4Address src, Ipv4Address dst, int payloadLen) {
        byte[] f = Frames.ipv4(ethDst, MAC_B, Ipv4Repr.of(src, dst, PROTO, 64, 1, false, payloadLen),
                Frames.pattern(payloadLen));
        stack.receiveFrame(f, 0, f.length, 0);
    }

    private long ipDrops(DropReason r) {
        return stack.stats().ipv4Drops().get(r);
    }

    @Test
    void acceptsDatagramsForOurAddressAndHandsOverHeaderAndPayload() {
        receive(MAC_A, IP_B, IP_A, 10);
        assertEquals(1, proto.datagrams.size());
        ProtocolRecorder.Datagram d = proto.datagrams.getFirst();
        assertEquals(IP_B, d.ip().source());
        assertArrayEquals(Frames.pattern(10), d.payload());
        assertEquals(0, Checksum.compute(d.header(), 0, 20), "the IP header precedes the payload");
        assertEquals(1, stack.stats().ipIn());
    }

    @Test
    void acceptsLimitedAndDirectedBroadcast() {
        receive(MacAddress.BROADCAST, IP_B, Ipv4Address.BROADCAST, 4);
        receive(MacAddress.BROADCAST, IP_B, Frames.SUBNET_BCAST, 4);
        assertEquals(2, proto.datagrams.size());
    }

    @Test
    void dropsOtherDestinations() {
        receive(MAC_A, IP_B, IP_C, 4);
        receive(MAC_A, IP_B, Ipv4Address.parse("224.0.0.1"), 4);
        receive(MAC_A, IP_B, Ipv4Address.parse("203.0.113.255"), 4); // another subnet's broadcast
        assertEquals(3, ipDrops(DropReason.IP_NOT_FOR_US));
        // RFC 1122 §3.3.6: a link-layer broadcast carrying a unicast IP destination.
        receive(MacAddress.BROADCAST, IP_B, IP_A, 4);
        assertEquals(4, ipDrops(DropReason.IP_NOT_FOR_US));
        assertEquals(0, proto.datagrams.size());
    }

    @Test
    void dropsSourcesThatAreNotASingleHost() {
        for (String s : new String[] {"0.0.0.0", "255.255.255.255", "198.51.100.255", "224.0.0.5",
                "127.0.0.1", "240.0.0.1", "198.51.100.1"}) {
            receive(MAC_A, Ipv4Address.parse(s), IP_A, 4);
        }
        assertEquals(7, ipDrops(DropReason.BAD_SOURCE));
        assertEquals(0, proto.datagrams.size());
    }

    @Test
    void malformedPacketsAreCountedByReason() {
        byte[] good = Frames.ipv4(MAC_A, MAC_B, Ipv4Repr.of(IP_B, IP_A, PROTO, 64, 1, false, 8), Frames.pattern(8));
        byte[] badSum = good.clone();
        badSum[14 + 10] ^= 1;
        stack.receiveFrame(badSum, 0, badSum.length, 0);
        byte[] v6 = good.clone();
        v6[14] = 0x65;
        stack.receiveFrame(v6, 0, v6.length, 0);
        stack.receiveFrame(good, 0, 14 + 19, 0);
        stack.receiveFrame(good, 0, good.length - 1, 0); // total length beyond the frame
        assertEquals(1, ipDrops(DropReason.BAD_CHECKSUM));
        assertEquals(1, ipDrops(DropReason.BAD_VERSION));
        assertEquals(2, ipDrops(DropReason.TRUNCATED));
        assertEquals(0, proto.datagrams.size());
    }

    @Test
    void ethernetPaddingIsIgnoredAndSmallTtlAccepted() {
        Ipv4Repr ip = new Ipv4Repr(IP_B, IP_A, PROTO, 0, 0, 9, false, false, 0, 20, 24);
        byte[] f = Arrays.copyOf(Frames.ipv4(MAC_A, MAC_B, ip, Frames.pattern(4)), 60);
        stack.receiveFrame(f, 0, f.length, 0);
        assertEquals(1, proto.datagrams.size(), "RFC 1122 §3.2.1.7: no discard for TTL below 2");
        assertEquals(4, proto.datagrams.getFirst().payload().length);
    }

    @Test
    void linkLayerFilters() {
        receive(MAC_C, IP_B, IP_A, 4);
        receive(MacAddress.parse("01:00:5e:00:00:01"), IP_B, IP_A, 4);
        assertEquals(2, stack.stats().linkDrops().get(DropReason.NOT_FOR_US));
        byte[] f = Frames.ipv4(MAC_A, MAC_B, Ipv4Repr.of(IP_B, IP_A, PROTO, 64, 1, false, 4), Frames.pattern(4));
        stack.receiveFrame(f, 0, 13, 0);
        assertEquals(1, stack.stats().linkDrops().get(DropReason.TRUNCATED));
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xDD; // IPv6
        stack.receiveFrame(f, 0, f.length, 0);
        f[12] = 0;
        f[13] = 60; // an 802.3 length field
        stack.receiveFrame(f, 0, f.length, 0);
        assertEquals(2, stack.stats().linkDrops().get(DropReason.UNSUPPORTED));
        assertEquals(5, stack.stats().rxFrames());
        assertEquals(0, proto.datagrams.size());
    }
}
