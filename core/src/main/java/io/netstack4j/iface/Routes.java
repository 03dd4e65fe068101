package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing table of a host (RFC 1122 §3.3.1): connected routes derived from the interface
 * addresses, a default route via the gateway, and any routes added. Lookup is longest-prefix match
 * (RFC 1812 §5.2.4.3); among equal prefixes the earliest added wins. Kept sorted by prefix length,
 * longest first, so the first match is the answer.
 */
final class Routes {
    /** Bounded like everything else. */
    static final int MAX_ROUTES = 1024;

    private final Addresses addresses;
    private final List<Route> routes = new ArrayList<>();

    Routes(Addresses addresses, Ipv4Address gateway) {
        this.addresses = addresses;
        for (Ipv4Cidr c : addresses.all()) {
            Ipv4Cidr net = new Ipv4Cidr(c.network(), c.prefixLength());
            if (routes.stream().noneMatch(r -> r.destination().equals(net))) {
                insert(new Route(net, null, c.address()));
            }
        }
        if (gateway != null) {
            add(new Ipv4Cidr(Ipv4Address.ANY, 0), gateway);
        }
    }

    /**
     * Adds a route via {@code gateway} (null: a connected network). The gateway must be on a
     * connected network (RFC 1122 §3.3.1.1: a host's gateways are on its own networks).
     *
     * @throws IllegalArgumentException if the gateway is not directly reachable or the table is full
     */
    Route add(Ipv4Cidr destination, Ipv4Address gateway) {
        Ipv4Cidr net = new Ipv4Cidr(destination.network(), destination.prefixLength());
        Ipv4Address source;
        if (gateway == null) {
            source = addresses.localFor(net.network());
        } else {
            Route via = lookupConnected(gateway);
            if (via == null) {
                throw new IllegalArgumentException("gateway " + gateway + " is not on a connected network");
            }
            source = via.source();
        }
        if (source == null) {
            throw new IllegalArgumentException("no interface address to use as source");
        }
        Route r = new Route(net, gateway, source);
        insert(r);
        return r;
    }

    /** Removes the routes to exactly {@code destination}; true if any was removed. */
    boolean remove(Ipv4Cidr destination) {
        Ipv4Cidr net = new Ipv4Cidr(destination.network(), destination.prefixLength());
        return routes.removeIf(r -> r.destination().equals(net));
    }

    private void insert(Route r) {
        if (routes.size() >= MAX_ROUTES) {
            throw new IllegalArgumentException("routing table full (" + MAX_ROUTES + " routes)");
        }
        int i = 0;
        while (i < routes.size() && routes.get(i).destination().prefixLength() >= r.destination().prefixLength()) {
            i++;
        }
        routes.add(i, r);
    }

    /** The longest-prefix match for {@code dst} (32 bits), or null. No objects are made. */
    Route lookup(int dst) {
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            if (r.destination().contains(dst)) {
                return r;
            }
        }
        return null;
    }

    /** The longest-prefix match for {@code dst}, or null. */
    Route lookup(Ipv4Address dst) {
        for (Route r : routes) {
            if (r.destination().contains(dst)) {
                return r;
            }
        }
        return null;
    }

    private Route lookupConnected(Ipv4Address dst) {
        for (Route r : routes) {
            if (r.connected() && r.destination().contains(dst)) {
                return r;
            }
        }
        return null;
    }

    /** The next hop towards {@code dst} on route {@code r}. */
    static Ipv4Address nextHop(Route r, Ipv4Address dst) {
        return r.gateway() == null ? dst : r.gateway();
    }

    List<Route> list() {
        return List.copyOf(routes);
    }
}
