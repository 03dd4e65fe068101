package io.netstack4j.link;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.frame;
import static io.netstack4j.link.TestFrames.seq;
import static io.netstack4j.link.VirtualLanTest.drain;
import static io.netstack4j.link.VirtualLanTest.seqs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock-free path between ports without faults: many senders into one ring, no allocation per
 * frame, MTU 65,535, the order of frames when faults change, and checksum offload.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualLanFastPathTest {
    private static final int SENDERS = 4;
    private static final MacAddress MAC_R = MacAddress.parse("02:00:00:00:00:99");

    private static MacAddress sender(int i) {
        return new MacAddress(0x0200_0000_1000L + i);
    }

    /** SENDERS threads send {@code perSender} frames each to port r at once; returns what r then holds. */
    private static List<byte[]> sendConcurrently(VirtualLan lan, VirtualPort r, int perSender) throws Exception {
        List<VirtualPort> ports = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            ports.add(lan.attach("s" + s));
        }
        r.transmit(frame(MacAddress.BROADCAST, MAC_R, -1), 0, 64, 0);   // the switch learns r
        for (VirtualPort p : ports) {
            drain(p, 0);
        }
        CyclicBarrier start = new CyclicBarrier(SENDERS);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int id = s;
            VirtualPort p = ports.get(s);
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] f = frame(MAC_R, sender(id), 0, 64);
                try {
                    start.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perSender; i++) {
                    int seq = id << 24 | i;
                    f[14] = (byte) (seq >>> 24);
                    f[15] = (byte) (seq >>> 16);
                    f[16] = (byte) (seq >>> 8);
                    f[17] = (byte) seq;
                    p.transmit(f, 0, 64, 0);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive());
        }
        return drain(r, 0);
    }

    @Test
    void concurrentSendersBelowCapacityLoseNothingAndDuplicateNothing() throws Exception {
        int perSender = 5_000;
        VirtualLan lan = new VirtualLan(1, 1500, SENDERS * perSender, 64);
        VirtualPort r = lan.attach("r");
        List<byte[]> got = sendConcurrently(lan, r, perSender);
        assertEquals(SENDERS * perSender, got.size());
        int[] next = new int[SENDERS];
        for (byte[] f : got) {
            int s = seq(f);
            int id = s >>> 24;
            assertEquals(next[id], s & 0xFF_FFFF, "sender " + id + "'s frames arrive once each, in its order");
            next[id]++;
            assertEquals(sender(id), TestFrames.source(f));
        }
        assertEquals(0, r.drops(DropReason.QUEUE_FULL));
        assertEquals(SENDERS * perSender, r.stats().rxFrames.get());
    }

    @Test
    void concurrentSendersBeyondCapacityAreDroppedAndCounted() throws Exception {
        int perSender = 5_000;
        int capacity = 3_000;
        VirtualLan lan = new VirtualLan(1, 1500, capacity, 64);
        VirtualPort r = lan.attach("r");
        List<byte[]> got = sendConcurrently(lan, r, perSender);
        assertEquals(capacity, got.size(), "the ring holds exactly its capacity");
        assertEquals(SENDERS * perSender - capacity, r.drops(DropReason.QUEUE_FULL));
        assertEquals(capacity, got.stream().mapToInt(TestFrames::seq).distinct().count(), "no duplicates");
        r.transmit(frame(MacAddress.BROADCAST, MAC_R, 1), 0, 64, 0);
        lan.ports().get(1).transmit(frame(MAC_R, sender(0), 7), 0, 64, 0);
        assertEquals(List.of(7), seqs(drain(r, 0)), "room again once read");
    }

    @Test
    void fastPathAllocatesNothingPerFrame() {
        VirtualLan lan = new VirtualLan(1, 1500, 256, 64);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        byte[] toB = frame(MAC_B, MAC_A, 1, 1514);
        byte[] toA = frame(MAC_A, MAC_B, 2, 1514);
        byte[] buf = new byte[2048];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Warm-up: both addresses learnt, every slot of both rings has its array.
        int frames = 0;
        for (int i = 0; i < 2_000; i++) {
            frames += exchange(a, b, toB, toA, buf, i);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            frames += exchange(a, b, toB, toA, buf, i);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(24_000, frames);
        assertTrue(allocated < 1_000, "20,000 frames allocated " + allocated + " bytes");
    }

    /** a → b and b → a, each received: 2 frames. */
    private static int exchange(VirtualPort a, VirtualPort b, byte[] toB, byte[] toA, byte[] buf, long now) {
        a.transmit(toB, 0, toB.length, now);
        b.transmit(toA, 0, toA.length, now);
        int n = b.receive(buf, 0, now) == toB.length ? 1 : 0;
        return n + (a.receive(buf, 0, now) == toA.length ? 1 : 0);
    }

    @Test
    void mtu65535CarriesAFullSizeFrame() {
        VirtualLan lan = new VirtualLan(1, 65_535, 8, 8);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        assertEquals(65_535, a.mtu());
        assertEquals(65_535 + 18, a.capabilities().maxFrameLength());
        byte[] f = frame(MacAddress.BROADCAST, MAC_A, 3, 65_535 + 14);
        a.transmit(f, 0, f.length, 0);
        byte[] vlan = frame(MacAddress.BROADCAST, MAC_A, 4, 65_535 + 18);
        a.transmit(vlan, 0, vlan.length, 0);
        byte[] over = frame(MacAddress.BROADCAST, MAC_A, 5, 65_535 + 19);
        a.transmit(over, 0, over.length, 0);
        byte[] buf = new byte[70_000];
        assertEquals(f.length, b.receive(buf, 0, 0));
        assertArrayEquals(f, Arrays.copyOf(buf, f.length));
        assertEquals(vlan.length, b.receive(buf, 0, 0));
        assertArrayEquals(vlan, Arrays.copyOf(buf, vlan.length));
        assertEquals(-1, b.receive(buf, 0, 0));
        assertEquals(1, a.drops(DropReason.BAD_LENGTH));
        assertThrows(IllegalArgumentException.class, () -> new VirtualLan(1, 65_536, 8, 8));
    }

    /**
     * Healing a delayed link: a frame sent after the heal that is due at the same time as one sent
     * before it comes after it (send order), not before (the fast path must not jump the queue).
     */
    @Test
    void healingKeepsSendOrderAmongFramesDueAtTheSameTime() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a", FaultConfig.NONE.withDelay(1_000), FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 0), 0, 64, 0);      // due at 1,000
        a.setEgressFaults(FaultConfig.NONE);
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1), 0, 64, 1_000);  // due at 1,000 too
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 2), 0, 64, 1_000);
        assertEquals(List.of(0, 1, 2), seqs(drain(b, 1_000)));
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 3), 0, 64, 2_000);  // nothing in flight: fast path
        assertEquals(1, b.pending());
        assertEquals(List.of(3), seqs(drain(b, 2_000)));
    }

    /** A frame sent after the heal that is due earlier than one still in flight passes it, as on a faster path. */
    @Test
    void healingLetsAFrameDueEarlierPassOneStillInFlight() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b", FaultConfig.NONE, FaultConfig.NONE.withDelay(1_000));
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 0), 0, 64, 0);      // due at 1,000
        b.setIngressFaults(FaultConfig.NONE);
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1), 0, 64, 10);     // due at 10
        assertEquals(10, b.pollAt());
        assertEquals(List.of(1), seqs(drain(b, 10)));
        assertEquals(1_000, b.pollAt());
        assertEquals(List.of(0), seqs(drain(b, 1_000)));
        assertEquals(LinkAdapter.NEVER, b.pollAt());
    }

    @Test
    void checksumOffloadOnlyBetweenInJvmEndsWithoutCorruption() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        assertOffload(a, true, true);
        assertOffload(b, true, true);
        assertTrue(a.capabilities().batching());
        assertEquals(0, a.capabilities().maxSegmentationSize());

        VirtualPort c = lan.attach("c", FaultConfig.NONE.withCorrupt(0.01), FaultConfig.NONE);
        assertOffload(a, false, false);   // frames from c may be corrupted: verify
        assertOffload(b, false, false);
        assertOffload(c, true, false);    // nothing corrupts what c receives, but a and b verify

        VirtualLan lan2 = new VirtualLan(2);
        VirtualPort x = lan2.attach("x");
        VirtualPort y = lan2.attach("y");
        VirtualPort z = lan2.attach("z");
        y.setIngressFaults(FaultConfig.NONE.withLoss(0.5));
        assertOffload(y, true, true);     // loss does not corrupt
        y.setIngressFaults(FaultConfig.NONE.withCorrupt(0.5));
        assertOffload(y, false, true);
        assertOffload(x, true, false);    // y verifies what x sends
        assertOffload(z, true, false);
        y.setIngressFaults(FaultConfig.NONE);
        assertOffload(y, false, true);    // sticky: corrupted frames may still be queued
        assertOffload(x, true, false);

        VirtualLan plain = new VirtualLan(3, 1500, 16, 16, false);
        assertOffload(plain.attach("p"), false, false);
        assertOffload(plain.attach("q"), false, false);
    }

    @Test
    void observedAdapterNeverOffloadsTransmitChecksums() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        lan.attach("b");
        ObservedAdapter observed = new ObservedAdapter(a, (dir, bytes, off, len, now) -> { });
        assertOffload(observed, true, false);
        assertTrue(observed.capabilities() == observed.capabilities(), "kept, not rebuilt per call");
    }

    private static void assertOffload(LinkAdapter p, boolean rx, boolean tx) {
        LinkCapabilities c = p.capabilities();
        assertEquals(rx, c.rxChecksumVerified(), p.name() + " rx checksum offload");
        assertEquals(tx, c.txChecksumOffload(), p.name() + " tx checksum offload");
    }

    /** The MAC table evicts the address refreshed least recently; a frame from an address refreshes it. */
    @Test
    void macTableEvictsTheAddressSeenLeastRecently() {
        VirtualLan small = new VirtualLan(1, 1500, 64, 3);
        VirtualPort x = small.attach("x");
        small.attach("y");
        for (int i = 1; i <= 3; i++) {
            x.transmit(frame(MacAddress.BROADCAST, sender(i), i), 0, 64, i);
        }
        x.transmit(frame(MacAddress.BROADCAST, sender(1), 9), 0, 64, 10);   // 1 refreshed: 2 is now oldest
        x.transmit(frame(MacAddress.BROADCAST, sender(4), 4), 0, 64, 11);
        assertEquals(3, small.macTableSize());
        assertEquals(1, small.macTableEvictions());
        assertTrue(small.portOf(sender(2), 11).isEmpty());
        assertTrue(small.portOf(sender(1), 11).isPresent());
        assertTrue(small.portOf(sender(3), 11).isPresent());
    }
}
