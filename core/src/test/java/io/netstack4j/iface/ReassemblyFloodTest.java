package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.MS;
import static io.netstack4j.iface.Frames.SEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reassembly under a flood, tried as an attacker would (issue 7): incomplete first fragments
 * under many identifications and datagrams made to be discarded for overlapping fragments must
 * not lock reassembly out; a legitimate fragmented ping is answered at once, as Linux answers it.
 */
class ReassemblyFloodTest {
    private final FrameRecorder rec = new FrameRecorder();
    private final byte[] data = Frames.pattern(5000);
    private final byte[] echo = Frames.icmpBytes(new IcmpRepr.EchoRequest(77, 5, data));

    private Stack stack() {
        Stack s = new Stack(Frames.configA().arpReachableNanos(1000 * SEC).build(), rec);
        s.start(0);
        Frames.learnB(s, rec, 0);
        return s;
    }

    private static void send(Stack s, byte[] frame, long now) {
        s.receiveFrame(frame, 0, frame.length, now);
    }

    /** Fragment [off, off+len) of {@code payload} from {@code src}, identification {@code id}. */
    private static byte[] fragment(Ipv4Address src, int protocol, int id, byte[] payload, int off, int len, boolean more) {
        Ipv4Repr ip = Ipv4Repr.of(src, IP_A, protocol, 64, id, false, payload.length).withFragment(off, more, len);
        return Frames.ipv4(MAC_A, MAC_B, ip, Arrays.copyOfRange(payload, off, off + len));
    }

    /** The 5000-byte ping in four fragments from B, identification 50. */
    private byte[][] ping() {
        int[] offs = {0, 1480, 2960, 4440};
        byte[][] f = new byte[offs.length][];
        for (int i = 0; i < offs.length; i++) {
            int len = Math.min(1480, echo.length - offs[i]);
            f[i] = fragment(IP_B, IpProtocol.ICMP, 50, echo, offs[i], len, i < offs.length - 1);
        }
        return f;
    }

    /**
     * Frame {@code i} of the flood: 600 first fragments never completed (each under its own
     * identification, from a handful of sources), then 200 datagrams discarded for an overlap
     * (two frames each). 1,000 frames in all.
     */
    private static byte[] attack(int i) {
        byte[] junk = new byte[2960];
        if (i < 600) {
            return fragment(source(i), IpProtocol.UDP, 1000 + i, junk, 0, 1480, true);
        }
        int k = (i - 600) / 2;
        Ipv4Address src = source(k);
        return (i & 1) == 0
                ? fragment(src, IpProtocol.UDP, 5000 + k, junk, 0, 1480, true)
                : fragment(src, IpProtocol.UDP, 5000 + k, junk, 1472, 1488, true); // overlaps [1472, 1480)
    }

    private static Ipv4Address source(int i) {
        return Ipv4Address.parse("203.0.113." + (10 + i % 7));
    }

    static final int FLOOD = 1000;

    private void assertPingAnswered(Stack s) {
        List<Frame> reply = rec.takeAll();
        assertEquals(4, reply.size(), "the fragmented ping is answered at once");
        byte[] whole = new byte[echo.length];
        for (Frame f : reply) {
            assertEquals(IP_B, f.ip().destination());
            System.arraycopy(f.ipPayload(), 0, whole, f.ip().fragmentOffset(), f.ip().payloadLength());
        }
        assertArrayEquals(Frames.icmpBytes(new IcmpRepr.EchoReply(77, 5, data)), whole);
    }

    @Test
    void aFragmentedPingIsAnsweredRightAfterAFlood() {
        Stack s = stack();
        long now = 0;
        for (int i = 0; i < FLOOD; i++) {
            send(s, attack(i), now += MS);
        }
        assertEquals(0, rec.size(), "the flood itself is answered with nothing");
        assertTrue(s.reassemblyMemory() <= StackConfig.builder("x").mac(MAC_A).build().reassemblyMemoryBytes());
        for (byte[] f : ping()) {
            send(s, f, now += MS);
        }
        assertPingAnswered(s);
        assertEquals(0, s.stats().ipv4Drops().get(DropReason.REASSEMBLY_LIMIT), "nothing refused");
    }

    @Test
    void aFragmentedPingInterleavedWithTheFloodIsAnswered() {
        Stack s = stack();
        long now = 0;
        byte[][] ping = ping();
        send(s, ping[0], now += MS);
        for (int i = 0; i < 180; i++) {
            send(s, attack(i), now += MS);
        }
        send(s, ping[2], now += MS);
        for (int i = 600; i < FLOOD; i++) { // 200 overlap-discarded datagrams: they must not count
            send(s, attack(i), now += MS);
        }
        send(s, ping[1], now += MS);
        send(s, ping[3], now += MS);
        assertPingAnswered(s);
    }

    @Test
    void theFloodIsCountedAndWhatIsLeftTimesOut() {
        Stack s = stack();
        long now = 0;
        for (int i = 0; i < FLOOD; i++) {
            send(s, attack(i), now);
        }
        long evicted = s.stats().ipv4Drops().get(DropReason.REASSEMBLY_EVICTED);
        long overlap = s.stats().ipv4Drops().get(DropReason.FRAGMENT_OVERLAP);
        assertEquals(400, overlap, "both frames of each of the 200 discarded datagrams");
        assertTrue(evicted > 0, "the oldest incomplete datagrams were evicted");
        int most = Frames.configA().build().reassemblyMaxDatagrams();
        assertTrue(600 - evicted <= most, "at most reassemblyMaxDatagrams held");
        s.poll(30 * SEC);
        assertEquals(600 - evicted, s.stats().ipv4Drops().get(DropReason.REASSEMBLY_TIMEOUT),
                "the rest time out: each incomplete first fragment counted exactly once");
        assertEquals(0, s.reassemblyMemory(), "tombstones expire with the timeout too");
        assertEquals(1000 * SEC, s.poll(30 * SEC + 1), "no reassembly timer left, only B's ARP entry's");
    }

    @Test
    void laterFragmentsOfADiscardedDatagramAreStillDropped() {
        Stack s = stack();
        byte[][] ping = ping();
        send(s, ping[0], 0);
        send(s, fragment(IP_B, IpProtocol.ICMP, 50, echo, 1472, 1488, true), 0); // overlap: discard
        for (int i = 0; i < 300; i++) { // a flood in between: the tombstone costs little and stays
            send(s, attack(i), 0);
        }
        send(s, ping[1], 0);
        send(s, ping[2], 0);
        send(s, ping[3], 0);
        assertEquals(0, rec.size(), "RFC 5722: nothing of the discarded datagram is delivered");
        assertEquals(2 + 3, s.stats().ipv4Drops().get(DropReason.FRAGMENT_OVERLAP));
    }

    @Test
    void underMemoryPressureTombstonesGoFirst() {
        int budget = Reassembler.DATAGRAM_OVERHEAD + 20 + 1480 + Reassembler.FRAGMENT_OVERHEAD
                + Reassembler.TOMBSTONE_COST + 8;
        Stack s = new Stack(Frames.configA().reassemblyMemoryBytes(budget).build(), rec);
        s.start(0);
        byte[][] ping = ping();
        send(s, attack(600), 0);
        send(s, attack(601), 0); // discarded: a tombstone is left
        assertEquals(Reassembler.TOMBSTONE_COST, s.reassemblyMemory());
        send(s, ping[0], 0);
        send(s, attack(601), 0); // still caught by the tombstone
        assertEquals(3, s.stats().ipv4Drops().get(DropReason.FRAGMENT_OVERLAP));
        send(s, attack(0), 0); // no room for both: the tombstone goes, then the oldest datagram
        assertEquals(1, s.stats().ipv4Drops().get(DropReason.REASSEMBLY_EVICTED));
        assertEquals(Reassembler.DATAGRAM_OVERHEAD + 20 + 1480 + Reassembler.FRAGMENT_OVERHEAD, s.reassemblyMemory());
    }

    @Test
    void aDatagramFoundTooLargeIsDroppedAtOnceWithItsFragments() {
        Stack s = stack();
        byte[] junk = new byte[2968];
        send(s, fragment(IP_B, IpProtocol.UDP, 60, junk, 0, 1480, true), 0);
        send(s, fragment(IP_B, IpProtocol.UDP, 60, junk, 1480, 1480, true), 0);
        // 20 + 65520 + 16 > 65535: the "ping of death"
        Ipv4Repr pod = new Ipv4Repr(IP_B, IP_A, IpProtocol.UDP, 64, 0, 60, false, true, 65520, 20, 36);
        send(s, Frames.ipv4(MAC_A, MAC_B, pod, Frames.pattern(16)), 0);
        assertEquals(3, s.stats().ipv4Drops().get(DropReason.BAD_FRAGMENT), "the two held and the one at hand");
        assertEquals(Reassembler.TOMBSTONE_COST, s.reassemblyMemory(), "only a tombstone is left");
        send(s, fragment(IP_B, IpProtocol.UDP, 60, junk, 2960, 8, false), 0);
        assertEquals(4, s.stats().ipv4Drops().get(DropReason.BAD_FRAGMENT), "and it catches the rest");
    }
}
