package io.netstack4j.link;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.MAC_C;
import static io.netstack4j.link.TestFrames.MULTICAST;
import static io.netstack4j.link.TestFrames.frame;
import static io.netstack4j.link.TestFrames.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switch: learning, forwarding, flooding, filtering, bounds; no faults. */
class VirtualLanTest {
    private final VirtualLan lan = new VirtualLan(1);
    private final VirtualPort a = lan.attach("a");
    private final VirtualPort b = lan.attach("b");
    private final VirtualPort c = lan.attach("c");

    /** Every frame receivable on {@code p} at {@code now}, in order. */
    static List<byte[]> drain(VirtualPort p, long now) {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[2048];
        int n;
        while ((n = p.receive(buf, 0, now)) >= 0) {
            out.add(Arrays.copyOf(buf, n));
        }
        return out;
    }

    @Test
    void unknownUnicastIsFloodedThenLearntAddressIsForwardedOnly() {
        a.transmit(frame(MAC_B, MAC_A, 1), 0, 64, 0);
        assertEquals(1, drain(b, 0).size(), "unknown destination reaches b");
        assertEquals(1, drain(c, 0).size(), "... and c (flooded)");
        assertEquals(0, drain(a, 0).size(), "never back to the sender");
        assertEquals(1, lan.floodedFrames());

        b.transmit(frame(MAC_A, MAC_B, 2), 0, 64, 0);       // a was learnt from frame 1
        assertEquals(List.of(2), seqs(drain(a, 0)));
        assertEquals(0, drain(c, 0).size(), "c does not see traffic for a once a is learnt");
        assertEquals(1, lan.forwardedFrames());

        a.transmit(frame(MAC_B, MAC_A, 3), 0, 64, 0);       // b was learnt from frame 2
        assertEquals(List.of(3), seqs(drain(b, 0)));
        assertEquals(0, drain(c, 0).size());
        assertSame(b, lan.portOf(MAC_B, 0).orElseThrow());
        assertSame(a, lan.portOf(MAC_A, 0).orElseThrow());
        assertTrue(lan.portOf(MAC_C, 0).isEmpty());
    }

    @Test
    void broadcastAndMulticastAreFloodedEvenWhenLearnt() {
        c.transmit(frame(MAC_A, MAC_C, 0), 0, 64, 0);
        b.transmit(frame(MAC_A, MAC_B, 0), 0, 64, 0);
        a.transmit(frame(MAC_C, MAC_A, 0), 0, 64, 0);
        drain(a, 0);
        drain(b, 0);
        drain(c, 0);
        assertEquals(3, lan.macTableSize());
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1), 0, 64, 0);
        a.transmit(frame(MULTICAST, MAC_A, 2), 0, 64, 0);
        assertEquals(List.of(1, 2), seqs(drain(b, 0)));
        assertEquals(List.of(1, 2), seqs(drain(c, 0)));
        assertEquals(0, drain(a, 0).size());
    }

    @Test
    void frameIsDeliveredByteForByteAndTheSenderMayReuseItsBuffer() {
        byte[] f = frame(MacAddress.BROADCAST, MAC_A, 7, 1514);
        byte[] copy = f.clone();
        a.transmit(f, 0, f.length, 0);
        Arrays.fill(f, (byte) 0);
        byte[] buf = new byte[3000];
        int n = b.receive(buf, 100, 0);
        assertEquals(1514, n);
        assertArrayEquals(copy, Arrays.copyOfRange(buf, 100, 100 + n));
        assertEquals(1, b.stats().rxFrames.get());
        assertEquals(1514, b.stats().rxBytes.get());
        assertEquals(1, a.stats().txFrames.get());
        assertEquals(1514, a.stats().txBytes.get());
    }

    @Test
    void transmitHonoursOffset() {
        byte[] f = frame(MacAddress.BROADCAST, MAC_A, 9, 80);
        byte[] big = new byte[200];
        System.arraycopy(f, 0, big, 50, 80);
        a.transmit(big, 50, 80, 0);
        List<byte[]> got = drain(b, 0);
        assertEquals(1, got.size());
        assertArrayEquals(f, got.get(0));
    }

    @Test
    void frameToThePortItCameFromIsFiltered() {
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 0), 0, 64, 0);
        drain(b, 0);
        drain(c, 0);
        a.transmit(frame(MAC_A, MAC_B, 1), 0, 64, 0);      // claims to be b, to a known on a itself
        assertEquals(1, lan.filteredFrames());
        assertEquals(0, drain(a, 0).size() + drain(b, 0).size() + drain(c, 0).size());
    }

    @Test
    void macTableIsBoundedAndEvictsTheLeastRecentlyUsed() {
        VirtualLan small = new VirtualLan(1, 1500, 64, 4);
        VirtualPort x = small.attach("x");
        small.attach("y");
        for (int i = 1; i <= 10; i++) {
            x.transmit(frame(MacAddress.BROADCAST, new MacAddress(0x0200_0000_0000L + i), i), 0, 64, 0);
        }
        assertEquals(4, small.macTableSize());
        assertEquals(6, small.macTableEvictions());
        assertTrue(small.portOf(new MacAddress(0x0200_0000_0000L + 1), 0).isEmpty());
        assertTrue(small.portOf(new MacAddress(0x0200_0000_0000L + 10), 0).isPresent());
    }

    @Test
    void groupSourceAddressesAreNotLearnt() {
        a.transmit(frame(MacAddress.BROADCAST, MULTICAST, 0), 0, 64, 0);
        assertEquals(0, lan.macTableSize());
    }

    @Test
    void learntEntriesAgeOut() {
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 0), 0, 64, 0);
        long later = VirtualLan.DEFAULT_AGING_NANOS + 1;
        assertTrue(lan.portOf(MAC_A, later).isEmpty());
        drain(b, later);
        drain(c, later);
        b.transmit(frame(MAC_A, MAC_B, 1), 0, 64, later);
        assertEquals(1, drain(c, later).size(), "aged-out destination is flooded again");
    }

    @Test
    void boundedReceiveQueueCountsDrops() {
        VirtualLan small = new VirtualLan(1, 1500, 16, 64);
        VirtualPort x = small.attach("x");
        VirtualPort y = small.attach("y");
        for (int i = 0; i < 40; i++) {
            x.transmit(frame(MacAddress.BROADCAST, MAC_A, i), 0, 64, 0);
        }
        assertEquals(24, y.drops(DropReason.QUEUE_FULL));
        assertEquals(24, y.stats().dropped.get());
        List<byte[]> got = drain(y, 0);
        assertEquals(16, got.size());
        assertEquals(0, seq(got.get(0)), "tail drop: the first frames are kept");
        assertEquals(15, seq(got.get(15)));
        x.transmit(frame(MacAddress.BROADCAST, MAC_A, 99), 0, 64, 0);
        assertEquals(List.of(99), seqs(drain(y, 0)), "room again once read");
    }

    @Test
    void framesInFlightDoNotOccupyTheReceiveQueueUntilDue() {
        VirtualLan small = new VirtualLan(1, 1500, 4, 64);
        VirtualPort x = small.attach("x", FaultConfig.NONE.withDelay(1_000), FaultConfig.NONE);
        VirtualPort y = small.attach("y");
        for (int i = 0; i < 4; i++) {
            x.transmit(frame(MacAddress.BROADCAST, MAC_A, i), 0, 64, i * 10_000L);
            assertEquals(1, drain(y, i * 10_000L + 1_000).size());
        }
        assertEquals(0, y.drops(DropReason.QUEUE_FULL));
    }

    @Test
    void runtFramesAndOversizedFramesAreDroppedAndCounted() {
        a.transmit(new byte[13], 0, 13, 0);
        byte[] big = frame(MacAddress.BROADCAST, MAC_A, 0, 1519);
        a.transmit(big, 0, big.length, 0);
        byte[] vlanSized = frame(MacAddress.BROADCAST, MAC_A, 1, 1518);
        a.transmit(vlanSized, 0, vlanSized.length, 0);
        assertEquals(1, a.drops(DropReason.TRUNCATED));
        assertEquals(1, a.drops(DropReason.BAD_LENGTH));
        assertEquals(List.of(1), seqs(drain(b, 0)));
        assertEquals(1, a.stats().txFrames.get());
    }

    @Test
    void frameLargerThanTheReceiversBufferIsDroppedNotTruncated() {
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 0, 200), 0, 200, 0);
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1, 50), 0, 50, 0);
        byte[] small = new byte[100];
        assertEquals(50, b.receive(small, 0, 0));
        assertEquals(1, seq(small));
        assertEquals(1, b.drops(DropReason.TRUNCATED));
    }

    @Test
    void unpluggedPortLeavesTheSwitch() {
        b.transmit(frame(MAC_A, MAC_B, 0), 0, 64, 0);
        drain(a, 0);
        drain(c, 0);
        b.close();
        b.close();                                           // idempotent
        assertTrue(lan.portOf(MAC_B, 0).isEmpty());
        a.transmit(frame(MAC_B, MAC_A, 1), 0, 64, 0);
        assertEquals(1, drain(c, 0).size(), "b forgotten: flooded");
        assertEquals(-1, b.receive(new byte[100], 0, 0));
        b.transmit(frame(MAC_A, MAC_B, 2), 0, 64, 0);
        assertEquals(0, drain(a, 0).size());
        assertEquals(1, b.stats().dropped.get());
        assertEquals(List.of(a, c), lan.ports());
        assertFalse(lan.ports().contains(b));
    }

    @Test
    void portNamesAreUnique() {
        assertThrows(IllegalArgumentException.class, () -> lan.attach("a"));
    }

    @Test
    void pollAtTellsWhenTheNextFrameIsDue() {
        VirtualPort slow = lan.attach("slow", FaultConfig.NONE.withDelay(5_000), FaultConfig.NONE);
        assertEquals(LinkAdapter.NEVER, a.pollAt());
        slow.transmit(frame(MacAddress.BROADCAST, MAC_C, 0), 0, 64, 1_000);
        assertEquals(6_000, a.pollAt());
        assertEquals(-1, a.receive(new byte[100], 0, 5_999));
        assertEquals(64, a.receive(new byte[100], 0, 6_000));
        assertEquals(LinkAdapter.NEVER, a.pollAt());
    }

    @Test
    void mtuIsTheLansMtu() {
        assertEquals(1500, a.mtu());
        assertEquals(9000, new VirtualLan(1, 9000, 8, 8).attach("j").mtu());
        assertEquals("a", a.name());
    }

    static List<Integer> seqs(List<byte[]> frames) {
        return frames.stream().map(TestFrames::seq).toList();
    }
}
