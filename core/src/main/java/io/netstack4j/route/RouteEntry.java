package io.netstack4j.route;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

/**
 * One route of a {@link Router}: datagrams to {@code destination} leave through {@code iface},
 * to {@code gateway} or, on a connected network, to their destination itself.
 *
 * @param destination the destination network (0.0.0.0/0 for a default route)
 * @param gateway     the next hop, on {@code iface}'s network, or null for a connected network
 * @param iface       the outgoing interface
 */
public record RouteEntry(Ipv4Cidr destination, Ipv4Address gateway, RouterInterface iface) {
    /** True for a directly connected network. */
    public boolean connected() {
        return gateway == null;
    }

    /** The next hop towards {@code dst} (32 bits): the gateway, or {@code dst} itself. */
    int nextHop(int dst) {
        return gateway == null ? dst : gateway.bits();
    }

    /** Like a line of {@code ip route}. */
    @Override
    public String toString() {
        String dst = destination.prefixLength() == 0 ? "default"
                : destination.network() + "/" + destination.prefixLength();
        return dst + (gateway == null ? "" : " via " + gateway) + " dev " + iface.name()
                + (gateway == null ? " scope link src " + iface.address().address() : "");
    }
}
