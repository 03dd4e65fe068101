package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.IP_C;
import static io.netstack4j.iface.Frames.IP_GW;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.MAC_C;
import static io.netstack4j.iface.Frames.MAC_GW;
import static io.netstack4j.iface.Frames.MS;
import static io.netstack4j.iface.Frames.SEC;
import static io.netstack4j.iface.Frames.arp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARP (RFC 826) scripted with explicit times: host A is the stack under test. */
class ArpTest {
    private final FrameRecorder rec = new FrameRecorder();

    private Stack stack(StackConfig.Builder b) {
        Stack s = new Stack(b.build(), rec);
        s.start(0);
        rec.clear();
        return s;
    }

    private static byte[] requestFrom(MacAddress sha, io.netstack4j.wire.Ipv4Address spa,
                                      io.netstack4j.wire.Ipv4Address tpa) {
        return arp(ArpRepr.REQUEST, MacAddress.BROADCAST, sha, spa, MacAddress.ZERO, tpa);
    }

    private static byte[] replyFrom(MacAddress sha, io.netstack4j.wire.Ipv4Address spa) {
        return arp(ArpRepr.REPLY, MAC_A, sha, spa, MAC_A, IP_A);
    }

    private static Neighbor neighbor(Stack s, io.netstack4j.wire.Ipv4Address a, long now) {
        return s.neighbors(now).stream().filter(n -> n.address().equals(a)).findFirst().orElse(null);
    }

    @Test
    void gratuitousArpWhenTheInterfaceComesUp() {
        Stack s = new Stack(Frames.configA().address("203.0.113.9/24").build(), rec);
        s.start(5 * MS);
        List<Frame> sent = rec.takeAll();
        assertEquals(2, sent.size(), "one announcement per address");
        Frame f = sent.getFirst();
        assertTrue(f.eth().destination().isBroadcast());
        assertEquals(new ArpRepr(ArpRepr.REQUEST, MAC_A, IP_A, MacAddress.ZERO, IP_A), f.arp());
        assertEquals(5 * MS, f.at());
        assertEquals(io.netstack4j.wire.Ipv4Address.parse("203.0.113.9"), sent.get(1).arp().targetProtocol());
        s.start(6 * MS);
        assertEquals(0, rec.size(), "start is idempotent");
        assertEquals(Long.MAX_VALUE, s.poll(6 * MS), "no timers without neighbours");
    }

    @Test
    void answersARequestForItsAddressAndLearnsTheSender() {
        Stack s = stack(Frames.configA());
        s.receiveFrame(requestFrom(MAC_B, IP_B, IP_A), 0, 42, 10 * MS);
        Frame reply = rec.take();
        assertEquals(MAC_B, reply.eth().destination());
        assertEquals(new ArpRepr(ArpRepr.REPLY, MAC_A, IP_A, MAC_B, IP_B), reply.arp());
        Neighbor n = neighbor(s, IP_B, 10 * MS);
        assertEquals(MAC_B, n.mac());
        assertEquals(NeighborState.REACHABLE, n.state());
        assertEquals(1, s.stats().counters().get("arp.replies.sent"));
    }

    @Test
    void ignoresRequestsForOtherAddressesAndDoesNotLearnFromThem() {
        Stack s = stack(Frames.configA());
        s.receiveFrame(requestFrom(MAC_B, IP_B, IP_C), 0, 42, 0);
        assertEquals(0, rec.size());
        assertTrue(s.neighbors(0).isEmpty(), "RFC 826: only merged if already in the table");
        assertEquals(1, s.stats().arpDrops().get(DropReason.ARP_NOT_FOR_US));
    }

    @Test
    void overheardPacketUpdatesAKnownEntryByTheMergeRule() {
        Stack s = stack(Frames.configA());
        Frames.learnB(s, rec, 0);
        // B moved to a new MAC and announces it (gratuitous ARP, target = itself).
        s.receiveFrame(requestFrom(MAC_C, IP_B, IP_B), 0, 42, 1 * SEC);
        Neighbor n = neighbor(s, IP_B, 1 * SEC);
        assertEquals(MAC_C, n.mac());
        assertEquals(NeighborState.STALE, n.state(), "unconfirmed information: re-confirm on use");
        assertEquals(0, rec.size(), "not for us: no reply");
        assertEquals(0, s.stats().arpDrops().total(), "a merged packet is not a drop");
    }

    @Test
    void malformedAndBogusArpIsCounted() {
        Stack s = stack(Frames.configA());
        byte[] f = requestFrom(MAC_B, IP_B, IP_A);
        s.receiveFrame(f, 0, 30, 0); // 16 bytes of ARP
        assertEquals(1, s.stats().arpDrops().get(DropReason.TRUNCATED));
        byte[] groupSender = requestFrom(MAC_B, IP_B, IP_A);
        new ArpRepr(ArpRepr.REQUEST, MacAddress.parse("03:00:00:00:00:01"), IP_B, MacAddress.ZERO, IP_A)
                .emit(groupSender, 14);
        s.receiveFrame(groupSender, 0, 42, 0);
        s.receiveFrame(requestFrom(MAC_B, IP_A, IP_A), 0, 42, 0); // someone else claims our address
        assertEquals(2, s.stats().arpDrops().get(DropReason.BAD_SOURCE));
        assertEquals(0, rec.size());
        assertTrue(s.neighbors(0).isEmpty());
    }

    @Test
    void firstDatagramIsQueuedWhileResolvingAndSentOnReply() {
        Stack s = stack(Frames.configA());
        byte[] data = Frames.pattern(56);
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(IP_B, 7, 1, data, 0));
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(IP_B, 7, 2, data, 1 * MS));
        Frame req = rec.take();
        assertTrue(req.eth().destination().isBroadcast());
        assertEquals(new ArpRepr(ArpRepr.REQUEST, MAC_A, IP_A, MacAddress.ZERO, IP_B), req.arp());
        assertEquals(0, rec.size(), "one request per resolution, not per datagram");
        Neighbor n = neighbor(s, IP_B, 2 * MS);
        assertEquals(NeighborState.INCOMPLETE, n.state());
        assertEquals(2, n.queued());
        assertEquals(1 * SEC, s.poll(2 * MS), "next: retransmission");

        s.receiveFrame(replyFrom(MAC_B, IP_B), 0, 42, 3 * MS);
        List<Frame> out = rec.takeAll();
        assertEquals(2, out.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(MAC_B, out.get(i).eth().destination());
            assertEquals(3 * MS, out.get(i).at());
            IcmpRepr.EchoRequest e = assertInstanceOf(IcmpRepr.EchoRequest.class, out.get(i).icmp());
            assertEquals(i + 1, e.sequence(), "in order");
            assertArrayEquals(data, e.data());
        }
        assertEquals(NeighborState.REACHABLE, neighbor(s, IP_B, 3 * MS).state());
        assertEquals(0, s.stats().arpDrops().get(DropReason.QUEUE_FULL));
        assertEquals(3 * MS + 30 * SEC, s.poll(3 * MS), "next: reachable → stale");
    }

    @Test
    void retriesThreeTimesAtOneSecondThenReportsHostUnreachable() {
        Stack s = stack(Frames.configA());
        EchoRecorder echo = new EchoRecorder();
        s.icmp().bindEcho(7, echo);
        s.icmp().sendEchoRequest(IP_B, 7, 1, Frames.pattern(8), 0);
        s.icmp().sendEchoRequest(IP_B, 7, 2, Frames.pattern(8), 500 * MS);
        assertEquals(0, rec.take().at());
        assertEquals(1 * SEC, s.poll(500 * MS));
        assertEquals(2 * SEC, s.poll(1 * SEC));
        assertEquals(1 * SEC, rec.take().at());
        assertEquals(3 * SEC, s.poll(2 * SEC));
        Frame third = rec.take();
        assertEquals(2 * SEC, third.at());
        assertEquals(IP_B, third.arp().targetProtocol());
        assertTrue(echo.errors.isEmpty());
        assertEquals(Long.MAX_VALUE, s.poll(3 * SEC), "gave up: entry gone");
        assertEquals(0, rec.size(), "three requests only");
        assertEquals(2, echo.errors.size());
        for (int i = 0; i < 2; i++) {
            EchoRecorder.Error e = echo.errors.get(i);
            assertEquals(IP_A, e.reporter());
            assertEquals(i + 1, e.sequence());
            IcmpRepr.DestinationUnreachable du = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, e.error());
            assertEquals(IcmpRepr.CODE_HOST_UNREACHABLE, du.code());
            assertEquals(IP_B, io.netstack4j.wire.Ipv4Address.read(du.quoted(), 16), "quotes our datagram");
        }
        assertEquals(2, s.stats().arpDrops().get(DropReason.ARP_UNRESOLVED));
        assertNull(neighbor(s, IP_B, 3 * SEC));
        // A later datagram starts a fresh resolution.
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(IP_B, 7, 3, Frames.pattern(8), 4 * SEC));
        assertTrue(rec.take().isArp());
    }

    @Test
    void pendingQueueIsBoundedAndOverflowIsCounted() {
        Stack s = stack(Frames.configA().arpPendingPackets(3));
        for (int i = 1; i <= 5; i++) {
            SendResult r = s.icmp().sendEchoRequest(IP_B, 7, i, Frames.pattern(8), i * MS);
            assertEquals(i <= 3 ? SendResult.QUEUED : SendResult.QUEUE_FULL, r);
        }
        assertEquals(2, s.stats().arpDrops().get(DropReason.QUEUE_FULL));
        rec.clear();
        s.receiveFrame(replyFrom(MAC_B, IP_B), 0, 42, 10 * MS);
        assertEquals(3, rec.takeAll().size());

        Stack bytes = stack(Frames.configA().arpPendingBytes(100));
        assertEquals(SendResult.QUEUED, bytes.icmp().sendEchoRequest(IP_C, 7, 1, Frames.pattern(50), 0));
        assertEquals(SendResult.QUEUE_FULL, bytes.icmp().sendEchoRequest(IP_C, 7, 2, Frames.pattern(50), 0),
                "58 + 58 bytes > 100");
    }

    @Test
    void reachableTurnsStaleAndIsReconfirmedWhenUsed() {
        Stack s = stack(Frames.configA());
        Frames.learnB(s, rec, 0);
        assertEquals(30 * SEC, s.poll(1 * SEC));
        s.poll(30 * SEC);
        assertEquals(NeighborState.STALE, neighbor(s, IP_B, 30 * SEC).state());
        // Used while stale: the datagram goes at once, and a unicast request re-confirms B.
        assertEquals(SendResult.SENT, s.icmp().sendEchoRequest(IP_B, 7, 1, Frames.pattern(8), 31 * SEC));
        List<Frame> sent = rec.takeAll();
        assertEquals(2, sent.size());
        Frame data = sent.stream().filter(Frame::isIpv4).findFirst().orElseThrow();
        assertEquals(MAC_B, data.eth().destination());
        Frame probe = sent.stream().filter(Frame::isArp).findFirst().orElseThrow();
        assertEquals(MAC_B, probe.eth().destination(), "probe is unicast");
        assertEquals(IP_B, probe.arp().targetProtocol());
        assertEquals(NeighborState.PROBE, neighbor(s, IP_B, 31 * SEC).state());
        s.receiveFrame(replyFrom(MAC_B, IP_B), 0, 42, 31 * SEC + 2 * MS);
        assertEquals(NeighborState.REACHABLE, neighbor(s, IP_B, 32 * SEC).state());
    }

    @Test
    void unansweredProbeRemovesTheEntry() {
        Stack s = stack(Frames.configA());
        Frames.learnB(s, rec, 0);
        s.poll(30 * SEC);
        s.icmp().sendEchoRequest(IP_B, 7, 1, Frames.pattern(8), 31 * SEC);
        rec.clear();
        s.poll(32 * SEC);
        s.poll(33 * SEC);
        assertEquals(2, rec.takeAll().size(), "probes 2 and 3");
        s.poll(34 * SEC);
        assertNull(neighbor(s, IP_B, 34 * SEC));
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(IP_B, 7, 2, Frames.pattern(8), 35 * SEC));
    }

    @Test
    void unusedStaleEntryIsGarbageCollected() {
        Stack s = stack(Frames.configA());
        Frames.learnB(s, rec, 0);
        assertEquals(90 * SEC, s.poll(30 * SEC), "stale at 30 s, collected 60 s later");
        assertEquals(NeighborState.STALE, neighbor(s, IP_B, 89 * SEC).state());
        assertEquals(Long.MAX_VALUE, s.poll(90 * SEC));
        assertTrue(s.neighbors(90 * SEC).isEmpty());
    }

    @Test
    void fullCacheEvictsTheOldestStaleEntry() {
        Stack s = stack(Frames.configA().neighborCacheSize(2));
        Frames.learnB(s, rec, 0);
        s.receiveFrame(requestFrom(MAC_C, IP_C, IP_A), 0, 42, 10 * SEC);
        s.poll(30 * SEC); // B stale, C still reachable
        s.receiveFrame(requestFrom(MAC_GW, IP_GW, IP_A), 0, 42, 31 * SEC);
        List<Neighbor> ns = s.neighbors(31 * SEC);
        assertEquals(List.of(IP_C, IP_GW), ns.stream().map(Neighbor::address).toList());
        assertEquals(1, s.neighborEvictions());
    }

    @Test
    void cacheFullOfIncompleteEntriesRefusesNewResolutions() {
        Stack s = stack(Frames.configA().neighborCacheSize(1));
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(IP_B, 7, 1, Frames.pattern(8), 0));
        assertEquals(SendResult.QUEUE_FULL, s.icmp().sendEchoRequest(IP_C, 7, 2, Frames.pattern(8), 0));
        assertEquals(1, s.stats().arpDrops().get(DropReason.QUEUE_FULL));
        assertEquals(1, s.neighbors(0).size());
    }

    @Test
    void gatewayIsResolvedForOffLinkDestinations() {
        Stack s = stack(Frames.configA().gateway(IP_GW));
        assertEquals(SendResult.QUEUED, s.icmp().sendEchoRequest(Frames.REMOTE, 7, 1, Frames.pattern(8), 0));
        assertEquals(IP_GW, rec.take().arp().targetProtocol());
        s.receiveFrame(replyFrom(MAC_GW, IP_GW), 0, 42, 1 * MS);
        Frame f = rec.take();
        assertEquals(MAC_GW, f.eth().destination());
        assertEquals(Frames.REMOTE, f.ip().destination());
    }
}
