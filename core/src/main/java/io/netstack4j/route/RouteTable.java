package io.netstack4j.route;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * A router's forwarding table (RFC 1812 §5.2.4): a connected route per interface and static
 * routes via gateways on those networks. Lookup is longest-prefix match (RFC 1812 §5.2.4.3); among
 * equal prefixes the earliest added wins. Kept sorted by prefix length, longest first, so the first
 * match is the answer; addresses are compared as {@code int}s, nothing is allocated per lookup.
 * Bounded like every other table.
 */
public final class RouteTable {
    /** The most routes a table holds. */
    public static final int MAX_ROUTES = 1024;

    private final List<RouteEntry> routes = new ArrayList<>();

    RouteTable() {
    }

    /** The connected route of {@code iface}'s network. */
    RouteEntry addConnected(RouterInterface iface) {
        Ipv4Cidr a = iface.address();
        return insert(new RouteEntry(new Ipv4Cidr(a.network(), a.prefixLength()), null, iface));
    }

    /**
     * Adds a static route to {@code destination} via {@code gateway}, which must lie on a connected
     * network (its interface is the route's).
     *
     * @throws IllegalArgumentException if the gateway is on no connected network, or the table is full
     */
    RouteEntry addStatic(Ipv4Cidr destination, Ipv4Address gateway) {
        RouteEntry via = lookupConnected(gateway.bits());
        if (via == null) {
            throw new IllegalArgumentException("gateway " + gateway + " is not on a connected network");
        }
        Ipv4Cidr net = new Ipv4Cidr(destination.network(), destination.prefixLength());
        return insert(new RouteEntry(net, gateway, via.iface()));
    }

    /** Removes the static routes to exactly {@code destination}; true if any was removed. */
    boolean removeStatic(Ipv4Cidr destination) {
        Ipv4Cidr net = new Ipv4Cidr(destination.network(), destination.prefixLength());
        return routes.removeIf(r -> !r.connected() && r.destination().equals(net));
    }

    private RouteEntry insert(RouteEntry r) {
        if (routes.size() >= MAX_ROUTES) {
            throw new IllegalArgumentException("routing table full (" + MAX_ROUTES + " routes)");
        }
        int i = 0;
        while (i < routes.size() && routes.get(i).destination().prefixLength() >= r.destination().prefixLength()) {
            i++;
        }
        routes.add(i, r);
        return r;
    }

    /** The longest-prefix match for {@code dst} (32 bits), or null. */
    public RouteEntry lookup(int dst) {
        for (int i = 0; i < routes.size(); i++) {   // indexed: no iterator per datagram
            RouteEntry r = routes.get(i);
            if (r.destination().contains(dst)) {
                return r;
            }
        }
        return null;
    }

    private RouteEntry lookupConnected(int dst) {
        for (RouteEntry r : routes) {
            if (r.connected() && r.destination().contains(dst)) {
                return r;
            }
        }
        return null;
    }

    /** The routes, longest prefix first (like {@code ip route}). */
    public List<RouteEntry> list() {
        return List.copyOf(routes);
    }
}
