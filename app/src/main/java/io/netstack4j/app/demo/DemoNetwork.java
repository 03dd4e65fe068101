package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.ObservedAdapter;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.route.Router;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo's network, built in one place: two in-process Ethernet LANs joined by a router (RFC 1812) —
 * the browser's host on 198.51.100.0/24, the DNS server's and the web server's hosts on 203.0.113.0/24 —
 * each host a {@link NetStack} with a loop thread of its own and the router on one more, every adapter
 * (the router's two included) watched by {@link DemoEvents}, so that each frame is seen on each LAN it
 * crosses.
 */
final class DemoNetwork implements Topology, AutoCloseable {
    /** One-way delay of each virtual wire, so that round trips take a visible time. */
    static final long WIRE_DELAY_NANOS = 500_000;
    /** TIME-WAIT on the web server: 2·MSL is 60 s (Linux); the demo waits one second instead. */
    static final long DEMO_TIME_WAIT_NANOS = 1_000_000_000L;

    /** The retransmission timer backs off up to 1 s here (Linux: 120 s), so a lossy run still ends in seconds. */
    static final long MAX_RTO_NANOS = 1_000_000_000L;

    /** The browser's LAN and the servers' LAN, by their subnets. */
    static final String CLIENT_LAN = "198.51.100.0/24";
    static final String SERVER_LAN = "203.0.113.0/24";
    private static final String CLIENT_GATEWAY = "198.51.100.1";
    private static final String SERVER_GATEWAY = "203.0.113.1";

    /** A host: its node and its stack. */
    record Host(Node node, NetStack net) {
        String name() {
            return node.name();
        }

        Ipv4Address ip() {
            return node.ip();
        }
    }

    final Host browser;
    final Host dns;
    final Host www;
    final Router router;
    private final StackLoop routerLoop;
    private final List<Host> hosts = new ArrayList<>();
    /** Every host and router interface, the browser's LAN first. */
    private final List<Node> nodes = new ArrayList<>();
    final double loss;

    /**
     * @param events where every frame is recorded
     * @param loss   probability (0..1) that a frame a host or the router sends is lost
     * @param seed   the fault injector's seed (and the stacks' random numbers)
     */
    DemoNetwork(DemoEvents events, double loss, long seed) {
        this.loss = loss;
        // No checksum offload on these LANs: a capture must show the checksums a real wire carries, and the
        // router refuses a link that leaves them unfinished.
        VirtualLan clientLan = lan(seed);
        VirtualLan serverLan = lan(seed + 1);
        FaultConfig wire = FaultConfig.NONE.withDelay(WIRE_DELAY_NANOS).withLoss(loss);
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.maxRto = MAX_RTO_NANOS;
        TcpConfig tcp = b.build();
        TcpConfig.Builder shortTimeWait = tcp.toBuilder();
        shortTimeWait.timeWait = DEMO_TIME_WAIT_NANOS;
        Node b0 = node("browser", CLIENT_LAN, "198.51.100.10", 0x10);
        Node r0 = node(ROUTER, CLIENT_LAN, CLIENT_GATEWAY, 0x01);
        Node r1 = node(ROUTER, SERVER_LAN, SERVER_GATEWAY, 0x02);
        Node d1 = node("dns", SERVER_LAN, "203.0.113.53", 0x53);
        Node w1 = node("www", SERVER_LAN, "203.0.113.80", 0x80);
        router = Router.builder(ROUTER)
                .iface("eth0", new ObservedAdapter(clientLan.attach("router-eth0", wire, FaultConfig.NONE),
                        events.observer(ROUTER, CLIENT_LAN)), r0.mac(), r0.cidr())
                .iface("eth1", new ObservedAdapter(serverLan.attach("router-eth1", wire, FaultConfig.NONE),
                        events.observer(ROUTER, SERVER_LAN)), r1.mac(), r1.cidr())
                .build();
        routerLoop = router.loop(SystemClock.INSTANCE);
        routerLoop.start();
        browser = host(events, clientLan, b0, CLIENT_GATEWAY, wire, tcp, seed);
        dns = host(events, serverLan, d1, SERVER_GATEWAY, wire, tcp, seed);
        www = host(events, serverLan, w1, SERVER_GATEWAY, wire, shortTimeWait.build(), seed);
    }

    private static VirtualLan lan(long seed) {
        return new VirtualLan(seed, VirtualLan.DEFAULT_MTU, VirtualLan.DEFAULT_RX_QUEUE_FRAMES,
                VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
    }

    private Node node(String name, String lan, String ip, long mac) {
        Node n = new Node(name, lan, Ipv4Address.parse(ip), 24, MacAddress.locallyAdministered(mac));
        nodes.add(n);
        return n;
    }

    private Host host(DemoEvents events, VirtualLan lan, Node node, String gateway, FaultConfig faults, TcpConfig tcp,
                      long seed) {
        StackConfig config = StackConfig.builder(node.name()).mac(node.mac()).address(node.cidr())
                .gateway(Ipv4Address.parse(gateway)).build();
        ObservedAdapter adapter = new ObservedAdapter(lan.attach(node.name(), faults, FaultConfig.NONE),
                events.observer(node.name(), node.lan()));
        NetStack net = NetStack.builder(config, adapter).clock(SystemClock.INSTANCE).tcpConfig(tcp)
                .random(new SplittableRandom(seed * 31 + node.mac().hashCode())).start();
        Host h = new Host(node, net);
        hosts.add(h);
        return h;
    }

    /** The hosts (not the router). */
    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public List<String> lans() {
        return List.of(CLIENT_LAN, SERVER_LAN);
    }

    @Override
    public List<String> columns() {
        return List.of("browser", ROUTER, "www", "dns");
    }

    @Override
    public boolean routed() {
        return true;
    }

    @Override
    public String watchedAlone() {
        return null;
    }

    @Override
    public String lanLine(Narration n) {
        return n.t("lan", "mtu", browser.net().stack().mtu(),
                "delay", String.format(Locale.ROOT, "%.1f", WIRE_DELAY_NANOS / 1e6), "a", CLIENT_LAN, "b", SERVER_LAN);
    }

    @Override
    public String role(Narration n, Node node) {
        return switch (node.name()) {
            case "browser" -> n.t("host.browser");
            case "dns" -> n.t("host.dns", "name", FetchDemo.NAME);
            case "www" -> n.t("host.www", "port", FetchDemo.PORT);
            default -> n.t("host.router", "lan", node.lan());
        };
    }

    /** The router's counters ({@link Counters#of(Router)}), read on its loop. */
    String routerCounters() {
        try {
            return routerLoop.submit(now -> Counters.of(router)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo: the router's loop did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        for (Host h : hosts) {
            h.net().close();
        }
        routerLoop.close();
    }
}
