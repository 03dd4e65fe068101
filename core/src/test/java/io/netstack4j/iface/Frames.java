package io.netstack4j.iface;

import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;

/** Addresses and frame builders for scripted stack tests. */
final class Frames {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    static final MacAddress MAC_C = MacAddress.parse("02:00:00:00:00:0c");
    static final MacAddress MAC_GW = MacAddress.parse("02:00:00:00:00:fe");
    static final Ipv4Address IP_A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("198.51.100.2");
    static final Ipv4Address IP_C = Ipv4Address.parse("198.51.100.3");
    static final Ipv4Address IP_GW = Ipv4Address.parse("198.51.100.254");
    static final Ipv4Address SUBNET_BCAST = Ipv4Address.parse("198.51.100.255");
    static final Ipv4Address REMOTE = Ipv4Address.parse("203.0.113.7");

    private Frames() {
    }

    /** Host A: 198.51.100.1/24, MAC ...:0a. */
    static StackConfig.Builder configA() {
        return StackConfig.builder("a").mac(MAC_A).address("198.51.100.1/24");
    }

    static byte[] arp(int op, MacAddress ethDst, MacAddress sha, Ipv4Address spa, MacAddress tha, Ipv4Address tpa) {
        byte[] f = new byte[14 + ArpRepr.LEN];
        new EthernetRepr(ethDst, sha, EtherType.ARP).emit(f, 0);
        new ArpRepr(op, sha, spa, tha, tpa).emit(f, 14);
        return f;
    }

    /** An IPv4 frame with header {@code ip} (20 bytes; its Total Length decides the payload size). */
    static byte[] ipv4(MacAddress ethDst, MacAddress ethSrc, Ipv4Repr ip, byte[] payload) {
        byte[] f = new byte[14 + ip.totalLength()];
        new EthernetRepr(ethDst, ethSrc, EtherType.IPV4).emit(f, 0);
        ip.emit(f, 14);
        System.arraycopy(payload, 0, f, 34, ip.payloadLength());
        return f;
    }

    static byte[] icmpBytes(IcmpRepr msg) {
        byte[] b = new byte[msg.length()];
        msg.emit(b, 0);
        return b;
    }

    /** An ICMP message from {@code src} to {@code dst}, sent by MAC {@code ethSrc} to {@code ethDst}. */
    static byte[] icmp(MacAddress ethDst, MacAddress ethSrc, Ipv4Address src, Ipv4Address dst, int id, IcmpRepr msg) {
        byte[] p = icmpBytes(msg);
        return ipv4(ethDst, ethSrc, Ipv4Repr.of(src, dst, IpProtocol.ICMP, 64, id, false, p.length), p);
    }

    static byte[] pattern(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 7 + 3);
        }
        return d;
    }

    /** Makes {@code stack} (host A) know B at MAC_B (REACHABLE) by a request from B; clears the reply. */
    static void learnB(Stack stack, FrameRecorder rec, long now) {
        stack.receiveFrame(arp(ArpRepr.REQUEST, MacAddress.BROADCAST, MAC_B, IP_B, MacAddress.ZERO, IP_A),
                0, 42, now);
        rec.clear();
    }
}
