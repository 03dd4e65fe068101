package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.ObservedAdapter;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's network, built in one place: the browser's host, the DNS server's host and the web
 * server's host on one in-process Ethernet LAN, each a {@link NetStack} with a loop thread of its own,
 * each adapter watched by {@link DemoEvents}. (A router between two subnets can later go here, with the
 * servers behind it, without the rest of the demo changing.)
 */
final class DemoNetwork implements AutoCloseable {
    /** One-way delay of the virtual wire, so that round trips take a visible time. */
    static final long WIRE_DELAY_NANOS = 500_000;
    /** TIME-WAIT on the web server: 2·MSL is 60 s (Linux); the demo waits one second instead. */
    static final long DEMO_TIME_WAIT_NANOS = 1_000_000_000L;

    /** The retransmission timer backs off up to 1 s here (Linux: 120 s), so a lossy run still ends in seconds. */
    static final long MAX_RTO_NANOS = 1_000_000_000L;

    /** A host: its name in the narration, address, MAC, stack and port on the LAN. */
    record Host(String name, Ipv4Address ip, int prefix, MacAddress mac, NetStack net, VirtualPort port) {
        String cidr() {
            return ip + "/" + prefix;
        }
    }

    final VirtualLan lan;
    final Host browser;
    final Host dns;
    final Host www;
    private final List<Host> hosts = new ArrayList<>();
    final double loss;

    /**
     * @param events where every frame is recorded
     * @param loss   probability (0..1) that a frame a host sends is lost
     * @param seed   the fault injector's seed (and the stacks' random numbers)
     */
    DemoNetwork(DemoEvents events, double loss, long seed) {
        this.loss = loss;
        // A capture must show the checksums a real wire carries: no checksum offload on this LAN.
        lan = new VirtualLan(seed, VirtualLan.DEFAULT_MTU, VirtualLan.DEFAULT_RX_QUEUE_FRAMES,
                VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
        FaultConfig wire = FaultConfig.NONE.withDelay(WIRE_DELAY_NANOS).withLoss(loss);
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.maxRto = MAX_RTO_NANOS;
        TcpConfig tcp = b.build();
        TcpConfig.Builder shortTimeWait = tcp.toBuilder();
        shortTimeWait.timeWait = DEMO_TIME_WAIT_NANOS;
        browser = host(events, "browser", "198.51.100.10", 0x10, wire, tcp, seed);
        dns = host(events, "dns", "198.51.100.53", 0x53, wire, tcp, seed);
        www = host(events, "www", "198.51.100.80", 0x80, wire, shortTimeWait.build(), seed);
    }

    private Host host(DemoEvents events, String name, String ip, long mac, FaultConfig faults, TcpConfig tcp, long seed) {
        MacAddress m = MacAddress.locallyAdministered(mac);
        StackConfig config = StackConfig.builder(name).mac(m).address(ip + "/24").build();
        VirtualPort port = lan.attach(name, faults, FaultConfig.NONE);
        NetStack net = NetStack.builder(config, new ObservedAdapter(port, events.observer(name)))
                .clock(SystemClock.INSTANCE).tcpConfig(tcp).random(new SplittableRandom(seed * 31 + mac)).start();
        Host h = new Host(name, Ipv4Address.parse(ip), 24, m, net, port);
        hosts.add(h);
        return h;
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** The host with {@code ip}, or null. */
    Host byIp(Ipv4Address ip) {
        for (Host h : hosts) {
            if (h.ip().equals(ip)) {
                return h;
            }
        }
        return null;
    }

    /** The host with {@code mac}, or null. */
    Host byMac(MacAddress mac) {
        for (Host h : hosts) {
            if (h.mac().equals(mac)) {
                return h;
            }
        }
        return null;
    }

    Host byName(String name) {
        for (Host h : hosts) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Override
    public void close() {
        for (Host h : hosts) {
            h.net().close();
        }
    }
}
