package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.IP_C;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.MS;
import static io.netstack4j.iface.ProtocolRecorder.PROTO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ICMP (RFC 792, RFC 1122 §3.2.2): echo, errors sent and received, the rules and the rate limit. */
class IcmpTest {
    private final FrameRecorder rec = new FrameRecorder();

    private Stack stack(StackConfig.Builder b) {
        Stack s = new Stack(b.build(), rec);
        s.start(0);
        Frames.learnB(s, rec, 0);
        return s;
    }

    private Stack stack() {
        return stack(Frames.configA());
    }

    private static void send(Stack s, byte[] f, long now) {
        s.receiveFrame(f, 0, f.length, now);
    }

    private static byte[] unknownProtocol(Ipv4Address dst, MacAddress ethDst, int len, int id) {
        return Frames.ipv4(ethDst, MAC_B, Ipv4Repr.of(IP_B, dst, 99, 64, id, false, len), Frames.pattern(len));
    }

    @Test
    void echoRequestIsAnsweredWithTheSameIdentifierSequenceAndData() {
        Stack s = stack();
        byte[] data = Frames.pattern(56);
        send(s, Frames.icmp(MAC_A, MAC_B, IP_B, IP_A, 1, new IcmpRepr.EchoRequest(0x1234, 42, data)), 5 * MS);
        Frame f = rec.take();
        assertEquals(MAC_B, f.eth().destination());
        assertEquals(IP_A, f.ip().source());
        assertEquals(IP_B, f.ip().destination());
        assertEquals(64, f.ip().ttl());
        assertEquals(new IcmpRepr.EchoReply(0x1234, 42, data), f.icmp());
        assertEquals(5 * MS, f.at());
        assertEquals(1, s.stats().counters().get("icmp.echo.replies.sent"));
    }

    @Test
    void echoToABroadcastAddressIsIgnoredUnlessEnabled() {
        Stack s = stack();
        IcmpRepr req = new IcmpRepr.EchoRequest(1, 1, new byte[8]);
        send(s, Frames.icmp(MacAddress.BROADCAST, MAC_B, IP_B, Frames.SUBNET_BCAST, 1, req), 0);
        assertEquals(0, rec.size());
        assertEquals(1, s.stats().icmpDrops().get(DropReason.BROADCAST_ECHO_IGNORED));
        Stack answering = stack(Frames.configA().answerBroadcastEcho(true));
        send(answering, Frames.icmp(MacAddress.BROADCAST, MAC_B, IP_B, Ipv4Address.BROADCAST, 1, req), 0);
        Frame f = rec.take();
        assertEquals(IP_A, f.ip().source(), "the reply comes from our unicast address");
        assertInstanceOf(IcmpRepr.EchoReply.class, f.icmp());
    }

    @Test
    void echoRepliesGoToTheirBinding() {
        Stack s = stack();
        EchoRecorder echo = new EchoRecorder();
        s.icmp().bindEcho(7, echo);
        assertThrows(IllegalStateException.class, () -> s.icmp().bindEcho(7, new EchoRecorder()));
        send(s, Frames.icmp(MAC_A, MAC_B, IP_B, IP_A, 1, new IcmpRepr.EchoReply(7, 3, Frames.pattern(4))), 9 * MS);
        send(s, Frames.icmp(MAC_A, MAC_B, IP_B, IP_A, 2, new IcmpRepr.EchoReply(8, 3, Frames.pattern(4))), 9 * MS);
        assertEquals(1, echo.replies.size());
        EchoRecorder.Reply r = echo.replies.getFirst();
        assertEquals(IP_B, r.from());
        assertEquals(3, r.sequence());
        assertEquals(64, r.ttl());
        assertArrayEquals(Frames.pattern(4), r.data());
        assertEquals(1, s.stats().icmpDrops().get(DropReason.NO_LISTENER));
        s.icmp().unbindEcho(7);
        assertFalse(s.icmp().isEchoBound(7));
    }

    @Test
    void unregisteredProtocolGetsProtocolUnreachableQuotingUpTo576Bytes() {
        Stack s = stack();
        byte[] f = unknownProtocol(IP_A, MAC_A, 1000, 77);
        send(s, f, 0);
        Frame err = rec.take();
        assertEquals(IP_B, err.ip().destination());
        IcmpRepr.DestinationUnreachable du = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, err.icmp());
        assertEquals(IcmpRepr.CODE_PROTOCOL_UNREACHABLE, du.code());
        assertArrayEquals(Arrays.copyOfRange(f, 14, 14 + 548), du.quoted());
        assertEquals(576, err.ip().totalLength());
        assertEquals(1, s.stats().ipv4Drops().get(DropReason.UNSUPPORTED));

        send(s, unknownProtocol(IP_A, MAC_A, 10, 78), 0);
        IcmpRepr.DestinationUnreachable shortQuote =
                assertInstanceOf(IcmpRepr.DestinationUnreachable.class, rec.take().icmp());
        assertEquals(20 + 10, shortQuote.quoted().length, "a short datagram is quoted whole");
    }

    @Test
    void errorsAreRateLimitedByATokenBucket() {
        Stack s = stack();
        for (int i = 0; i < 60; i++) {
            send(s, unknownProtocol(IP_A, MAC_A, 8, i), 0);
        }
        assertEquals(50, rec.takeAll().size(), "burst of 50");
        assertEquals(10, s.stats().icmpDrops().get(DropReason.ICMP_RATE_LIMITED));
        send(s, unknownProtocol(IP_A, MAC_A, 8, 100), 1 * MS - 1);
        assertEquals(0, rec.size(), "a token every millisecond (1000/s)");
        send(s, unknownProtocol(IP_A, MAC_A, 8, 101), 1 * MS);
        assertEquals(1, rec.takeAll().size());
        for (int i = 0; i < 60; i++) {
            send(s, unknownProtocol(IP_A, MAC_A, 8, 200 + i), 1000 * MS);
        }
        assertEquals(50, rec.takeAll().size(), "the bucket refills to its depth, no more");
    }

    @Test
    void noErrorAboutBroadcastsNonFirstFragmentsOrNonUnicastSources() {
        Stack s = stack();
        send(s, unknownProtocol(Frames.SUBNET_BCAST, MacAddress.BROADCAST, 8, 1), 0);
        send(s, unknownProtocol(Ipv4Address.BROADCAST, MacAddress.BROADCAST, 8, 2), 0);
        assertEquals(0, rec.size());
        assertEquals(2, s.stats().counters().get("icmp.errors.suppressed"));

        // Upper layers (UDP's port unreachable) go through the same rules.
        byte[] pkt = new byte[28];
        Ipv4Repr nonFirst = new Ipv4Repr(IP_B, IP_A, IpProtocol.UDP, 64, 0, 5, false, false, 1480, 20, 28);
        nonFirst.emit(pkt, 0);
        assertFalse(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, nonFirst, pkt, 0, 0));
        Ipv4Repr fromNobody = Ipv4Repr.of(Ipv4Address.ANY, IP_A, IpProtocol.UDP, 64, 6, false, 8);
        fromNobody.emit(pkt, 0);
        assertFalse(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, fromNobody, pkt, 0, 0));
        Ipv4Repr first = Ipv4Repr.of(IP_B, IP_A, IpProtocol.UDP, 64, 7, false, 8);
        first.emit(pkt, 0);
        assertTrue(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, first, pkt, 0, 0));
        assertEquals(IcmpRepr.CODE_PORT_UNREACHABLE, rec.take().icmp().code());
    }

    @Test
    void fragmentationNeededCarriesTheNextHopMtu() {
        Stack s = stack(Frames.configA().mtu(1400));
        byte[] pkt = new byte[28];
        Ipv4Repr ip = Ipv4Repr.of(IP_B, IP_A, IpProtocol.UDP, 64, 9, true, 8);
        ip.emit(pkt, 0);
        assertTrue(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_FRAGMENTATION_NEEDED, ip, pkt, 0, 0));
        IcmpRepr.DestinationUnreachable d = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, rec.take().icmp());
        assertEquals(IcmpRepr.CODE_FRAGMENTATION_NEEDED, d.code());
        assertEquals(1400, d.nextHopMtu(), "RFC 1191 §4: the MTU of the next hop, not 0");
        assertTrue(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, ip, pkt, 0, 0));
        d = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, rec.take().icmp());
        assertEquals(0, d.nextHopMtu(), "other codes leave the field unused (zero)");
    }

    @Test
    void noErrorAboutAnIcmpError() {
        Stack s = stack();
        byte[] pkt = new byte[20 + 8 + 28];
        Ipv4Repr ip = Ipv4Repr.of(IP_B, IP_A, IpProtocol.ICMP, 64, 8, false, 36);
        ip.emit(pkt, 0);
        new IcmpRepr.TimeExceeded(0, new byte[28]).emit(pkt, 20);
        assertFalse(s.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, ip, pkt, 0, 0));
        assertEquals(0, rec.size());
    }

    /** An error from router C about a datagram A sent to REMOTE. */
    private static byte[] errorAbout(int protocol, byte[] originalPayload, IcmpRepr.DestinationUnreachable shape) {
        byte[] quoted = new byte[20 + originalPayload.length];
        Ipv4Repr.of(IP_A, Frames.REMOTE, protocol, 63, 99, false, 200).emit(quoted, 0);
        System.arraycopy(originalPayload, 0, quoted, 20, originalPayload.length);
        IcmpRepr err = new IcmpRepr.DestinationUnreachable(shape.code(), shape.nextHopMtu(), quoted);
        return Frames.icmp(MAC_A, MAC_B, IP_C, IP_A, 3, err);
    }

    @Test
    void incomingErrorsReachTheEchoBindingOfTheQuotedRequest() {
        Stack s = stack();
        EchoRecorder echo = new EchoRecorder();
        s.icmp().bindEcho(0x4242, echo);
        byte[] request = Frames.icmpBytes(new IcmpRepr.EchoRequest(0x4242, 17, Frames.pattern(32)));
        send(s, errorAbout(IpProtocol.ICMP, Arrays.copyOf(request, 8),
                new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_NET_UNREACHABLE, 0, new byte[0])), 0);
        assertEquals(1, echo.errors.size());
        EchoRecorder.Error e = echo.errors.getFirst();
        assertEquals(IP_C, e.reporter());
        assertEquals(17, e.sequence());
        assertEquals(IcmpRepr.CODE_NET_UNREACHABLE, e.error().code());
    }

    @Test
    void incomingErrorsReachTheHandlerOfTheQuotedProtocol() {
        Stack s = stack();
        ProtocolRecorder proto = new ProtocolRecorder();
        s.registerProtocol(PROTO, proto);
        send(s, errorAbout(PROTO, new byte[] {0, 53, 0, 7, 1, 2, 3, 4},
                new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_FRAGMENTATION_NEEDED, 1400, new byte[0])), 0);
        assertEquals(1, proto.errors.size());
        ProtocolRecorder.Error e = proto.errors.getFirst();
        assertEquals(Frames.REMOTE, e.quoted().destination());
        assertEquals(53, e.quoted().payloadU16(0));
        assertEquals(1400, ((IcmpRepr.DestinationUnreachable) e.error()).nextHopMtu());
        // Unregistered protocol, a quote of someone else's datagram, a quote too short.
        send(s, errorAbout(98, new byte[8], new IcmpRepr.DestinationUnreachable(1, 0, new byte[0])), 0);
        assertEquals(1, s.stats().icmpDrops().get(DropReason.NO_LISTENER));
        byte[] foreign = new byte[28];
        Ipv4Repr.of(IP_C, Frames.REMOTE, PROTO, 63, 1, false, 8).emit(foreign, 0);
        send(s, Frames.icmp(MAC_A, MAC_B, IP_C, IP_A, 4, new IcmpRepr.TimeExceeded(0, foreign)), 0);
        assertEquals(1, s.stats().icmpDrops().get(DropReason.IP_NOT_FOR_US));
        send(s, Frames.icmp(MAC_A, MAC_B, IP_C, IP_A, 5, new IcmpRepr.TimeExceeded(0, new byte[10])), 0);
        assertEquals(1, s.stats().icmpDrops().get(DropReason.TRUNCATED));
        assertEquals(0, rec.size(), "no error about an error");
    }

    @Test
    void malformedAndUnsupportedIcmp() {
        Stack s = stack();
        byte[] f = Frames.icmp(MAC_A, MAC_B, IP_B, IP_A, 1, new IcmpRepr.EchoRequest(1, 1, new byte[4]));
        f[f.length - 1] ^= 0x55;
        send(s, f, 0);
        send(s, Frames.icmp(MAC_A, MAC_B, IP_B, IP_A, 2, new IcmpRepr.Other(13, 0, 0, new byte[12])), 0);
        assertEquals(1, s.stats().icmpDrops().get(DropReason.BAD_CHECKSUM));
        assertEquals(1, s.stats().icmpDrops().get(DropReason.UNSUPPORTED));
        assertEquals(0, rec.size());
    }

    @Test
    void pingingOurOwnAddressLoopsBackWithoutTouchingTheLink() {
        Stack s = stack();
        EchoRecorder echo = new EchoRecorder();
        s.icmp().bindEcho(3, echo);
        assertEquals(SendResult.SENT, s.icmp().sendEchoRequest(IP_A, 3, 1, Frames.pattern(3000), 0));
        assertTrue(echo.replies.isEmpty(), "looped datagrams wait for the next poll");
        assertEquals(30_000 * MS, s.poll(0), "request and reply delivered; next: B's ARP entry ages");
        assertEquals(1, echo.replies.size());
        assertEquals(IP_A, echo.replies.getFirst().from());
        assertArrayEquals(Frames.pattern(3000), echo.replies.getFirst().data());
        assertEquals(0, rec.size());
        assertEquals(2, s.stats().counters().get("ip.loopback"));
    }
}
