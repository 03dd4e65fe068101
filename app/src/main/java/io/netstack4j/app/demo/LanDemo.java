package io.netstack4j.app.demo;

import io.netstack4j.app.ping.PingEvent;
import io.netstack4j.app.ping.PingFormat;
import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.Neighbor;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.FrameObserver;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.ObservedAdapter;
import io.netstack4j.link.PcapNgWriter;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.dns.DnsCache;
import io.netstack4j.socket.dns.DnsClient;
import io.netstack4j.socket.dns.DnsClientConfig;
import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsOutcome;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.HostsTable;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.stats.DropCounters;
import io.netstack4j.time.ManualClock;
import io.netstack4j.trace.TextTrace;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The earlier demo ({@code demo --lan}): two hosts, alice and bob, on an in-process Ethernet LAN,
 * in virtual time. It narrates interface start-up (gratuitous ARP), a DNS lookup over UDP (with
 * the query parked in the ARP queue while ARP resolves bob's MAC, then a cache hit), echo request
 * and reply, fragmentation and reassembly of a large ping, a lossy link if asked, and ARP giving
 * up on an address nobody has — every frame printed as it crosses the wire.
 */
public final class LanDemo {
    /** One-way delay of the virtual wire, so round-trip times are not zero. */
    static final long WIRE_DELAY_NANOS = 100_000;
    static final long MS = 1_000_000L;

    private final PrintStream out;
    private final double loss;
    private final Path pcapFile;
    private final long seed;
    private final boolean showFrames = true;
    private final Map<Stack, DnsClient> resolvers = new HashMap<>();

    /**
     * @param out      where the narration goes
     * @param loss     probability (0..1) that the LAN drops a frame, each way
     * @param pcapFile a pcapng capture of both hosts' frames, or null
     * @param seed     the fault injector's seed
     */
    public LanDemo(PrintStream out, double loss, Path pcapFile, long seed) {
        this.out = out;
        this.loss = loss;
        this.pcapFile = pcapFile;
        this.seed = seed;
    }

    /** Runs the demo; returns true when every step went as narrated. */
    public boolean run() throws IOException {
        ManualClock clock = new ManualClock();
        Simulation sim = new Simulation(clock);
        // A capture must show the checksums a real wire carries: no offload then.
        VirtualLan lan = new VirtualLan(seed, VirtualLan.DEFAULT_MTU, VirtualLan.DEFAULT_RX_QUEUE_FRAMES,
                VirtualLan.DEFAULT_MAC_TABLE_SIZE, pcapFile == null);
        FaultConfig wire = FaultConfig.NONE.withDelay(WIRE_DELAY_NANOS).withLoss(loss);
        PcapNgWriter pcap = pcapFile == null ? null
                : new PcapNgWriter(pcapFile, PcapNgWriter.realTimeEpochOffset() + System.nanoTime());
        try {
            Stack alice = host(sim, lan, wire, pcap, "alice", "198.51.100.1/24", 0x02_00_5e_00_00_0aL);
            Stack bob = host(sim, lan, wire, pcap, "bob", "198.51.100.2/24", 0x02_00_5e_00_00_0bL);
            boolean ok = narrate(sim, alice, bob);
            if (pcap != null) {
                out.printf("%nCapture: %s (%d frames; open it with wireshark or tshark -r)%n", pcapFile,
                        pcap.framesWritten());
            }
            return ok;
        } finally {
            if (pcap != null) {
                pcap.close();
            }
        }
    }

    private Stack host(Simulation sim, VirtualLan lan, FaultConfig faults, PcapNgWriter pcap, String name,
                       String cidr, long mac) {
        StackConfig config = StackConfig.builder(name).mac(new MacAddress(mac)).address(cidr).build();
        List<FrameObserver> observers = new ArrayList<>();
        if (showFrames) {
            observers.add(new TextTrace(out, name, 0));
        }
        if (pcap != null) {
            observers.add(pcap.addInterface(name));
        }
        LinkAdapter port = new ObservedAdapter(lan.attach(name, faults, FaultConfig.NONE), observers);
        Stack stack = sim.add(new Stack(config, FrameSink.of(port)), port).stack();
        // Every host gets UDP; bob serves DNS for example.test, alice's resolver asks him.
        Random random = new Random(seed ^ mac);
        UdpLayer udp = UdpLayer.install(stack, UdpConfig.DEFAULT, random);
        if (name.equals("bob")) {
            Zone zone = Zone.builder("example.test").a("bob.example.test", cidr.substring(0, cidr.indexOf('/')))
                    .a("alice.example.test", "198.51.100.1").build();
            try {
                DnsServerEndpoint.install(stack, udp, Ipv4Address.ANY, 53, new DnsServer(zone));
            } catch (SocketException e) {
                throw new IllegalStateException("demo: cannot start bob's DNS server: " + e.getMessage(), e);
            }
        } else {
            resolvers.put(stack, DnsClient.install(stack, udp,
                    DnsClientConfig.DEFAULT.withServers(Ipv4Address.parse("198.51.100.2")), HostsTable.EMPTY,
                    new DnsCache(), random));
        }
        return stack;
    }

    private boolean narrate(Simulation sim, Stack alice, Stack bob) {
        Ipv4Address bobIp = bob.addresses().get(0).address();
        boolean ok = true;
        out.println("netstack4j demo — Ethernet, ARP, IPv4, ICMP, UDP and DNS, in virtual time");
        out.println();
        out.printf("  alice  %-16s mac %s%n", alice.addresses().get(0), alice.mac());
        out.printf("  bob    %-16s mac %s%n", bob.addresses().get(0), bob.mac());
        out.printf(Locale.ROOT, "  one Ethernet LAN (a learning switch), MTU %d, %.1f ms each way%s%n", alice.mtu(),
                WIRE_DELAY_NANOS / 1e6, loss > 0 ? String.format(Locale.ROOT, ", %.0f %% loss each way", loss * 100) : "");

        section("1. The interfaces come up",
                "Each host announces its address and MAC with a gratuitous ARP (a broadcast request for",
                "its own address), so that any stale cache entries on the LAN are corrected.");
        sim.runFor(1 * MS);

        section("2. alice looks up bob's address: ARP, then DNS over UDP",
                "alice knows bob only by name. Her resolver asks the DNS server on bob (" + bobIp + ", UDP",
                "port 53): a query with a random ID, from a random source port. The datagram is for her own",
                "subnet, so Ethernet must carry it straight to bob — but Ethernet needs bob's MAC. alice's",
                "ARP cache has no entry, so she broadcasts \"who-has " + bobIp + "\" and parks the query in the",
                "ARP queue (it is not dropped). bob answers with his MAC, the parked query leaves at once,",
                "and bob's DNS server answers it authoritatively. bob needs no ARP for his answer: he",
                "learned alice's MAC from her request.");
        ok &= lookUp(sim, alice, "bob.example.test");
        out.println();
        out.println("Asked again, the resolver answers from its cache, until the record's TTL runs out: no datagram.");
        ok &= lookUp(sim, alice, "bob.example.test");

        section("3. alice pings bob: echo request, echo reply",
                "With bob's MAC in her ARP cache, each ping is two frames: an ICMP echo request (type 8)",
                "carrying an identifier, a sequence number and 56 bytes of data, and bob's echo reply",
                "(type 0) carrying them back. The round-trip time is two trips over the wire.");
        SimPing ping = new SimPing(sim, alice, bobIp, 0x4e34, 56);
        ok &= report(ping.run(3, 10 * MS, 2_000 * MS), 3);

        section("4. A large ping: fragmentation and reassembly",
                "ping -s 3000 makes an IP datagram of 3028 bytes, more than the 1500-byte MTU. IP cuts it",
                "into fragments of at most 1480 data bytes (offsets 0, 1480, 2960; More Fragments set on all",
                "but the last). bob reassembles the datagram, answers it, and his reply is fragmented too.");
        SimPing big = new SimPing(sim, alice, bobIp, 0x4e35, 3000);
        ok &= report(big.run(1, 0, 2_000 * MS), 1);
        big.close();

        if (loss > 0) {
            section("5. A lossy link",
                    "The fault injector drops frames at random. A lost request or reply is simply a ping",
                    "without an answer: ICMP does not retransmit (TCP will).");
            out.println();
            List<PingEvent> events = ping.run(20, 10 * MS, 1_000 * MS);
            events.forEach(e -> out.println("  " + PingFormat.line(e)));
            out.println("  " + ping.statistics().summary((sim.now()) / MS).replace("\n", "\n  "));
        } else {
            section("5. A lossy link", "(run with --loss 20 to see pings lost on the wire)");
        }
        ping.close();

        Ipv4Address nobody = Ipv4Address.parse("198.51.100.99");
        section("6. Nobody home: ARP gives up",
                "alice pings " + nobody + ", which no host has. Her ARP request goes unanswered; she asks three",
                "times, one second apart, then gives up: the parked echo request is dropped and ping is told",
                "\"Destination Host Unreachable\" by alice's own stack.");
        SimPing lost = new SimPing(sim, alice, nobody, 0x4e36, 56);
        List<PingEvent> lostEvents = lost.run(1, 0, 5_000 * MS);
        lostEvents.forEach(e -> out.println("  " + PingFormat.line(e)));
        ok &= lostEvents.size() == 1 && lostEvents.get(0) instanceof PingEvent.Error;
        lost.close();

        section("7. What the stacks know now", "");
        for (Stack s : List.of(alice, bob)) {
            out.println("  " + s.name() + " neighbours:");
            for (Neighbor n : s.neighbors(sim.now())) {
                out.println("    " + n);
            }
            out.println("  " + s.name() + " counters: " + s.stats().counters());
            for (DropCounters d : s.stats().drops()) {
                if (d.total() > 0) {
                    out.println("  " + s.name() + " " + d);
                }
            }
        }
        out.println();
        out.println(ok ? "Demo complete." : "Demo finished, but a step did not go as narrated (see above).");
        return ok;
    }

    /** Resolves {@code name} with alice's resolver in virtual time and prints the outcome. */
    private boolean lookUp(Simulation sim, Stack alice, String name) {
        DnsOutcome[] outcome = new DnsOutcome[1];
        DnsClient client = resolvers.get(alice);
        long queriesBefore = client.stats().queriesSent();
        sim.schedule(sim.now(), now -> client.lookup(name, now, o -> outcome[0] = o));
        sim.runUntil(() -> outcome[0] != null, 10_000 * MS);
        out.println();
        switch (outcome[0]) {
            case DnsResult r -> out.printf(Locale.ROOT, "  %s -> %s  (%s, %d DNS quer%s sent, %.3f ms)%n", name,
                    r.addresses(), r.source() == DnsResult.Source.CACHE ? "from the cache" : "answered by " + r.server(),
                    client.stats().queriesSent() - queriesBefore,
                    client.stats().queriesSent() - queriesBefore == 1 ? "y" : "ies", r.elapsedNanos() / 1e6);
            case DnsFailure f -> out.println("  " + name + ": " + f.kind() + " (" + f.message() + ")");
            case null -> out.println("  " + name + ": no answer in time");
        }
        return loss > 0 || outcome[0] instanceof DnsResult;
    }

    private boolean report(List<PingEvent> events, int expected) {
        out.println();
        events.forEach(e -> out.println("  " + PingFormat.line(e)));
        long replies = events.stream().filter(e -> e instanceof PingEvent.Reply r && !r.duplicate()).count();
        return loss > 0 || replies == expected;
    }

    private void section(String title, String... lines) {
        out.println();
        out.println("== " + title + " ==");
        for (String l : lines) {
            if (!l.isEmpty()) {
                out.println(l);
            }
        }
        out.println();
    }
}
