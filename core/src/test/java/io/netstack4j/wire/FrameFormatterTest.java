package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameFormatterTest {
    private static final MacAddress M1 = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress M2 = MacAddress.parse("02:00:00:00:00:02");
    private static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address B = Ipv4Address.parse("198.51.100.2");

    private static byte[] ipFrame(Ipv4Repr ip, byte[] payload) {
        byte[] f = new byte[14 + ip.totalLength()];
        new EthernetRepr(M2, M1, EtherType.IPV4).emit(f, 0);
        ip.emit(f, 14);
        System.arraycopy(payload, 0, f, 34, payload.length);
        return f;
    }

    private static byte[] icmpFrame(IcmpRepr m) {
        byte[] body = new byte[m.length()];
        m.emit(body, 0);
        return ipFrame(Ipv4Repr.of(A, B, IpProtocol.ICMP, 64, 1, false, body.length), body);
    }

    private static String describe(byte[] f) {
        return FrameFormatter.describe(f, 0, f.length);
    }

    @Test
    void arp() {
        byte[] f = new byte[42];
        new EthernetRepr(MacAddress.BROADCAST, M1, EtherType.ARP).emit(f, 0);
        new ArpRepr(ArpRepr.REQUEST, M1, A, MacAddress.ZERO, B).emit(f, 14);
        assertEquals("02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff ARP who-has 198.51.100.2 tell 198.51.100.1", describe(f));
        new ArpRepr(ArpRepr.REPLY, M2, B, M1, A).emit(f, 14);
        assertEquals("02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff ARP reply 198.51.100.2 is-at 02:00:00:00:00:02",
                describe(f));
    }

    @Test
    void echo() {
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02 198.51.100.1 > 198.51.100.2: ICMP echo request id 7 seq 3,"
                + " 64 bytes, ttl 64", describe(icmpFrame(new IcmpRepr.EchoRequest(7, 3, new byte[56]))));
        assertTrue(describe(icmpFrame(new IcmpRepr.EchoReply(7, 3, new byte[0])))
                .endsWith("ICMP echo reply id 7 seq 3, 8 bytes, ttl 64"));
    }

    @Test
    void errors() {
        byte[] q = new byte[28];
        Ipv4Repr.of(B, Ipv4Address.parse("203.0.113.9"), IpProtocol.UDP, 64, 1, false, 8).emit(q, 0);
        assertTrue(describe(icmpFrame(new IcmpRepr.DestinationUnreachable(4, 1400, q)))
                .contains("ICMP fragmentation needed (mtu 1400) [quoted 198.51.100.2 > 203.0.113.9 UDP]"));
        assertTrue(describe(icmpFrame(new IcmpRepr.DestinationUnreachable(3, 0, q))).contains("port unreachable"));
        assertTrue(describe(icmpFrame(new IcmpRepr.TimeExceeded(0, q))).contains("time exceeded in-transit"));
    }

    @Test
    void fragments() {
        Ipv4Repr ip = Ipv4Repr.of(A, B, IpProtocol.ICMP, 64, 12, false, 3008).withFragment(1480, true, 1480);
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02 198.51.100.1 > 198.51.100.2: ICMP"
                + " (frag id 12 offset 1480 MF), 1480 bytes, ttl 64", describe(ipFrame(ip, new byte[1480])));
        Ipv4Repr last = Ipv4Repr.of(A, B, IpProtocol.ICMP, 64, 12, false, 3008).withFragment(2960, false, 48);
        assertTrue(describe(ipFrame(last, new byte[48])).contains("(frag id 12 offset 2960),"));
    }

    @Test
    void udpAndTcpShowPorts() {
        byte[] udp = {(byte) 0x9C, 0x40, 0, 53, 0, 8, 0, 0};
        assertTrue(describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.UDP, 64, 1, true, 8), udp))
                .endsWith("198.51.100.1.40000 > 198.51.100.2.53: UDP, 8 bytes, ttl 64 DF"));
        byte[] tcp = new byte[20];
        tcp[1] = 80;
        tcp[3] = (byte) 0xC8;
        tcp[7] = 1;            // seq 1
        tcp[11] = 2;           // ack 2
        tcp[12] = 0x50;
        tcp[13] = 0x12;        // SYN+ACK
        tcp[14] = (byte) 0xFF;
        tcp[15] = (byte) 0xFF;
        assertTrue(describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, false, 20), tcp))
                .endsWith("198.51.100.1.80 > 198.51.100.2.200: TCP [S.] seq 1 ack 2 win 65535, 20 bytes, ttl 64"));
    }

    @Test
    void malformedFramesAreDescribedWithTheirReason() {
        assertTrue(FrameFormatter.describe(new byte[10], 0, 10).contains("TRUNCATED"));
        byte[] f = icmpFrame(new IcmpRepr.EchoRequest(7, 3, new byte[8]));
        f[14 + 8] = 1;     // TTL changed: IPv4 header checksum no longer verifies
        assertTrue(describe(f).contains("IPv4 malformed (BAD_CHECKSUM"), describe(f));
        byte[] g = icmpFrame(new IcmpRepr.EchoRequest(7, 3, new byte[8]));
        g[g.length - 1] = 9;
        assertTrue(describe(g).contains("ICMP malformed (BAD_CHECKSUM"), describe(g));
        byte[] h = new byte[20];
        new EthernetRepr(MacAddress.BROADCAST, M1, EtherType.ARP).emit(h, 0);
        assertTrue(describe(h).contains("ARP malformed (TRUNCATED"), describe(h));
    }

    @Test
    void neverThrowsOnBadArguments() {
        assertTrue(FrameFormatter.describe(null, 0, 10).startsWith("unprintable"));
        assertTrue(FrameFormatter.describe(new byte[4], 2, 10).startsWith("unprintable"));
        assertTrue(FrameFormatter.describe(new byte[4], -1, 1).startsWith("unprintable"));
    }

    @Test
    void otherEtherTypes() {
        byte[] f = new byte[60];
        new EthernetRepr(M2, M1, EtherType.IPV6).emit(f, 0);
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02 IPv6, 46 bytes", describe(f));
    }
}
