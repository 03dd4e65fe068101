package io.netstack4j.runtime;

import io.netstack4j.iface.EchoListener;
import io.netstack4j.iface.SendResult;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.time.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two stacks on a virtual LAN in virtual time: the acceptance runs for ARP, IPv4 and ICMP. */
class SimulationTest {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    static final Ipv4Address IP_A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("198.51.100.2");
    static final int ID = 0x5150;

    static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(new MacAddress(0x0200_0000_0000L | mac)).address(cidr).build();
    }

    /** Ping N's data: different for every N, so a reply can only match its own request. */
    static byte[] data(int seq, int size) {
        byte[] d = new byte[size];
        for (int i = 0; i < size; i++) {
            d[i] = (byte) (seq * 31 + i * 7);
        }
        return d;
    }

    /** A pinger on host A: requests scheduled at t = N × 10 ms, replies and errors checked on arrival. */
    static final class Pings implements EchoListener {
        final int count;
        final int size;
        final long[] sentAt;
        final SendResult[] results;
        final List<Integer> replied = new ArrayList<>();
        final List<IcmpRepr> errors = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Pings(int count, int size) {
            this.count = count;
            this.size = size;
            this.sentAt = new long[count + 1];
            this.results = new SendResult[count + 1];
            Arrays.fill(sentAt, -1);
        }

        void schedule(Simulation sim, Stack a, Ipv4Address target) {
            a.icmp().bindEcho(ID, this);
            for (int n = 1; n <= count; n++) {
                int seq = n;
                sim.schedule(n * 10 * MS, now -> {
                    sentAt[seq] = now;
                    results[seq] = a.icmp().sendEchoRequest(target, ID, seq, data(seq, size), now);
                });
            }
        }

        @Override
        public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] d, long now) {
            if (sequence < 1 || sequence > count || sentAt[sequence] < 0 || sentAt[sequence] > now) {
                problems.add("reply without a request: seq " + sequence);
            } else if (!Arrays.equals(d, data(sequence, size))) {
                problems.add("reply " + sequence + " carries other data");
            } else if (!from.equals(IP_B)) {
                problems.add("reply " + sequence + " from " + from);
            } else if (replied.contains(sequence)) {
                problems.add("second reply to " + sequence);
            }
            replied.add(sequence);
        }

        @Override
        public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long now) {
            errors.add(error);
        }

        int settled() {
            return replied.size() + errors.size();
        }
    }

    @Test
    void aThousandPingsOnALosslessLanAreAllAnswered() {
        ManualClock clock = new ManualClock();
        VirtualLan lan = new VirtualLan(1);
        Simulation sim = new Simulation(clock);
        Stack a = sim.addHost(config("a", 0xA, "198.51.100.1/24"), lan.attach("a")).stack();
        Stack b = sim.addHost(config("b", 0xB, "198.51.100.2/24"), lan.attach("b")).stack();
        Pings pings = new Pings(1000, 56);
        pings.schedule(sim, a, IP_B);

        assertTrue(sim.runUntil(() -> pings.settled() == 1000, 60 * SEC));
        assertEquals(List.of(), pings.problems);
        assertEquals(List.of(), pings.errors);
        assertEquals(1000, new TreeSet<>(pings.replied).size());
        assertEquals(SendResult.QUEUED, pings.results[1], "the first ping waits for ARP");
        for (int n = 2; n <= 1000; n++) {
            assertEquals(SendResult.SENT, pings.results[n]);
        }
        assertEquals(10 * SEC, clock.nanos(), "virtual time: the last reply comes at once");
        assertEquals(1000, b.stats().counters().get("icmp.echo.replies.sent"));
        for (Stack s : List.of(a, b)) {
            // Only the other host's gratuitous ARP, which names neither us nor a known neighbour.
            assertEquals(1, s.stats().arpDrops().get(DropReason.ARP_NOT_FOR_US), s.toString());
            assertEquals(1, s.stats().drops().stream().mapToLong(d -> d.total()).sum(), s + " dropped nothing else");
        }
    }

    /** A and B on one LAN; every frame between them passes A's port faults once, either way. */
    private record LossyRun(Pings pings, Stack a, Stack b) {
    }

    private static LossyRun lossyRun(long seed, int count, int size) {
        return lossyRun(seed, count, size, 10 * SEC);
    }

    private static LossyRun lossyRun(long seed, int count, int size, long tailNanos) {
        ManualClock clock = new ManualClock();
        VirtualLan lan = new VirtualLan(seed);
        FaultConfig faults = FaultConfig.NONE.withLoss(0.2).withReorder(0.2, 25 * MS).withDelay(2 * MS).withJitter(1 * MS);
        Simulation sim = new Simulation(clock);
        Stack a = sim.addHost(config("a", 0xA, "198.51.100.1/24"), lan.attach("a", faults, faults)).stack();
        Stack b = sim.addHost(config("b", 0xB, "198.51.100.2/24"), lan.attach("b")).stack();
        Pings pings = new Pings(count, size);
        pings.schedule(sim, a, IP_B);
        sim.runFor(count * 10 * MS + tailNanos);
        return new LossyRun(pings, a, b);
    }

    /**
     * The acceptance run, on 20 seeds. With 20 % loss each way an ARP exchange fails about a third
     * of the time, so now and then (about 5 % of seeds) three requests in a row go unanswered: the
     * queued pings then get "host unreachable" (as with Linux), and the next ping starts afresh.
     */
    @Test
    void aThousandPingsThroughLossAndReorderingMatchTheirRequests() {
        for (long seed = 1; seed <= 20; seed++) {
            String s = "seed " + seed + ": ";
            LossyRun run = lossyRun(seed, 1000, 56);
            Pings pings = run.pings();
            assertEquals(List.of(), pings.problems, s + "every reply matches a request sent before it");
            assertEquals(SendResult.QUEUED, pings.results[1], s + "the first ping was queued while ARP resolved");
            for (int n = 1; n <= 1000; n++) {
                assertTrue(pings.results[n].accepted(), s + "ping " + n + ": " + pings.results[n]);
            }
            for (Stack st : List.of(run.a(), run.b())) {
                assertEquals(0, st.stats().arpDrops().get(DropReason.QUEUE_FULL), s + st + ": nothing dropped while ARP resolves");
            }
            for (IcmpRepr e : pings.errors) {
                assertEquals(IcmpRepr.CODE_HOST_UNREACHABLE,
                        assertInstanceOf(IcmpRepr.DestinationUnreachable.class, e).code(), s);
            }
            assertEquals(pings.errors.size(), run.a().stats().arpDrops().get(DropReason.ARP_UNRESOLVED), s);
            // 20 % loss each way: about 64 % of the pings that went on the wire come back.
            double ratio = pings.replied.size() / (double) (1000 - pings.errors.size());
            assertTrue(ratio > 0.55 && ratio < 0.73, s + "answered " + pings.replied.size() + " of "
                    + (1000 - pings.errors.size()));
            boolean overtaken = false;
            for (int i = 1; i < pings.replied.size(); i++) {
                overtaken |= pings.replied.get(i) < pings.replied.get(i - 1);
            }
            assertTrue(overtaken, s + "replies arrived out of order at least once");
            assertEquals(run.b().stats().counters().get("icmp.echo.replies.sent"),
                    run.b().stats().counters().get("icmp.in"), s + "B answered every request that reached it");
        }
    }

    @Test
    void aSeedReplaysExactly() {
        LossyRun one = lossyRun(77, 200, 20);
        LossyRun two = lossyRun(77, 200, 20);
        assertEquals(one.pings().replied, two.pings().replied);
        assertEquals(one.a().stats().counters(), two.a().stats().counters());
    }

    @Test
    void fiveThousandBytePingsAreFragmentedAndAnsweredBothWays() {
        ManualClock clock = new ManualClock();
        VirtualLan lan = new VirtualLan(5);
        Simulation sim = new Simulation(clock);
        Stack a = sim.addHost(config("a", 0xA, "198.51.100.1/24"), lan.attach("a")).stack();
        Stack b = sim.addHost(config("b", 0xB, "198.51.100.2/24"), lan.attach("b")).stack();
        byte[] big = data(1, 5000);
        List<byte[]> atA = new ArrayList<>();
        List<byte[]> atB = new ArrayList<>();
        a.icmp().bindEcho(1, replyInto(atA));
        b.icmp().bindEcho(2, replyInto(atB));
        sim.schedule(10 * MS, now -> a.icmp().sendEchoRequest(IP_B, 1, 1, big, now));
        sim.schedule(20 * MS, now -> b.icmp().sendEchoRequest(IP_A, 2, 1, big, now));
        assertTrue(sim.runUntil(() -> atA.size() == 1 && atB.size() == 1, 10 * SEC));
        assertArrayEquals(big, atA.getFirst());
        assertArrayEquals(big, atB.getFirst());
        for (Stack s : List.of(a, b)) {
            // Each sends one 4-fragment request and one 4-fragment reply, and reassembles two.
            assertEquals(8, s.stats().counters().get("ip.fragments.out"), s.toString());
            assertEquals(8, s.stats().counters().get("ip.fragments.in"), s.toString());
            assertEquals(2, s.stats().counters().get("ip.reassembled"), s.toString());
            assertEquals(0, s.reassemblyMemory());
        }
    }

    @Test
    void largePingsThroughLossTimeOutCleanly() {
        LossyRun run = lossyRun(11, 100, 5000, 40 * SEC); // past the 30 s reassembly timeout
        Pings pings = run.pings();
        assertEquals(List.of(), pings.problems);
        assertTrue(pings.replied.size() > 3, "some got through: " + pings.replied.size());
        assertTrue(pings.replied.size() < 50, "most did not: " + pings.replied.size());
        long timeExceeded = 0;
        for (IcmpRepr e : pings.errors) {
            if (e instanceof IcmpRepr.TimeExceeded te) {
                assertEquals(IcmpRepr.CODE_REASSEMBLY_TIME_EXCEEDED, te.code());
                timeExceeded++;
            } else {
                assertEquals(IcmpRepr.CODE_HOST_UNREACHABLE, e.code());
            }
        }
        assertTrue(timeExceeded > 0, "B reported incomplete requests whose first fragment it had");
        for (Stack st : List.of(run.a(), run.b())) {
            assertEquals(0, st.reassemblyMemory(), st + ": everything reassembled or timed out");
            assertTrue(st.stats().ipv4Drops().get(DropReason.REASSEMBLY_TIMEOUT) > 0, st.toString());
        }
    }

    private static EchoListener replyInto(List<byte[]> out) {
        return new EchoListener() {
            @Override
            public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long now) {
                out.add(data);
            }

            @Override
            public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long now) {
                throw new AssertionError("error " + error);
            }
        };
    }

    @Test
    void theClockJumpsFromDeadlineToDeadline() {
        ManualClock clock = new ManualClock();
        VirtualLan lan = new VirtualLan(9);
        Simulation sim = new Simulation(clock);
        Stack a = sim.addHost(config("a", 0xA, "198.51.100.1/24"), lan.attach("a")).stack();
        List<Long> errorsAt = new ArrayList<>();
        a.icmp().bindEcho(3, new EchoListener() {
            @Override
            public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long now) {
            }

            @Override
            public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long now) {
                errorsAt.add(now);
            }
        });
        // Nobody has 198.51.100.9: three ARP requests at 1 s intervals, then host unreachable.
        sim.schedule(500 * MS, now -> a.icmp().sendEchoRequest(Ipv4Address.parse("198.51.100.9"), 3, 1, new byte[8], now));
        assertTrue(sim.runUntil(() -> !errorsAt.isEmpty(), 3600 * SEC));
        assertEquals(List.of(3500 * MS), errorsAt);
        assertNotNull(a.stats());
        assertEquals(4, a.stats().counters().get("arp.requests.sent"), "gratuitous + 3");
        assertFalse(sim.runUntil(() -> false, 5 * SEC));
        assertEquals(8500 * MS, clock.nanos());
    }
}
