package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MalformedPacketException;

/**
 * The IPv4 input path of a host (RFC 791 §3.2, RFC 1122 §3.2.1): header checks, source and
 * destination filters, reassembly, and delivery to ICMP or a registered protocol; an unknown
 * protocol gets ICMP Protocol Unreachable (RFC 1122 §3.2.2.1). A host does not forward, and does
 * not drop a datagram for a small TTL (RFC 1122 §3.2.1.7).
 */
final class Ipv4Input {
    private final Addresses addresses;
    private final Reassembler reassembler;
    private final Icmp icmp;
    private final IcmpErrors errors;
    private final IpProtocolHandler[] handlers;
    private final StackStats stats;

    Ipv4Input(Addresses addresses, Reassembler reassembler, Icmp icmp, IcmpErrors errors,
              IpProtocolHandler[] handlers, StackStats stats) {
        this.addresses = addresses;
        this.reassembler = reassembler;
        this.icmp = icmp;
        this.errors = errors;
        this.handlers = handlers;
        this.stats = stats;
    }

    /** A datagram from the link ({@code len} bytes at {@code off}, Ethernet header stripped). */
    void receive(byte[] b, int off, int len, boolean linkBroadcast, long now) {
        process(b, off, len, linkBroadcast, false, now);
    }

    /** A datagram we sent to one of our own addresses. */
    void receiveLoopback(byte[] packet, long now) {
        process(packet, 0, packet.length, false, true, now);
    }

    private void process(byte[] b, int off, int len, boolean linkBroadcast, boolean loopback, long now) {
        Ipv4Repr ip;
        try {
            ip = Ipv4Repr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            stats.ipv4.count(e.reason());
            return;
        }
        // Ethernet padding beyond Total Length is ignored from here on.
        Ipv4Address src = ip.source();
        Ipv4Address dst = ip.destination();
        // RFC 1122 §3.2.1.3: a source must name a single host; our own address arriving from the
        // link is a reflection or a spoof (Linux's accept_local = 0).
        if (!loopback && (!addresses.isUnicastHost(src) || addresses.isLocal(src))) {
            stats.ipv4.count(DropReason.BAD_SOURCE);
            return;
        }
        boolean toBroadcast = addresses.isBroadcast(dst);
        if (!toBroadcast && !addresses.isLocal(dst)) {
            // Another host's address, or multicast (no group joined yet).
            stats.ipv4.count(DropReason.IP_NOT_FOR_US);
            return;
        }
        // RFC 1122 §3.3.6: a datagram received as a link-layer broadcast must be an IP broadcast.
        if (linkBroadcast && !toBroadcast) {
            stats.ipv4.count(DropReason.IP_NOT_FOR_US);
            return;
        }
        stats.ipIn++;
        if (ip.isFragment()) {
            stats.ipFragmentsIn++;
            Reassembler.Complete whole = reassembler.add(ip, b, off, now);
            if (whole == null) {
                return;
            }
            ip = whole.ip();
            b = whole.packet();
            off = 0;
        }
        int payloadOff = off + ip.headerLength();
        int payloadLen = ip.payloadLength();
        if (ip.protocol() == IpProtocol.ICMP) {
            stats.ipDelivered++;
            icmp.receive(ip, b, payloadOff, payloadLen, now);
            return;
        }
        IpProtocolHandler h = handlers[ip.protocol()];
        if (h != null) {
            stats.ipDelivered++;
            h.receive(ip, b, payloadOff, payloadLen, now);
            return;
        }
        stats.ipv4.count(DropReason.UNSUPPORTED);
        errors.destinationUnreachable(IcmpRepr.CODE_PROTOCOL_UNREACHABLE, ip, b, off, ip.totalLength(), now);
    }
}
