package io.netstack4j.route;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.SendResult;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Ipv4Packet;

import java.util.List;

/**
 * Forwarding a datagram, RFC 1812 §5.2.1's steps in order, each with its section. The datagram
 * arrives from an interface's stack with its header checked (RFC 1812 §5.2.2: length, version,
 * IHL, total length, checksum; a source that is a single host) and leaves in the same buffer, the
 * TTL decremented in place: nothing is copied or allocated unless it must be fragmented.
 */
final class Forwarding {
    private final List<RouterInterface> interfaces;
    private final RouteTable table;
    private final RouterStats stats;
    private final ForwardFragmenter fragmenter;
    private final RouterIcmp icmp;
    private final Ipv4Packet view = new Ipv4Packet();

    Forwarding(List<RouterInterface> interfaces, RouteTable table, RouterStats stats, ForwardFragmenter fragmenter,
               RouterIcmp icmp) {
        this.interfaces = interfaces;
        this.table = table;
        this.stats = stats;
        this.fragmenter = fragmenter;
        this.icmp = icmp;
    }

    /** A datagram for another host from interface {@code in} (see {@code Forwarder.forward}). */
    void forward(RouterInterface in, PacketBuffer p, boolean linkBroadcast, long now) {
        stats.received++;
        Ipv4Packet ip = view;
        // Checked by the interface's input already (checksum included): only the view is set up.
        ip.wrap(p.array(), p.start(), p.length(), false);
        int src = ip.sourceV4();
        int dst = ip.destinationV4();
        // RFC 1812 §5.3.4: a datagram received as a link-layer broadcast is not forwarded.
        // §5.3.7: nor one to a martian destination (0/8, 127/8, class E, link-local 169.254/16,
        // RFC 3927 §7); §5.3.5: nor a limited broadcast, a directed broadcast of a connected
        // network (forwarding them is off by default, RFC 2644), or multicast (no multicast routing).
        if (linkBroadcast || martian(dst) || isDirectedBroadcast(dst)) {
            drop(p, DropReason.NOT_FORWARDED);
            return;
        }
        // §5.3.7: an invalid source is not forwarded (the stack refused broadcast, multicast,
        // loopback, class E and 0.0.0.0 already); nor a source on 0/8, link-local, or one of ours.
        if ((src >>> 24) == 0 || linkLocal(src) || owner(src) != null) {
            drop(p, DropReason.BAD_SOURCE);
            return;
        }
        RouterInterface self = owner(dst);
        if (self != null) {
            // For the router itself, through another interface (the weak host model, as Linux).
            stats.local++;
            icmp.echo(ip, p, now);
            return;
        }
        // RFC 7126 §4.3, §4.4: source-routed datagrams are dropped by default.
        if (ip.headerLength() > 20 && ForwardHeader.hasSourceRoute(p.array(), p.start(), ip.headerLength())) {
            drop(p, DropReason.SOURCE_ROUTED);
            return;
        }
        // §5.3.1: a datagram whose TTL would reach 0 is discarded, with Time Exceeded.
        if (ip.ttl() <= 1) {
            icmp.timeExceeded(ip, now);
            drop(p, DropReason.TTL_EXPIRED);
            return;
        }
        // §5.2.4: the next hop, longest prefix first.
        RouteEntry route = table.lookup(dst);
        if (route == null) {
            icmp.netUnreachable(ip, now);
            drop(p, DropReason.NO_ROUTE);
            return;
        }
        RouterInterface out = route.iface();
        int nextHop = route.nextHop(dst);
        boolean tooLarge = ip.totalLength() > out.mtu();
        // §5.2.6 and RFC 1191 §4: too large with DF set: Fragmentation Needed with the next-hop MTU.
        if (tooLarge && ip.dontFragment()) {
            icmp.fragmentationNeeded(ip, out.mtu(), now);
            drop(p, DropReason.FRAGMENT_NEEDED);
            return;
        }
        // §5.3.1: decrement the TTL; RFC 1624: update the checksum from the change alone.
        ForwardHeader.decrementTtl(p.array(), p.start());
        stats.forwarded++;
        if (tooLarge) {
            stats.fragmented++;
            fragmenter.send(p, out, nextHop, now);
            return;
        }
        // §5.2.7: the next hop's MAC from the outgoing interface's ARP (bounded queue while it resolves).
        SendResult r = out.stack().transmitDatagram(p, nextHop, now);
        if (!r.accepted()) {
            stats.forwarded--;
            stats.drops.count(DropReason.QUEUE_FULL);
        }
    }

    /** ARP gave up on the next hop of a forwarded datagram: host unreachable to its source. */
    void nextHopUnreachable(PacketBuffer d, long now) {
        stats.unresolved++;
        Ipv4Packet ip = view;
        if (ip.wrap(d.array(), d.start(), d.length(), false) == null) {
            icmp.hostUnreachable(ip, now);
        }
    }

    private void drop(PacketBuffer p, DropReason reason) {
        stats.drops.count(reason);
        p.release();
    }

    /** The interface whose address {@code a} is, or null. */
    private RouterInterface owner(int a) {
        for (int i = 0; i < interfaces.size(); i++) {
            RouterInterface f = interfaces.get(i);
            if (f.addressBits() == a) {
                return f;
            }
        }
        return null;
    }

    private boolean isDirectedBroadcast(int a) {
        for (int i = 0; i < interfaces.size(); i++) {
            int b = interfaces.get(i).broadcastBits();
            if (b != 0 && b == a) {
                return true;
            }
        }
        return false;
    }

    /** Never a destination to forward to: 0/8, 127/8, multicast, class E and 255.255.255.255, link-local. */
    private static boolean martian(int a) {
        int top = a >>> 24;
        return top == 0 || top == 127 || (a >>> 28) >= 0xE || linkLocal(a);
    }

    private static boolean linkLocal(int a) {
        return (a >>> 16) == 0xA9FE;
    }
}
