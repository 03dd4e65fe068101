package io.netstack4j.route;

import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.IcmpRateLimiter;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.time.Clock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 router (RFC 1812) joining two or more links. Each interface is a {@link Stack} of its own
 * on its {@link LinkAdapter} (its MAC, one address and prefix, ARP, the echo responder: "ping the
 * router" is answered by the interface's stack), whose datagrams for other hosts come to the
 * router's {@code Forwarding} through the {@link io.netstack4j.iface.Forwarder} hook. Routes: a
 * connected one per interface and static ones ({@link Builder#route}), longest prefix first.
 *
 * <pre>{@code
 * // no checksum offload on a routed LAN (see Builder.iface)
 * VirtualLan left = new VirtualLan(1, 1500, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
 * VirtualLan right = new VirtualLan(2, 1500, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
 * Router r = Router.builder("r1")
 *         .iface("eth0", left.attach("r1-eth0"), MacAddress.parse("02:00:00:00:01:01"), "198.51.100.1/24")
 *         .iface("eth1", right.attach("r1-eth1"), MacAddress.parse("02:00:00:00:01:02"), "203.0.113.1/24")
 *         .build();
 * r.addTo(sim);                                  // or, in real time: r.loop(clock).start()
 * }</pre>
 *
 * <p>Pure protocol code, owned by one thread with all its interfaces: a {@link Simulation} or one
 * {@link io.netstack4j.runtime.StackLoop}.
 */
public final class Router {
    private final String name;
    private final List<RouterInterface> interfaces;
    private final RouteTable table = new RouteTable();
    private final RouterStats stats = new RouterStats();

    private Router(Builder b) {
        this.name = b.name;
        if (b.interfaces.size() < 2) {
            throw new IllegalArgumentException("a router needs two or more interfaces, got " + b.interfaces.size());
        }
        List<RouterInterface> list = new ArrayList<>();
        for (Builder.Iface f : b.interfaces) {
            StackConfig c = f.config();
            if (c.addresses().size() != 1) {
                throw new IllegalArgumentException("a router interface has exactly one address: " + c.addresses());
            }
            if (c.gateway() != null) {
                throw new IllegalArgumentException("a router interface has no gateway of its own (add a route): "
                        + c.name());
            }
            if (f.adapter().capabilities().txChecksumOffload()) {
                // Hosts on such a link leave UDP and TCP checksums for the link to complete, which a
                // virtual LAN never does (nothing on it can corrupt a frame): forwarded, they arrive
                // unfinished on the other side.
                throw new IllegalArgumentException("router interface " + f.name() + " is on a link with checksum"
                        + " offload (" + f.adapter().name() + "); build the VirtualLan with checksumOffload false");
            }
            list.add(new RouterInterface(f.name(), new Stack(c, FrameSink.of(f.adapter())), f.adapter()));
        }
        this.interfaces = List.copyOf(list);
        for (RouterInterface f : interfaces) {
            table.addConnected(f);
        }
        StackConfig first = interfaces.getFirst().stack().config();
        ForwardFragmenter fragmenter = new ForwardFragmenter(stats);
        RouterIcmp icmp = new RouterIcmp(table, fragmenter, stats,
                new IcmpRateLimiter(first.icmpErrorsPerSecond(), first.icmpErrorBurst()), first.defaultTtl());
        Forwarding forwarding = new Forwarding(interfaces, table, stats, fragmenter, icmp);
        for (RouterInterface f : interfaces) {
            f.connect(forwarding);
            // A datagram read into one interface's pool may wait in another's ARP queue: each pool's
            // leak check must see every interface's queues.
            for (RouterInterface g : interfaces) {
                if (g != f) {
                    f.stack().pool().addHolder(g.stack()::forEachHeld);
                }
            }
        }
        for (Builder.StaticRoute r : b.routes) {
            addRoute(r.destination(), r.gateway());
        }
    }

    /** A builder for a router named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The interfaces in the order they were added. */
    public List<RouterInterface> interfaces() {
        return interfaces;
    }

    /** The interface named {@code name}. */
    public RouterInterface iface(String ifName) {
        for (RouterInterface f : interfaces) {
            if (f.name().equals(ifName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no interface " + ifName + " on " + name);
    }

    /** The routing table, longest prefix first (like {@code ip route}). Owner thread. */
    public List<RouteEntry> routes() {
        return table.list();
    }

    /** The forwarding table itself. Owner thread. */
    public RouteTable table() {
        return table;
    }

    /**
     * Adds a static route via {@code gateway} on a connected network. The interface's own stack gets
     * it too, so that what it originates (echo replies) finds the way. Owner thread.
     *
     * @throws IllegalArgumentException if the gateway is on no connected network, or the table is full
     */
    public RouteEntry addRoute(Ipv4Cidr destination, Ipv4Address gateway) {
        RouteEntry r = table.addStatic(destination, Objects.requireNonNull(gateway, "gateway"));
        r.iface().stack().addRoute(destination, gateway);
        return r;
    }

    /** Removes the static routes to exactly {@code destination}. Owner thread. */
    public boolean removeRoute(Ipv4Cidr destination) {
        for (RouterInterface f : interfaces) {
            f.stack().removeRoute(destination);
        }
        return table.removeStatic(destination);
    }

    public RouterStats stats() {
        return stats;
    }

    /** Adds every interface to {@code sim} as a host: the simulation then runs the router too. */
    public void addTo(Simulation sim) {
        for (RouterInterface f : interfaces) {
            sim.add(f.stack(), f.adapter());
        }
    }

    /**
     * A loop thread (not started) that drives every interface in real time: one thread owns the
     * router, as one owns a host. Closing it closes the adapters.
     */
    public StackLoop loop(Clock clock) {
        List<StackLoop.Port> ports = new ArrayList<>();
        for (RouterInterface f : interfaces) {
            ports.add(new StackLoop.Port(f.stack(), f.adapter()));
        }
        return new StackLoop(name, ports, clock, StackLoop.DEFAULT_QUEUE_CAPACITY);
    }

    @Override
    public String toString() {
        return "Router[" + name + " " + interfaces + "]";
    }

    /** Builds a {@link Router}: interfaces, then static routes. */
    public static final class Builder {
        private record Iface(String name, StackConfig config, LinkAdapter adapter) {
        }

        private record StaticRoute(Ipv4Cidr destination, Ipv4Address gateway) {
        }

        private final String name;
        private final List<Iface> interfaces = new ArrayList<>();
        private final List<StaticRoute> routes = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Adds an interface on {@code adapter} with its MAC and its address {@code A.B.C.D/N}; its MTU
         * is the adapter's, every other setting the {@link StackConfig} default. Its stack is named
         * {@code router-ifName}.
         */
        public Builder iface(String ifName, LinkAdapter adapter, MacAddress mac, String cidr) {
            StackConfig c = StackConfig.builder(name + "-" + ifName).mac(mac).address(cidr).mtu(adapter.mtu()).build();
            return iface(ifName, c, adapter);
        }

        /** Adds an interface whose stack is configured by {@code config} (one address, no gateway). */
        public Builder iface(String ifName, StackConfig config, LinkAdapter adapter) {
            interfaces.add(new Iface(Objects.requireNonNull(ifName), Objects.requireNonNull(config),
                    Objects.requireNonNull(adapter)));
            return this;
        }

        /** Adds a static route to {@code cidr} via {@code gateway} (on a connected network). */
        public Builder route(String cidr, String gateway) {
            return route(Ipv4Cidr.parse(cidr), Ipv4Address.parse(gateway));
        }

        public Builder route(Ipv4Cidr destination, Ipv4Address gateway) {
            routes.add(new StaticRoute(Objects.requireNonNull(destination), Objects.requireNonNull(gateway)));
            return this;
        }

        public Router build() {
            return new Router(this);
        }
    }
}
