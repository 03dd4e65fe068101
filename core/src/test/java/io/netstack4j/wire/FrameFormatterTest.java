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
                .endsWith("198.51.100.1.80 > 198.51.100.2.200: Flags [S.], seq 1, ack 2, win 65535, length 0"));
    }

    private static String tcp(TcpRepr t) {
        byte[] seg = t.emit(A.bits(), B.bits());
        return describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, true, seg.length), seg));
    }

    @Test
    void tcpLinesReadAsTcpdumpWritesThem() {
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02 198.51.100.1.40000 > 198.51.100.2.80: Flags [S], seq 1000,"
                + " win 64240, options [mss 1460], length 0",
                tcp(new TcpRepr(40000, 80, 1000, 0, TcpPacket.SYN, 64240, 0, TcpRepr.Options.mss(1460), new byte[0])));
        assertTrue(tcp(new TcpRepr(40000, 80, -1, 0, TcpPacket.SYN, 64240, 0,
                TcpRepr.Options.linuxSyn(1460, 7, -2), new byte[0])).endsWith(": Flags [S], seq 4294967295, win 64240,"
                + " options [mss 1460,sackOK,TS val 4294967294 ecr 0,nop,wscale 7], length 0"));
        // Data: the sequence range; a pure ACK: no sequence number.
        assertTrue(tcp(new TcpRepr(80, 40000, 5000, 1001, TcpPacket.PSH | TcpPacket.ACK, 502, 0,
                TcpRepr.Options.timestamps(9, 8), new byte[100])).endsWith(
                "198.51.100.1.80 > 198.51.100.2.40000: Flags [P.], seq 5000:5100, ack 1001, win 502,"
                        + " options [nop,nop,TS val 9 ecr 8], length 100"));
        assertTrue(tcp(TcpRepr.of(40000, 80, 1001, 5100, TcpPacket.ACK, 501, new byte[0]))
                .endsWith(": Flags [.], ack 5100, win 501, length 0"));
        assertTrue(tcp(TcpRepr.of(40000, 80, 1001, 5100, TcpPacket.FIN | TcpPacket.ACK, 501, new byte[0]))
                .endsWith(": Flags [F.], seq 1001, ack 5100, win 501, length 0"));
        assertTrue(tcp(TcpRepr.of(80, 40000, 0, 1001, TcpPacket.RST | TcpPacket.ACK, 0, new byte[0]))
                .endsWith(": Flags [R.], seq 0, ack 1001, win 0, length 0"));
        assertTrue(tcp(TcpRepr.of(80, 40000, 7, 0, TcpPacket.RST, 0, new byte[0]))
                .endsWith(": Flags [R], seq 7, win 0, length 0"));
        assertTrue(tcp(TcpRepr.of(80, 40000, 7, 0, 0, 0, new byte[0])).endsWith(": Flags [none], win 0, length 0"));
        assertTrue(tcp(new TcpRepr(80, 40000, 7, 8, 0xFF, 9, 3, TcpRepr.Options.NONE, new byte[1]))
                .endsWith(": Flags [FSRP.UEW], seq 7:8, ack 8, win 9, urg 3, length 1"));
    }

    /** A TCP segment whose option bytes are given in hex (padded to a multiple of 4). */
    private static String tcpWithOptions(String optionsHex) {
        byte[] opts = java.util.HexFormat.of().parseHex(optionsHex);
        int hl = 20 + (opts.length + 3) / 4 * 4;
        byte[] seg = new byte[hl];
        TcpPacket.emit(seg, 0, 1, 2, 3, 4, TcpPacket.ACK, 5, 0);
        seg[12] = (byte) (hl / 4 << 4);
        System.arraycopy(opts, 0, seg, 20, opts.length);
        String line = describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, true, hl), seg));
        return line.substring(line.indexOf("options ["), line.indexOf(", length"));
    }

    @Test
    void tcpOptionsAreListedInOrder() {
        assertEquals("options [nop,nop,sack 2 {100:200}{300:400}]",
                tcpWithOptions("01010512" + "00000064000000c8" + "0000012c00000190"));
        assertEquals("options [unknown-254 0xaabb,eol]", tcpWithOptions("fe04aabb00"));
        assertEquals("options [nop,bad opt]", tcpWithOptions("01fe01"));
        assertEquals("options [bad opt]", tcpWithOptions("02050000"));
        assertEquals("options [wscale 15,nop]", tcpWithOptions("03030f01"));
    }

    @Test
    void malformedTcpIsDescribedWithItsReason() {
        byte[] seg = TcpRepr.of(1, 2, 3, 4, TcpPacket.ACK, 5, new byte[0]).emit(A.bits(), B.bits());
        seg[12] = 0x40;                          // data offset 4
        assertTrue(describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, false, 20), seg))
                .endsWith("198.51.100.1.1 > 198.51.100.2.2: TCP malformed (TCP_BAD_DATA_OFFSET), 20 bytes, ttl 64"));
        assertTrue(describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, false, 8), new byte[8]))
                .endsWith("198.51.100.1.0 > 198.51.100.2.0: TCP malformed (TRUNCATED), 8 bytes, ttl 64"));
        assertTrue(describe(ipFrame(Ipv4Repr.of(A, B, IpProtocol.TCP, 64, 1, false, 2), new byte[2]))
                .endsWith("198.51.100.1 > 198.51.100.2: TCP malformed (TRUNCATED), 2 bytes, ttl 64"));
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
