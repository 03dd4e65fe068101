package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Repr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.SEC;
import static io.netstack4j.iface.ProtocolRecorder.PROTO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reassembly (RFC 791 §3.2, RFC 815, RFC 5722), scripted fragment by fragment. */
class ReassemblyTest {
    private final FrameRecorder rec = new FrameRecorder();
    private final ProtocolRecorder proto = new ProtocolRecorder();
    private final byte[] payload = Frames.pattern(4000);

    private Stack stack(StackConfig.Builder b) {
        Stack s = new Stack(b.arpReachableNanos(ARP_REACHABLE).build(), rec);
        s.start(0);
        Frames.learnB(s, rec, 0);
        s.registerProtocol(PROTO, proto);
        return s;
    }

    /** B stays REACHABLE throughout, so ARP timers do not mix with the reassembly timer. */
    private static final long ARP_REACHABLE = 1000 * SEC;

    private Stack stack() {
        return stack(Frames.configA());
    }

    /** Fragment [off, off+len) of {@code data} from B, datagram {@code id}. */
    private static byte[] fragment(int protocol, int id, byte[] data, int off, int len, boolean more) {
        Ipv4Repr ip = Ipv4Repr.of(IP_B, IP_A, protocol, 64, id, false, data.length).withFragment(off, more, len);
        return Frames.ipv4(MAC_A, MAC_B, ip, Arrays.copyOfRange(data, off, off + len));
    }

    private void send(Stack s, byte[] frame, long now) {
        s.receiveFrame(frame, 0, frame.length, now);
    }

    /** The 4000-byte payload as fragments of 1480, 1480, 1040. */
    private byte[][] threeFragments(int id) {
        return new byte[][] {
            fragment(PROTO, id, payload, 0, 1480, true),
            fragment(PROTO, id, payload, 1480, 1480, true),
            fragment(PROTO, id, payload, 2960, 1040, false),
        };
    }

    private long drops(Stack s, DropReason r) {
        return s.stats().ipv4Drops().get(r);
    }

    @Test
    void inOrder() {
        Stack s = stack();
        byte[][] f = threeFragments(1);
        send(s, f[0], 0);
        send(s, f[1], 1);
        assertTrue(proto.datagrams.isEmpty());
        assertEquals(30 * SEC, s.poll(2), "the reassembly timer runs");
        send(s, f[2], 3);
        assertEquals(1, proto.datagrams.size());
        ProtocolRecorder.Datagram d = proto.datagrams.getFirst();
        assertArrayEquals(payload, d.payload());
        assertFalse(d.ip().isFragment());
        assertEquals(4020, d.ip().totalLength());
        assertEquals(0, Checksum.compute(d.header(), 0, 20), "patched header is valid");
        assertEquals(0, s.reassemblyMemory());
        assertEquals(ARP_REACHABLE, s.poll(4), "only B's ARP entry's timer is left");
    }

    @Test
    void outOfOrderInEveryPermutation() {
        int[][] orders = {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        Stack s = stack();
        int id = 10;
        for (int[] order : orders) {
            byte[][] f = threeFragments(id++);
            for (int i : order) {
                send(s, f[i], 0);
            }
        }
        assertEquals(orders.length, proto.datagrams.size());
        for (ProtocolRecorder.Datagram d : proto.datagrams) {
            assertArrayEquals(payload, d.payload());
        }
    }

    @Test
    void exactDuplicatesAreTolerated() {
        Stack s = stack();
        byte[][] f = threeFragments(2);
        send(s, f[1], 0);
        send(s, f[1], 0);
        send(s, f[0], 0);
        send(s, f[2], 0);
        assertEquals(1, proto.datagrams.size());
        assertArrayEquals(payload, proto.datagrams.getFirst().payload());
        assertEquals(1, drops(s, DropReason.DUPLICATE_FRAGMENT));
        send(s, f[2], 1); // a late copy starts a new reassembly that will time out
        assertEquals(1, proto.datagrams.size());
    }

    @Test
    void anOverlapDiscardsTheWholeDatagramIncludingLaterFragments() {
        Stack s = stack();
        byte[][] f = threeFragments(3);
        send(s, f[0], 0);
        send(s, fragment(PROTO, 3, payload, 1472, 1488, true), 0); // overlaps [1472, 1480)
        assertEquals(2, drops(s, DropReason.FRAGMENT_OVERLAP));
        send(s, f[1], 0);
        send(s, f[2], 0);
        assertTrue(proto.datagrams.isEmpty(), "RFC 5722: nothing of it is delivered");
        assertEquals(4, drops(s, DropReason.FRAGMENT_OVERLAP));
        assertEquals(Reassembler.TOMBSTONE_COST, s.reassemblyMemory(), "its fragments are freed, a tombstone is left");
        rec.clear();
        s.poll(30 * SEC);
        assertEquals(0, rec.size(), "a discarded datagram gets no Time Exceeded");
        send(s, f[0], 31 * SEC); // the tombstone is gone: the same ID can be used again
        send(s, f[1], 31 * SEC);
        send(s, f[2], 31 * SEC);
        assertEquals(1, proto.datagrams.size());
    }

    @Test
    void containedFragmentIsAnOverlapToo() {
        Stack s = stack();
        send(s, fragment(PROTO, 4, payload, 0, 2960, true), 0);
        send(s, fragment(PROTO, 4, payload, 1480, 1480, true), 0);
        assertEquals(2, drops(s, DropReason.FRAGMENT_OVERLAP));
    }

    @Test
    void timeoutSendsTimeExceededWhenTheFirstFragmentArrived() {
        Stack s = stack();
        byte[][] f = threeFragments(5);
        send(s, f[0], 1 * SEC);
        send(s, f[2], 2 * SEC);
        assertEquals(31 * SEC, s.poll(2 * SEC));
        s.poll(31 * SEC - 1);
        assertEquals(0, rec.size());
        assertEquals(ARP_REACHABLE, s.poll(31 * SEC));
        assertEquals(2, drops(s, DropReason.REASSEMBLY_TIMEOUT));
        Frame err = rec.take();
        assertEquals(IP_B, err.ip().destination());
        assertEquals(IP_A, err.ip().source());
        IcmpRepr.TimeExceeded te = assertInstanceOf(IcmpRepr.TimeExceeded.class, err.icmp());
        assertEquals(IcmpRepr.CODE_REASSEMBLY_TIME_EXCEEDED, te.code());
        byte[] firstPacket = Arrays.copyOfRange(f[0], 14, f[0].length);
        assertArrayEquals(Arrays.copyOf(firstPacket, 548), te.quoted(), "header + data up to 576 bytes in all");
        assertTrue(err.ip().totalLength() <= 576);
    }

    @Test
    void noTimeExceededWithoutTheFirstFragment() {
        Stack s = stack();
        byte[][] f = threeFragments(6);
        send(s, f[1], 0);
        send(s, f[2], 0);
        s.poll(30 * SEC);
        assertEquals(0, rec.size(), "RFC 792: no fragment zero, no Time Exceeded");
        assertEquals(2, drops(s, DropReason.REASSEMBLY_TIMEOUT));
    }

    @Test
    void noTimeExceededAboutAnIcmpError() {
        Stack s = stack();
        byte[] err = Frames.icmpBytes(new IcmpRepr.DestinationUnreachable(3, 0, Frames.pattern(2000)));
        send(s, fragment(IpProtocol.ICMP, 7, err, 0, 1480, true), 0);
        s.poll(30 * SEC);
        assertEquals(0, rec.size(), "RFC 1122 §3.2.2: never an error about an ICMP error");
        assertEquals(1, s.stats().counters().get("icmp.errors.suppressed"));
    }

    /** The cost counted for a datagram holding fragments of these payload lengths (the first one at offset 0). */
    private static int cost(int... lengths) {
        int c = Reassembler.DATAGRAM_OVERHEAD + 20;
        for (int n : lengths) {
            c += n + Reassembler.FRAGMENT_OVERHEAD;
        }
        return c;
    }

    @Test
    void memoryLimitEvictsTheOldestDatagramRatherThanRefuseTheNewOne() {
        // Room for one whole datagram, not for a's two fragments and b's first: b's first evicts a.
        Stack s = stack(Frames.configA().reassemblyMemoryBytes(cost(1480, 1480, 1040)));
        byte[][] a = threeFragments(20);
        byte[][] b = threeFragments(21);
        send(s, a[0], 0);
        send(s, a[1], 0);
        assertEquals(cost(1480, 1480), s.reassemblyMemory(), "data, headers and overhead are counted");
        send(s, b[0], 0);
        assertEquals(2, drops(s, DropReason.REASSEMBLY_EVICTED), "both of a's fragments, once each");
        assertEquals(0, drops(s, DropReason.REASSEMBLY_LIMIT));
        assertEquals(cost(1480), s.reassemblyMemory());
        send(s, b[1], 0);
        send(s, b[2], 0);
        assertEquals(1, proto.datagrams.size(), "the newer datagram completes");
        assertEquals(21, proto.datagrams.getFirst().ip().identification());
        send(s, a[2], 0); // a's last fragment starts a new, incomplete datagram
        assertEquals(1, proto.datagrams.size());
        assertEquals(Reassembler.DATAGRAM_OVERHEAD + 1040 + Reassembler.FRAGMENT_OVERHEAD, s.reassemblyMemory());
    }

    @Test
    void aFragmentLargerThanTheWholeBudgetIsRefused() {
        Stack s = stack(Frames.configA().reassemblyMemoryBytes(cost(1000)));
        send(s, threeFragments(22)[1], 0);
        assertEquals(0, drops(s, DropReason.REASSEMBLY_EVICTED));
        assertEquals(1, drops(s, DropReason.REASSEMBLY_LIMIT));
        assertEquals(0, s.reassemblyMemory());
    }

    @Test
    void datagramCountLimitEvictsTheOldestAndFragmentCountLimitDiscards() {
        Stack s = stack(Frames.configA().reassemblyMaxDatagrams(2).reassemblyMaxFragments(2));
        send(s, threeFragments(30)[0], 0);
        send(s, threeFragments(31)[0], 0);
        send(s, threeFragments(32)[0], 0); // evicts 30
        assertEquals(1, drops(s, DropReason.REASSEMBLY_EVICTED));
        send(s, threeFragments(31)[1], 0);
        send(s, threeFragments(31)[2], 0); // a third fragment
        assertEquals(3, drops(s, DropReason.REASSEMBLY_LIMIT), "31's two fragments and the third");
        send(s, threeFragments(32)[1], 0);
        assertEquals(3, drops(s, DropReason.REASSEMBLY_LIMIT), "32 was not the one");
        send(s, threeFragments(31)[0], 0);
        assertEquals(4, drops(s, DropReason.REASSEMBLY_LIMIT), "31 stays discarded (its tombstone)");
    }

    @Test
    void badFragmentLengths() {
        Stack s = stack();
        send(s, fragment(PROTO, 40, payload, 0, 1001, true), 0); // not a multiple of 8
        // 20 + 65520 + 16 > 65535: the "ping of death"
        Ipv4Repr pod = new Ipv4Repr(IP_B, IP_A, PROTO, 64, 0, 41, false, false, 65520, 20, 36);
        send(s, Frames.ipv4(MAC_A, MAC_B, pod, Frames.pattern(16)), 0);
        assertEquals(2, drops(s, DropReason.BAD_FRAGMENT));
        // Two different ends for one datagram.
        send(s, fragment(PROTO, 42, payload, 2960, 1040, false), 0);
        send(s, fragment(PROTO, 42, payload, 1480, 1480, false), 0);
        assertEquals(2 + 2, drops(s, DropReason.BAD_FRAGMENT));
        assertTrue(proto.datagrams.isEmpty());
    }

    @Test
    void aLargeEchoIsReassembledAndTheReplyFragmented() {
        Stack s = stack();
        byte[] data = Frames.pattern(5000);
        byte[] echo = Frames.icmpBytes(new IcmpRepr.EchoRequest(77, 5, data));
        int[] offs = {0, 1480, 2960, 4440};
        for (int i = offs.length - 1; i >= 0; i--) { // backwards, for good measure
            int len = Math.min(1480, echo.length - offs[i]);
            send(s, fragment(IpProtocol.ICMP, 50, echo, offs[i], len, i < offs.length - 1), 0);
        }
        List<Frame> reply = rec.takeAll();
        assertEquals(4, reply.size());
        byte[] whole = new byte[echo.length];
        for (Frame f : reply) {
            System.arraycopy(f.ipPayload(), 0, whole, f.ip().fragmentOffset(), f.ip().payloadLength());
        }
        assertEquals(Frames.icmpBytes(new IcmpRepr.EchoReply(77, 5, data)).length, whole.length);
        assertArrayEquals(Frames.icmpBytes(new IcmpRepr.EchoReply(77, 5, data)), whole);
    }
}
