package io.netstack4j.socket.udp;

import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;
import io.netstack4j.wire.UdpRepr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Host A (198.51.100.1/24) with a UDP layer, its frames recorded, and B (198.51.100.2) scripted by
 * hand: frames are built here and fed in with explicit times.
 */
final class UdpFixture {
    static final long MS = 1_000_000L;
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    static final Ipv4Address IP_A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("198.51.100.2");
    static final Ipv4Address BCAST = Ipv4Address.parse("198.51.100.255");

    /** A frame as sent, with the time. */
    record Sent(byte[] bytes, long now) {
        Ipv4Repr ip() throws MalformedPacketException {
            return Ipv4Repr.parse(bytes, 14, bytes.length - 14);
        }

        /** The IP payload. */
        byte[] payload() throws MalformedPacketException {
            Ipv4Repr ip = ip();
            return Arrays.copyOfRange(bytes, 14 + ip.headerLength(), 14 + ip.totalLength());
        }

        /** The IP datagram (header and payload). */
        byte[] datagram() throws MalformedPacketException {
            return Arrays.copyOfRange(bytes, 14, 14 + ip().totalLength());
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final Stack stack;
    final UdpLayer udp;

    UdpFixture() {
        this(UdpConfig.DEFAULT);
    }

    UdpFixture(UdpConfig config) {
        stack = new Stack(StackConfig.builder("a").mac(MAC_A).address("198.51.100.1/24").build(),
                (b, off, len, now) -> sent.add(new Sent(Arrays.copyOfRange(b, off, off + len), now)));
        udp = UdpLayer.install(stack, config, new SplittableRandom(42));
        stack.start(0);
        // B asks for A: A learns B's MAC, so datagrams to B leave at once.
        byte[] f = new byte[14 + ArpRepr.LEN];
        new EthernetRepr(MacAddress.BROADCAST, MAC_B, EtherType.ARP).emit(f, 0);
        new ArpRepr(ArpRepr.REQUEST, MAC_B, IP_B, MacAddress.ZERO, IP_A).emit(f, 14);
        stack.receiveFrame(f, 0, f.length, 0);
        sent.clear();
    }

    Sent take() {
        assertFalse(sent.isEmpty(), "expected a frame, none was sent");
        return sent.removeFirst();
    }

    enum Sum { COMPUTED, ZERO, CORRUPT }

    /** A UDP datagram as bytes (header and data), checksum as asked. */
    static byte[] udp(Ipv4Address src, int sport, Ipv4Address dst, int dport, byte[] data, Sum sum) {
        byte[] d = new byte[UdpRepr.HEADER_LEN + data.length];
        System.arraycopy(data, 0, d, UdpRepr.HEADER_LEN, data.length);
        UdpRepr.of(sport, dport, data.length).emit(d, 0, src, dst);
        switch (sum) {
            case ZERO -> {
                d[6] = 0;
                d[7] = 0;
            }
            case CORRUPT -> d[7] ^= 0x01;
            case COMPUTED -> { }
        }
        return d;
    }

    /** An IPv4 frame from B carrying {@code payload} of {@code protocol}. */
    static byte[] frame(MacAddress ethDst, Ipv4Address src, Ipv4Address dst, int protocol, byte[] payload) {
        Ipv4Repr ip = Ipv4Repr.of(src, dst, protocol, 64, 7, false, payload.length);
        byte[] f = new byte[14 + ip.totalLength()];
        new EthernetRepr(ethDst, MAC_B, EtherType.IPV4).emit(f, 0);
        ip.emit(f, 14);
        System.arraycopy(payload, 0, f, 34, payload.length);
        return f;
    }

    /** B sends a datagram to A (or to a broadcast address, as a link broadcast). */
    void fromB(int sport, Ipv4Address dst, int dport, byte[] data, Sum sum, long now) {
        MacAddress eth = dst.equals(IP_A) ? MAC_A : MacAddress.BROADCAST;
        byte[] f = frame(eth, IP_B, dst, IpProtocol.UDP, udp(IP_B, sport, dst, dport, data, sum));
        stack.receiveFrame(f, 0, f.length, now);
    }

    /** B answers a datagram A sent with ICMP Destination Unreachable {@code code}, quoting it. */
    void icmpFromB(int code, byte[] originalDatagram, long now) {
        byte[] quoted = Arrays.copyOf(originalDatagram, Math.min(originalDatagram.length, 28 + 8));
        IcmpRepr err = new IcmpRepr.DestinationUnreachable(code, 0, quoted);
        byte[] p = new byte[err.length()];
        err.emit(p, 0);
        byte[] f = frame(MAC_A, IP_B, IP_A, IpProtocol.ICMP, p);
        stack.receiveFrame(f, 0, f.length, now);
    }

    /** Parses a frame A sent as UDP (checksum verified); asserts it went to B's MAC. */
    static UdpRepr parseUdp(Sent s) throws MalformedPacketException {
        EthernetRepr eth = EthernetRepr.parse(s.bytes(), 0, s.bytes().length);
        assertEquals(EtherType.IPV4, eth.etherType());
        Ipv4Repr ip = s.ip();
        assertEquals(IpProtocol.UDP, ip.protocol());
        return UdpRepr.parse(s.bytes(), 14 + ip.headerLength(), ip.payloadLength(), ip.source(), ip.destination());
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
