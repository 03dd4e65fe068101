package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Packet;

/**
 * The IPv4 input path of a host (RFC 791 §3.2, RFC 1122 §3.2.1): header checks, source and
 * destination filters, reassembly, and delivery to ICMP or a registered protocol; an unknown
 * protocol gets ICMP Protocol Unreachable (RFC 1122 §3.2.2.1). A host does not forward, and does
 * not drop a datagram for a small TTL (RFC 1122 §3.2.1.7).
 *
 * <p>The header is read through one reusable {@link Ipv4Packet} view and addresses are compared as
 * 32-bit values: an unfragmented datagram is delivered without allocating anything, in the buffer it
 * arrived in (the transport then owns the buffer).
 */
final class Ipv4Input {
    private final Addresses addresses;
    private final Reassembler reassembler;
    private final Icmp icmp;
    private final IcmpErrors errors;
    private final IpProtocolHandler[] handlers;
    private final StackStats stats;
    private final Ipv4Packet view = new Ipv4Packet();
    /** Takes datagrams for other hosts when the stack is a router's interface, else null. */
    private Forwarder forwarder;

    Ipv4Input(Addresses addresses, Reassembler reassembler, Icmp icmp, IcmpErrors errors,
              IpProtocolHandler[] handlers, StackStats stats) {
        this.addresses = addresses;
        this.reassembler = reassembler;
        this.icmp = icmp;
        this.errors = errors;
        this.handlers = handlers;
        this.stats = stats;
    }

    void forwarder(Forwarder f) {
        this.forwarder = f;
    }

    /** A datagram from the link (window on it, Ethernet header stripped); the buffer is ours. */
    void receive(PacketBuffer p, boolean linkBroadcast, long now) {
        process(p, linkBroadcast, false, now);
    }

    /** A datagram we sent to one of our own addresses. */
    void receiveLoopback(PacketBuffer p, long now) {
        process(p, false, true, now);
    }

    private void process(PacketBuffer p, boolean linkBroadcast, boolean loopback, long now) {
        Ipv4Packet ip = view;
        DropReason bad = ip.wrap(p.array(), p.start(), p.length(), !p.checksumVerified());
        if (bad != null) {
            drop(p, bad);
            return;
        }
        // Ethernet padding beyond Total Length is ignored from here on.
        p.truncate(ip.totalLength());
        int src = ip.sourceV4();
        int dst = ip.destinationV4();
        // RFC 1122 §3.2.1.3: a source must name a single host; our own address arriving from the
        // link is a reflection or a spoof (Linux's accept_local = 0).
        if (!loopback && (!addresses.isUnicastHost(src) || addresses.isLocal(src))) {
            drop(p, DropReason.BAD_SOURCE);
            return;
        }
        boolean toBroadcast = addresses.isBroadcast(dst);
        if (!toBroadcast && !addresses.isLocal(dst)) {
            if (forwarder != null && !loopback) {
                // A router's interface: the router decides (RFC 1812 §5.2.1), fragments included.
                stats.ipToForwarder++;
                forwarder.forward(p, linkBroadcast, now);
                return;
            }
            // Another host's address, or multicast (no group joined yet).
            drop(p, DropReason.IP_NOT_FOR_US);
            return;
        }
        // RFC 1122 §3.3.6: a datagram received as a link-layer broadcast must be an IP broadcast.
        if (linkBroadcast && !toBroadcast) {
            drop(p, DropReason.IP_NOT_FOR_US);
            return;
        }
        stats.ipIn++;
        if (ip.isFragment()) {
            stats.ipFragmentsIn++;
            Reassembler.Complete whole = reassembler.add(ip.toRepr(), p.array(), p.start(), now);
            p.release();   // the reassembler keeps copies of what it needs
            if (whole == null) {
                return;
            }
            p = PacketBuffer.wrap(whole.packet(), 0, whole.packet().length);
            ip.wrap(p.array(), 0, p.length(), false);
        }
        deliver(ip, p, now);
    }

    private void deliver(Ipv4Packet ip, PacketBuffer p, long now) {
        int protocol = ip.protocol();
        if (protocol == IpProtocol.ICMP) {
            stats.ipDelivered++;
            p.advance(ip.headerLength());
            icmp.receive(ip, p, now);
            return;
        }
        IpProtocolHandler h = handlers[protocol];
        if (h != null) {
            stats.ipDelivered++;
            p.advance(ip.headerLength());
            h.receive(ip, p, now);
            return;
        }
        stats.ipv4.count(DropReason.UNSUPPORTED);
        errors.destinationUnreachable(IcmpRepr.CODE_PROTOCOL_UNREACHABLE, ip.toRepr(), p.array(), p.start(),
                ip.totalLength(), now);
        p.release();
    }

    private void drop(PacketBuffer p, DropReason reason) {
        stats.ipv4.count(reason);
        p.release();
    }
}
