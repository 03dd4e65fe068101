package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

/**
 * One routing table entry.
 *
 * @param destination the destination network (0.0.0.0/0 for the default route)
 * @param gateway     the next hop, or null for a connected network (deliver directly)
 * @param source      the preferred source address for datagrams on this route
 */
public record Route(Ipv4Cidr destination, Ipv4Address gateway, Ipv4Address source) {
    /** True for a directly connected network. */
    public boolean connected() {
        return gateway == null;
    }

    /** Like a line of {@code ip route}. */
    @Override
    public String toString() {
        String dst = destination.prefixLength() == 0 ? "default" : destination.network() + "/" + destination.prefixLength();
        return dst + (gateway == null ? " scope link" : " via " + gateway) + " src " + source;
    }
}
