package io.netstack4j.route;

import io.netstack4j.iface.Stack;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router's forwarding path, scripted frame by frame with explicit times (RFC 1812 §5): a
 * client-side link eth0 (198.51.100.0/24) and a server-side link eth1 (203.0.113.0/24, MTU 576).
 */
class RouterForwardingTest {
    static final long MS = 1_000_000L;
    static final MacAddress R0 = MacAddress.parse("02:00:00:00:01:00");
    static final MacAddress R1 = MacAddress.parse("02:00:00:00:01:01");
    static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress SERVER_MAC = MacAddress.parse("02:00:00:00:00:0b");
    static final Ipv4Address R0_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address R1_IP = Ipv4Address.parse("203.0.113.1");
    static final Ipv4Address CLIENT = Ipv4Address.parse("198.51.100.10");
    static final Ipv4Address SERVER = Ipv4Address.parse("203.0.113.10");
    static final int UDP = IpProtocol.UDP;

    private final ScriptedLink eth0 = new ScriptedLink("eth0", 1500);
    private final ScriptedLink eth1 = new ScriptedLink("eth1", 576);
    private Router router;

    @BeforeEach
    void setUp() {
        router = Router.builder("r").iface("eth0", eth0, R0, "198.51.100.1/24")
                .iface("eth1", eth1, R1, "203.0.113.1/24").build();
        for (RouterInterface f : router.interfaces()) {
            f.stack().start(0);
        }
        eth0.take();
        eth1.take();
    }

    private Stack in0() {
        return router.iface("eth0").stack();
    }

    private Stack in1() {
        return router.iface("eth1").stack();
    }

    /** A datagram: a 20-byte header and a patterned payload. */
    static byte[] datagram(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, int flags, int payloadLen) {
        byte[] d = new byte[20 + payloadLen];
        for (int i = 0; i < payloadLen; i++) {
            d[20 + i] = (byte) (i * 7 + 1);
        }
        Ipv4Packet.emit(d, 0, src.bits(), dst.bits(), protocol, ttl, 0x1234, flags, d.length);
        return d;
    }

    static byte[] frame(MacAddress dst, MacAddress src, int type, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        new EthernetRepr(dst, src, type).emit(f, 0);
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    private void fromClient(byte[] datagram, long now) {
        fromClient(R0, datagram, now);
    }

    private void fromClient(MacAddress ethDst, byte[] datagram, long now) {
        byte[] f = frame(ethDst, CLIENT_MAC, EtherType.IPV4, datagram);
        in0().receiveFrame(f, 0, f.length, now);
    }

    /** The server answers the router's ARP request on eth1 (and the queued datagrams leave). */
    private void serverAnswersArp(long now) {
        byte[] arp = new byte[ArpRepr.LEN];
        new ArpRepr(ArpRepr.REPLY, SERVER_MAC, SERVER, R1, R1_IP).emit(arp, 0);
        byte[] f = frame(R1, SERVER_MAC, EtherType.ARP, arp);
        in1().receiveFrame(f, 0, f.length, now);
    }

    /** The client is known on eth0 (it asked for the router's MAC). */
    private void clientKnown(long now) {
        byte[] arp = new byte[ArpRepr.LEN];
        new ArpRepr(ArpRepr.REQUEST, CLIENT_MAC, CLIENT, MacAddress.ZERO, R0_IP).emit(arp, 0);
        byte[] f = frame(MacAddress.BROADCAST, CLIENT_MAC, EtherType.ARP, arp);
        in0().receiveFrame(f, 0, f.length, now);
        eth0.take();
    }

    private static int etherType(byte[] f) {
        return Bytes.u16(f, 12);
    }

    private static byte[] ip(byte[] f) {
        return Arrays.copyOfRange(f, 14, f.length);
    }

    private static IcmpRepr icmp(byte[] f) throws MalformedPacketException {
        byte[] d = ip(f);
        assertEquals(IpProtocol.ICMP, d[9]);
        int hl = (d[0] & 0x0F) * 4;
        return IcmpRepr.parse(d, hl, Bytes.u16(d, 2) - hl);
    }

    private void assertLedger() {
        RouterStats s = router.stats();
        assertEquals(s.received(), s.forwarded() + s.local() + s.forwardDrops().total(), s.toString());
        assertEquals(in0().stats().ipToForwarder() + in1().stats().ipToForwarder(), s.received());
    }

    @Test
    void forwardsAfterArpWithTtlDecrementedAndChecksumUpdated() {
        byte[] d = datagram(CLIENT, SERVER, UDP, 64, 0, 100);
        fromClient(d, 0);
        fromClient(d, 1 * MS);
        // The next hop is resolved first: one ARP request on eth1, both datagrams wait in its queue.
        List<byte[]> out = eth1.take();
        assertEquals(1, out.size());
        assertEquals(EtherType.ARP, etherType(out.getFirst()));
        assertEquals(2, router.stats().forwarded());
        serverAnswersArp(2 * MS);
        out = eth1.take();
        assertEquals(2, out.size(), "the queued datagrams leave once ARP resolves");
        for (byte[] f : out) {
            assertEquals(SERVER_MAC.bits(), Bytes.u48(f, 0));
            assertEquals(R1.bits(), Bytes.u48(f, 6));
            byte[] g = ip(f);
            assertEquals(63, g[8] & 0xFF, "TTL decremented");
            assertEquals(0, Checksum.compute(g, 0, 20), "checksum updated (RFC 1624)");
            // Only TTL and checksum changed.
            byte[] expect = d.clone();
            expect[8] = 63;
            expect[10] = g[10];
            expect[11] = g[11];
            assertArrayEquals(expect, g);
        }
        // Resolved now: the next one goes at once.
        fromClient(d, 3 * MS);
        assertEquals(1, eth1.take().size());
        assertEquals(3, router.stats().forwarded());
        assertLedger();
    }

    @Test
    void incrementalChecksumMatchesAFullRecomputation() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] h = new byte[20];
        for (int i = 0; i < 100_000; i++) {
            Ipv4Packet.emit(h, 0, r.nextInt(), r.nextInt(), r.nextInt(256), 1 + r.nextInt(255), r.nextInt(65536),
                    r.nextInt(65536), 20 + r.nextInt(65516));
            int ttl = h[8] & 0xFF;
            ForwardHeader.decrementTtl(h, 0);
            assertEquals(ttl - 1, h[8] & 0xFF);
            assertEquals(0, Checksum.compute(h, 0, 20), "header " + Arrays.toString(h));
            int incremental = Bytes.u16(h, 10);
            h[10] = 0;
            h[11] = 0;
            assertEquals(Checksum.compute(h, 0, 20), incremental);
        }
    }

    @Test
    void ttlOneGetsTimeExceededQuotingTheHeaderAndData() throws Exception {
        clientKnown(0);
        byte[] d = datagram(CLIENT, SERVER, UDP, 1, 0, 12);
        fromClient(d, 1 * MS);
        assertTrue(eth1.take().isEmpty(), "not forwarded");
        List<byte[]> out = eth0.take();
        assertEquals(1, out.size());
        byte[] g = ip(out.getFirst());
        assertEquals(R0_IP.bits(), Bytes.u32(g, 12), "from the address of the interface it leaves by");
        assertEquals(CLIENT.bits(), Bytes.u32(g, 16));
        IcmpRepr.TimeExceeded t = assertInstanceOf(IcmpRepr.TimeExceeded.class, icmp(out.getFirst()));
        assertEquals(IcmpRepr.CODE_TTL_EXCEEDED, t.code());
        assertTrue(t.quoted().length >= 28, "header + 8 bytes (RFC 792)");
        assertArrayEquals(d, t.quoted(), "the datagram as it arrived, all 32 bytes of it");
        assertEquals(1, router.stats().forwardDrops().get(DropReason.TTL_EXPIRED));
        assertEquals(1, router.stats().timeExceededSent());
        assertLedger();
    }

    @Test
    void timeExceededIsRateLimitedAndNeverAboutAnIcmpError() {
        clientKnown(0);
        for (int i = 0; i < 60; i++) {
            fromClient(datagram(CLIENT, SERVER, UDP, 1, 0, 8), 1 * MS);
        }
        assertEquals(50, eth0.take().size(), "the burst of the token bucket (50)");
        assertEquals(10, router.stats().icmpDrops().get(DropReason.ICMP_RATE_LIMITED));
        // An ICMP error with TTL 1 is dropped without a word (RFC 1812 §4.3.2.7).
        byte[] err = new byte[8 + 28];
        new IcmpRepr.DestinationUnreachable(3, 0, new byte[28]).emit(err, 0);
        byte[] d = new byte[20 + err.length];
        System.arraycopy(err, 0, d, 20, err.length);
        Ipv4Packet.emit(d, 0, CLIENT.bits(), SERVER.bits(), IpProtocol.ICMP, 1, 1, 0, d.length);
        fromClient(d, 10_000 * MS);
        assertTrue(eth0.take().isEmpty());
        assertEquals(61, router.stats().forwardDrops().get(DropReason.TTL_EXPIRED));
        assertLedger();
    }

    @Test
    void noRouteGetsNetUnreachable() throws Exception {
        clientKnown(0);
        fromClient(datagram(CLIENT, Ipv4Address.parse("192.0.2.7"), UDP, 64, 0, 8), 1 * MS);
        List<byte[]> out = eth0.take();
        assertEquals(1, out.size());
        IcmpRepr.DestinationUnreachable u = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, icmp(out.getFirst()));
        assertEquals(IcmpRepr.CODE_NET_UNREACHABLE, u.code());
        assertEquals(1, router.stats().forwardDrops().get(DropReason.NO_ROUTE));
        assertEquals(1, router.stats().netUnreachableSent());
        // A static route makes it reachable via a gateway on eth1.
        router.addRoute(io.netstack4j.wire.Ipv4Cidr.parse("192.0.2.0/24"), SERVER);
        serverAnswersArp(2 * MS);
        fromClient(datagram(CLIENT, Ipv4Address.parse("192.0.2.7"), UDP, 64, 0, 8), 3 * MS);
        List<byte[]> via = eth1.take();
        assertEquals(1, via.size());
        assertEquals(SERVER_MAC.bits(), Bytes.u48(via.getFirst(), 0), "to the gateway's MAC");
        assertEquals(Ipv4Address.parse("192.0.2.7").bits(), Bytes.u32(ip(via.getFirst()), 16));
        assertLedger();
    }

    @Test
    void fragmentsForTheSmallerMtu() {
        serverAnswersArp(0);
        byte[] d = datagram(CLIENT, SERVER, UDP, 64, 0, 1000);
        fromClient(d, 1 * MS);
        List<byte[]> out = eth1.take();
        assertEquals(2, out.size(), "1000 bytes in 552 + 448");
        byte[] whole = new byte[1000];
        int expectOffset = 0;
        for (int i = 0; i < out.size(); i++) {
            byte[] g = ip(out.get(i));
            assertTrue(g.length <= 576);
            assertEquals(0, Checksum.compute(g, 0, 20));
            assertEquals(63, g[8] & 0xFF);
            assertEquals(0x1234, Bytes.u16(g, 4), "identification kept");
            int flags = Bytes.u16(g, 6);
            assertEquals(i == 0, (flags & 0x2000) != 0, "MF on all but the last");
            assertEquals(expectOffset, (flags & 0x1FFF) * 8);
            System.arraycopy(g, 20, whole, expectOffset, g.length - 20);
            expectOffset += g.length - 20;
        }
        assertEquals(1000, expectOffset);
        assertArrayEquals(Arrays.copyOfRange(d, 20, d.length), whole);
        assertEquals(1, router.stats().fragmented());
        assertEquals(2, router.stats().fragmentsOut());
        assertLedger();
    }

    @Test
    void refragmentsAFragmentKeepingItsOffsetAndMoreFragments() {
        serverAnswersArp(0);
        // The middle piece of a larger datagram: offset 1480, MF set, 1000 bytes.
        byte[] d = datagram(CLIENT, SERVER, UDP, 64, 0x2000 | (1480 / 8), 1000);
        fromClient(d, 1 * MS);
        List<byte[]> out = eth1.take();
        assertEquals(2, out.size());
        assertEquals(0x2000 | (1480 / 8), Bytes.u16(ip(out.get(0)), 6));
        assertEquals(0x2000 | ((1480 + 552) / 8), Bytes.u16(ip(out.get(1)), 6), "MF stays set on the last piece");
    }

    @Test
    void fragmentsKeepOnlyCopiedOptionsAfterTheFirst() {
        serverAnswersArp(0);
        // IHL 7: a copied option (type 0x82, security-like, length 4) and a record-route-like option
        // that is not copied (type 7, length 4).
        int payload = 800;
        byte[] d = new byte[28 + payload];
        d[0] = 0x47;
        Bytes.put16(d, 2, d.length);
        d[8] = 64;
        d[9] = (byte) UDP;
        Bytes.put32(d, 12, CLIENT.bits());
        Bytes.put32(d, 16, SERVER.bits());
        d[20] = (byte) 0x82;
        d[21] = 4;
        d[24] = 7;
        d[25] = 4;
        d[26] = 4;
        Bytes.put16(d, 10, Checksum.compute(d, 0, 28));
        fromClient(d, 1 * MS);
        List<byte[]> out = eth1.take();
        assertEquals(2, out.size());
        byte[] first = ip(out.get(0));
        byte[] second = ip(out.get(1));
        assertEquals(0x47, first[0], "the first fragment keeps every option");
        assertEquals(0x46, second[0], "the others keep the copied one only");
        assertEquals((byte) 0x82, second[20]);
        assertEquals(0, Checksum.compute(second, 0, 24));
        int firstData = first.length - 28;
        assertEquals(firstData / 8, Bytes.u16(second, 6) & 0x1FFF);
        assertEquals(payload, firstData + second.length - 24);
    }

    @Test
    void dontFragmentGetsFragmentationNeededWithTheNextHopMtu() throws Exception {
        clientKnown(0);
        fromClient(datagram(CLIENT, SERVER, UDP, 64, 0x4000, 1000), 1 * MS);
        assertTrue(eth1.take().isEmpty());
        List<byte[]> out = eth0.take();
        assertEquals(1, out.size());
        IcmpRepr.DestinationUnreachable u = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, icmp(out.getFirst()));
        assertEquals(IcmpRepr.CODE_FRAGMENTATION_NEEDED, u.code());
        assertEquals(576, u.nextHopMtu(), "RFC 1191 §4");
        assertEquals(64, u.quoted()[8], "the header as it arrived (TTL not yet decremented)");
        assertEquals(1, router.stats().forwardDrops().get(DropReason.FRAGMENT_NEEDED));
        assertLedger();
    }

    @Test
    void neverForwardsBroadcastMulticastOrMartians() {
        clientKnown(0);
        serverAnswersArp(0);
        String[] dsts = {"203.0.113.255", "224.0.0.5", "239.1.2.3", "127.0.0.1", "0.1.2.3", "240.0.0.1",
                "169.254.1.1"};
        for (String dst : dsts) {
            fromClient(datagram(CLIENT, Ipv4Address.parse(dst), UDP, 64, 0, 8), 1 * MS);
        }
        // RFC 1812 §5.3.4: a unicast datagram in a link-layer broadcast frame.
        fromClient(MacAddress.BROADCAST, datagram(CLIENT, SERVER, UDP, 64, 0, 8), 1 * MS);
        assertEquals(dsts.length + 1, router.stats().forwardDrops().get(DropReason.NOT_FORWARDED));
        // Martian sources: a link-local one, one on 0/8, and the router's own other address.
        for (String src : new String[] {"169.254.9.9", "0.0.0.9", "203.0.113.1"}) {
            fromClient(datagram(Ipv4Address.parse(src), SERVER, UDP, 64, 0, 8), 1 * MS);
        }
        assertEquals(3, router.stats().forwardDrops().get(DropReason.BAD_SOURCE));
        // The limited broadcast never reaches the router: the interface takes it as its own.
        fromClient(MacAddress.BROADCAST, datagram(CLIENT, Ipv4Address.BROADCAST, UDP, 64, 0, 8), 1 * MS);
        assertTrue(eth1.take().isEmpty(), "nothing forwarded");
        assertTrue(eth0.take().isEmpty(), "and no ICMP error about any of them");
        assertEquals(0, router.stats().forwarded());
        assertLedger();
    }

    @Test
    void dropsSourceRoutedDatagrams() {
        serverAnswersArp(0);
        byte[] d = new byte[28 + 8];
        d[0] = 0x47;
        Bytes.put16(d, 2, d.length);
        d[8] = 64;
        d[9] = (byte) UDP;
        Bytes.put32(d, 12, CLIENT.bits());
        Bytes.put32(d, 16, SERVER.bits());
        d[20] = 1;               // NOP
        d[21] = (byte) 131;      // LSRR
        d[22] = 7;
        d[23] = 4;
        Bytes.put16(d, 10, Checksum.compute(d, 0, 28));
        fromClient(d, 1 * MS);
        assertTrue(eth1.take().isEmpty());
        assertEquals(1, router.stats().forwardDrops().get(DropReason.SOURCE_ROUTED));
    }

    @Test
    void arpQueueIsBoundedAndAFailedResolutionTellsTheSource() throws Exception {
        clientKnown(0);
        int bound = in1().config().arpPendingPackets();
        for (int i = 0; i < bound + 3; i++) {
            fromClient(datagram(CLIENT, SERVER, UDP, 64, 0, 8), 1 * MS);
        }
        assertEquals(bound, router.stats().forwarded());
        assertEquals(3, router.stats().forwardDrops().get(DropReason.QUEUE_FULL));
        assertEquals(3, in1().stats().arpDrops().get(DropReason.QUEUE_FULL));
        assertLedger();
        // Nobody answers: three requests, then host unreachable for the queued ones (rate-limited).
        for (long t = 1; t <= 4; t++) {
            for (RouterInterface f : router.interfaces()) {
                f.stack().poll(t * 1_000 * MS);
            }
        }
        assertEquals(3, eth1.take().size(), "three ARP requests");
        List<byte[]> errors = eth0.take();
        assertEquals(50, errors.size(), "host unreachable, up to the token bucket's burst");
        IcmpRepr.DestinationUnreachable u = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, icmp(errors.getFirst()));
        assertEquals(IcmpRepr.CODE_HOST_UNREACHABLE, u.code());
        assertEquals(bound, router.stats().counters().get("forward.unresolved"));
        assertEquals(0, in1().pool().outstanding() + in0().pool().outstanding(), "the queue gave its buffers back");
    }

    @Test
    void answersPingOnBothAddressesFromOneSide() throws Exception {
        clientKnown(0);
        for (Ipv4Address target : new Ipv4Address[] {R0_IP, R1_IP}) {
            byte[] echo = new byte[8 + 16];
            new IcmpRepr.EchoRequest(7, 1, new byte[16]).emit(echo, 0);
            byte[] d = new byte[20 + echo.length];
            System.arraycopy(echo, 0, d, 20, echo.length);
            Ipv4Packet.emit(d, 0, CLIENT.bits(), target.bits(), IpProtocol.ICMP, 64, 9, 0, d.length);
            fromClient(d, 1 * MS);
            List<byte[]> out = eth0.take();
            assertEquals(1, out.size(), "a reply to the ping of " + target);
            byte[] g = ip(out.getFirst());
            assertEquals(target.bits(), Bytes.u32(g, 12), "from the address pinged");
            assertEquals(CLIENT.bits(), Bytes.u32(g, 16));
            assertEquals(0, Checksum.compute(g, 0, 20));
            assertInstanceOf(IcmpRepr.EchoReply.class, icmp(out.getFirst()));
        }
        assertEquals(1, router.stats().echoRepliesSent(), "the far address answered by the router");
        assertEquals(1, router.stats().local());
        assertTrue(eth1.take().isEmpty());
        assertLedger();
        assertFalse(router.routes().isEmpty());
    }
}
