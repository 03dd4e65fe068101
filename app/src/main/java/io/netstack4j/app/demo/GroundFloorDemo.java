package io.netstack4j.app.demo;

import io.netstack4j.app.ping.PingEvent;
import io.netstack4j.app.ping.PingFormat;
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
import io.netstack4j.stats.DropCounters;
import io.netstack4j.time.ManualClock;
import io.netstack4j.trace.TextTrace;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ground floor's demo: two hosts, alice and bob, on an in-process Ethernet LAN, in virtual
 * time. It narrates interface start-up (gratuitous ARP), address resolution with the echo request
 * parked in the ARP queue, echo request and reply, fragmentation and reassembly of a large ping,
 * a lossy link if asked, and ARP giving up on an address nobody has — every frame printed as it
 * crosses the wire.
 */
public final class GroundFloorDemo {
    /** One-way delay of the virtual wire, so round-trip times are not zero. */
    static final long WIRE_DELAY_NANOS = 100_000;
    static final long MS = 1_000_000L;

    private final PrintStream out;
    private final double loss;
    private final Path pcapFile;
    private final long seed;
    private final boolean showFrames = true;

    /**
     * @param out      where the narration goes
     * @param loss     probability (0..1) that the LAN drops a frame, each way
     * @param pcapFile a pcapng capture of both hosts' frames, or null
     * @param seed     the fault injector's seed
     */
    public GroundFloorDemo(PrintStream out, double loss, Path pcapFile, long seed) {
        this.out = out;
        this.loss = loss;
        this.pcapFile = pcapFile;
        this.seed = seed;
    }

    /** Runs the demo; returns true when every step went as narrated. */
    public boolean run() throws IOException {
        ManualClock clock = new ManualClock();
        Simulation sim = new Simulation(clock);
        VirtualLan lan = new VirtualLan(seed);
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
        return sim.add(new Stack(config, port::transmit), port).stack();
    }

    private boolean narrate(Simulation sim, Stack alice, Stack bob) {
        Ipv4Address bobIp = bob.addresses().get(0).address();
        boolean ok = true;
        out.println("netstack4j demo — the ground floor: Ethernet, ARP, IPv4 and ICMP, in virtual time");
        out.println();
        out.printf("  alice  %-16s mac %s%n", alice.addresses().get(0), alice.mac());
        out.printf("  bob    %-16s mac %s%n", bob.addresses().get(0), bob.mac());
        out.printf(Locale.ROOT, "  one Ethernet LAN (a learning switch), MTU %d, %.1f ms each way%s%n", alice.mtu(),
                WIRE_DELAY_NANOS / 1e6, loss > 0 ? String.format(Locale.ROOT, ", %.0f %% loss each way", loss * 100) : "");

        section("1. The interfaces come up",
                "Each host announces its address and MAC with a gratuitous ARP (a broadcast request for",
                "its own address), so that any stale cache entries on the LAN are corrected.");
        sim.runFor(1 * MS);

        section("2. alice pings bob: first, ARP",
                "alice has an IP datagram for " + bobIp + ", which is on her own subnet, so Ethernet must carry",
                "it straight to bob — but Ethernet needs bob's MAC. alice's ARP cache has no entry, so she",
                "broadcasts \"who-has " + bobIp + "\" and parks the echo request in the ARP queue (it is not",
                "dropped). bob answers with his MAC, alice's entry becomes REACHABLE, and the parked echo",
                "request leaves at once. bob's reply needs no ARP: he learned alice's MAC from her request.");
        SimPing ping = new SimPing(sim, alice, bobIp, 0x4e34, 56);
        ok &= report(ping.run(1, 0, 2_000 * MS), 1);

        section("3. Echo request, echo reply",
                "With both caches filled, each ping is two frames: an ICMP echo request (type 8) carrying",
                "an identifier, a sequence number and 56 bytes of data, and bob's echo reply (type 0)",
                "carrying them back. The round-trip time is two trips over the wire.");
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
