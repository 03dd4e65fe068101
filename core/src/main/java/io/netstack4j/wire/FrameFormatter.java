package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Objects;

/**
 * One-line descriptions of Ethernet frames for traces and logs, in the spirit of
 * {@code tcpdump -e -n}:
 *
 * <pre>
 * 02:00:00:00:00:01 &gt; ff:ff:ff:ff:ff:ff ARP who-has 198.51.100.2 tell 198.51.100.1
 * 02:00:00:00:00:02 &gt; 02:00:00:00:00:01 ARP reply 198.51.100.2 is-at 02:00:00:00:00:02
 * 02:00:00:00:00:01 &gt; 02:00:00:00:00:02 198.51.100.1 &gt; 198.51.100.2: ICMP echo request id 7 seq 3, 64 bytes, ttl 64
 * 02:00:00:00:00:01 &gt; 02:00:00:00:00:02 198.51.100.1 &gt; 198.51.100.2: ICMP (frag id 12 offset 1480 MF), 1480 bytes, ttl 64
 * 02:00:00:00:00:01 &gt; 02:00:00:00:00:02 198.51.100.1.40000 &gt; 198.51.100.2.80: Flags [S], seq 1000, win 64240, options [mss 1460], length 0
 * </pre>
 *
 * <p>A TCP segment's line is tcpdump's own (without its "IP" word), described in
 * {@code FrameFormatterTcp}: "length" there is the data after the TCP header, and no IP size or TTL
 * follows.
 *
 * <p>Sizes are those of the IP payload ("64 bytes" is the ICMP message, header included, as
 * ping counts it). Malformed frames are described with their {@link io.netstack4j.stats.DropReason}.
 * {@link #describe} never throws.
 */
public final class FrameFormatter {
    private FrameFormatter() {
    }

    /** Describes the frame of {@code len} bytes at {@code off} on one line. Never throws. */
    public static String describe(byte[] frame, int off, int len) {
        try {
            Objects.requireNonNull(frame, "frame");
            Objects.checkFromIndexSize(off, len, frame.length);
            StringBuilder sb = new StringBuilder(96);
            ethernet(sb, frame, off, len);
            return sb.toString();
        } catch (RuntimeException e) {
            return "unprintable frame (" + e + ")";
        }
    }

    /** Describes a whole array as one frame. Never throws. */
    public static String describe(byte[] frame) {
        return frame == null ? "unprintable frame (null)" : describe(frame, 0, frame.length);
    }

    private static void ethernet(StringBuilder sb, byte[] b, int off, int len) {
        EthernetRepr eth;
        try {
            eth = EthernetRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            sb.append("malformed Ethernet frame of ").append(len).append(" bytes (").append(e).append(')');
            return;
        }
        sb.append(eth.source()).append(" > ").append(eth.destination()).append(' ');
        int p = off + EthernetRepr.HEADER_LEN;
        int plen = len - EthernetRepr.HEADER_LEN;
        switch (eth.etherType()) {
            case EtherType.ARP -> arp(sb, b, p, plen);
            case EtherType.IPV4 -> ipv4(sb, b, p, plen);
            default -> sb.append(EtherType.name(eth.etherType())).append(", ").append(plen).append(" bytes");
        }
    }

    private static void arp(StringBuilder sb, byte[] b, int off, int len) {
        ArpRepr arp;
        try {
            arp = ArpRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            sb.append("ARP malformed (").append(e).append(')');
            return;
        }
        if (arp.operation() == ArpRepr.REQUEST) {
            sb.append("ARP who-has ").append(arp.targetProtocol()).append(" tell ").append(arp.senderProtocol());
            if (arp.senderProtocol().equals(arp.targetProtocol())) {
                sb.append(" (gratuitous)");
            }
        } else {
            sb.append("ARP reply ").append(arp.senderProtocol()).append(" is-at ").append(arp.senderHardware());
        }
    }

    private static void ipv4(StringBuilder sb, byte[] b, int off, int len) {
        Ipv4Repr ip;
        try {
            ip = Ipv4Repr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            sb.append("IPv4 malformed (").append(e).append("), ").append(len).append(" bytes");
            return;
        }
        int p = off + ip.headerLength();
        int plen = ip.payloadLength();
        if (ip.protocol() == IpProtocol.TCP && !ip.isFragment() && plen >= TcpPacket.HEADER_LEN) {
            int hl = TcpPacket.headerLength(b, p);
            if (hl >= TcpPacket.HEADER_LEN && hl <= plen) {
                sb.append(ip.source()).append('.').append(TcpPacket.sourcePort(b, p)).append(" > ")
                        .append(ip.destination()).append('.').append(TcpPacket.destinationPort(b, p)).append(": ");
                FrameFormatterTcp.segment(sb, b, p, plen);
                return;
            }
        }
        boolean ports = !ip.isFragment() || ip.fragmentOffset() == 0;
        if (ports && plen >= 4 && (ip.protocol() == IpProtocol.TCP || ip.protocol() == IpProtocol.UDP)) {
            sb.append(ip.source()).append('.').append(Bytes.u16(b, p)).append(" > ")
                    .append(ip.destination()).append('.').append(Bytes.u16(b, p + 2)).append(": ");
        } else {
            sb.append(ip.source()).append(" > ").append(ip.destination()).append(": ");
        }
        sb.append(IpProtocol.name(ip.protocol()));
        if (ip.isFragment()) {
            sb.append(" (frag id ").append(ip.identification()).append(" offset ").append(ip.fragmentOffset());
            if (ip.moreFragments()) {
                sb.append(" MF");
            }
            sb.append(')');
        } else if (ip.protocol() == IpProtocol.ICMP) {
            icmp(sb, b, p, plen);
        } else if (ip.protocol() == IpProtocol.TCP) {
            sb.append(" malformed (").append(plen < TcpPacket.HEADER_LEN ? DropReason.TRUNCATED
                    : DropReason.TCP_BAD_DATA_OFFSET).append(')');
        }
        sb.append(", ").append(plen).append(" bytes, ttl ").append(ip.ttl());
        if (ip.dontFragment()) {
            sb.append(" DF");
        }
    }

    private static void icmp(StringBuilder sb, byte[] b, int off, int len) {
        IcmpRepr icmp;
        try {
            icmp = IcmpRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            sb.append(" malformed (").append(e).append(')');
            return;
        }
        switch (icmp) {
            case IcmpRepr.EchoRequest e -> sb.append(" echo request id ").append(e.identifier())
                    .append(" seq ").append(e.sequence());
            case IcmpRepr.EchoReply e -> sb.append(" echo reply id ").append(e.identifier())
                    .append(" seq ").append(e.sequence());
            case IcmpRepr.DestinationUnreachable d -> {
                sb.append(' ').append(unreachable(d.code()));
                if (d.code() == IcmpRepr.CODE_FRAGMENTATION_NEEDED) {
                    sb.append(" (mtu ").append(d.nextHopMtu()).append(')');
                }
                quoted(sb, d.quoted());
            }
            case IcmpRepr.TimeExceeded t -> {
                sb.append(t.code() == IcmpRepr.CODE_TTL_EXCEEDED
                        ? " time exceeded in-transit" : " ip reassembly time exceeded");
                quoted(sb, t.quoted());
            }
            case IcmpRepr.Other o -> sb.append(" type ").append(o.type()).append(" code ").append(o.code());
        }
    }

    private static String unreachable(int code) {
        return switch (code) {
            case IcmpRepr.CODE_NET_UNREACHABLE -> "net unreachable";
            case IcmpRepr.CODE_HOST_UNREACHABLE -> "host unreachable";
            case IcmpRepr.CODE_PROTOCOL_UNREACHABLE -> "protocol unreachable";
            case IcmpRepr.CODE_PORT_UNREACHABLE -> "port unreachable";
            case IcmpRepr.CODE_FRAGMENTATION_NEEDED -> "fragmentation needed";
            default -> "unreachable code " + code;
        };
    }

    /** The addresses and protocol of the datagram an ICMP error quotes, read without verifying it. */
    private static void quoted(StringBuilder sb, byte[] q) {
        if (q.length < Ipv4Repr.MIN_HEADER_LEN || (q[0] & 0xF0) != 0x40) {
            sb.append(" [quoted ").append(q.length).append(" bytes]");
            return;
        }
        sb.append(" [quoted ").append(Ipv4Address.read(q, 12)).append(" > ").append(Ipv4Address.read(q, 16))
                .append(' ').append(IpProtocol.name(q[9] & 0xFF)).append(']');
    }
}
