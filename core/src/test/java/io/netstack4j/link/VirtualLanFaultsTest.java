package io.netstack4j.link;

import io.netstack4j.stats.DropReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.frame;
import static io.netstack4j.link.TestFrames.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of fault, measured over many frames with a fixed seed. Bounds are about five
 * standard deviations wide, so they hold for any seed; the fixed seed makes the run repeatable.
 */
class VirtualLanFaultsTest {
    private static final int N = 10_000;
    /** Frames are sent this far apart (virtual time). */
    private static final long GAP = 10_000;

    /** A frame as received, with the virtual time it became receivable. */
    record Arrival(long at, byte[] frame) {
        int seq() {
            return TestFrames.seq(frame);
        }
    }

    /** Sends N frames a→b (b learnt, so unicast) GAP apart, then collects every arrival in time order. */
    static List<Arrival> run(long seed, FaultConfig egress, FaultConfig ingress, int len) {
        VirtualLan lan = new VirtualLan(seed, 1500, 2 * N + 10, 64);
        VirtualPort a = lan.attach("a", egress, FaultConfig.NONE);
        VirtualPort b = lan.attach("b", FaultConfig.NONE, ingress);
        b.transmit(frame(MAC_A, MAC_B, -1), 0, 64, 0);       // teach the switch where b is
        a.receive(new byte[64], 0, 0);
        for (int i = 0; i < N; i++) {
            byte[] f = frame(MAC_B, MAC_A, i, len);
            a.transmit(f, 0, f.length, i * GAP);
        }
        return collect(b);
    }

    /** Jumps from one pollAt() to the next, as a simulation does, and records when each frame came. */
    static List<Arrival> collect(VirtualPort p) {
        List<Arrival> out = new ArrayList<>();
        byte[] buf = new byte[2048];
        long t;
        while ((t = p.pollAt()) != LinkAdapter.NEVER) {
            int n;
            while ((n = p.receive(buf, 0, t)) >= 0) {
                out.add(new Arrival(t, Arrays.copyOf(buf, n)));
            }
        }
        return out;
    }

    static void assertAround(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(actual - expected) <= tolerance,
                what + ": expected " + expected + " ± " + tolerance + ", got " + actual);
    }

    @Test
    void noFaultsDeliversEverythingInOrderAtOnce() {
        List<Arrival> got = run(1, FaultConfig.NONE, FaultConfig.NONE, 64);
        assertEquals(N, got.size());
        for (int i = 0; i < N; i++) {
            assertEquals(i, got.get(i).seq());
            assertEquals(i * GAP, got.get(i).at());
        }
    }

    @Test
    void lossOfTwentyPercent() {
        VirtualLan lan = new VirtualLan(42);
        VirtualPort a = lan.attach("a", FaultConfig.NONE.withLoss(0.2), FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        int received = 0;
        byte[] buf = new byte[100];
        for (int i = 0; i < N; i++) {
            a.transmit(frame(MAC_B, MAC_A, i), 0, 64, i);
            while (b.receive(buf, 0, i) >= 0) {
                received++;
            }
        }
        // 20 % of 10,000: mean 2,000 lost, standard deviation 40.
        assertAround(8_000, received, 200, "frames received");
        assertEquals(N - received, a.stats().injectedDrops.get());
        assertEquals(N - received, a.drops(DropReason.INJECTED_LOSS));
        assertEquals(N, a.stats().txFrames.get(), "lost frames were still sent");
    }

    @Test
    void ingressLossAffectsOnlyThatPort() {
        VirtualLan lan = new VirtualLan(7, 1500, N, 64);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b", FaultConfig.NONE, FaultConfig.NONE.withLoss(0.5));
        VirtualPort c = lan.attach("c");
        for (int i = 0; i < N; i++) {
            a.transmit(frame(io.netstack4j.wire.MacAddress.BROADCAST, MAC_A, i), 0, 64, i);
        }
        assertEquals(N, collect(c).size());
        int atB = collect(b).size();
        assertAround(5_000, atB, 250, "frames received by b");   // sd 50
        assertEquals(N - atB, b.stats().injectedDrops.get());
        assertEquals(0, a.stats().injectedDrops.get());
    }

    @Test
    void duplicationOfTenPercent() {
        List<Arrival> got = run(3, FaultConfig.NONE.withDuplicate(0.1), FaultConfig.NONE, 64);
        Map<Integer, Integer> copies = new HashMap<>();
        for (Arrival x : got) {
            copies.merge(x.seq(), 1, Integer::sum);
        }
        assertEquals(N, copies.size(), "every frame arrives");
        assertTrue(copies.values().stream().allMatch(c -> c == 1 || c == 2));
        int extra = got.size() - N;
        assertAround(1_000, extra, 150, "duplicates");          // sd 30
    }

    @Test
    void reorderingOfTenPercentHoldsFramesBackSoLaterOnesOvertake() {
        FaultConfig reorder = FaultConfig.NONE.withReorder(0.1, 1_000_000);   // 100 gaps
        VirtualLan lan = new VirtualLan(11, 1500, 2 * N, 64);
        VirtualPort a = lan.attach("a", reorder, FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        for (int i = 0; i < N; i++) {
            a.transmit(frame(io.netstack4j.wire.MacAddress.BROADCAST, MAC_A, i), 0, 64, i * GAP);
        }
        List<Arrival> got = collect(b);
        assertEquals(N, got.size(), "nothing lost");
        int late = 0;
        int highest = -1;
        for (Arrival x : got) {
            if (x.seq() < highest) {
                late++;
                assertEquals(x.seq() * GAP + 1_000_000, x.at(), "held back exactly the extra delay");
            } else {
                assertEquals(x.seq() * GAP, x.at());
            }
            highest = Math.max(highest, x.seq());
        }
        assertAround(1_000, late, 150, "frames overtaken");
        // Only the last 100 frames could be held back with nothing left to overtake them.
        assertTrue(a.reordered() >= late && a.reordered() <= late + 100, a.reordered() + " vs " + late);
    }

    @Test
    void delayIsExact() {
        List<Arrival> got = run(5, FaultConfig.NONE.withDelay(5_000_000), FaultConfig.NONE.withDelay(250), 64);
        assertEquals(N, got.size());
        for (Arrival x : got) {
            assertEquals(x.seq() * GAP + 5_000_250, x.at());
        }
    }

    @Test
    void jitterSpreadsDelayUniformlyAroundTheMean() {
        List<Arrival> got = run(6, FaultConfig.NONE.withDelay(5_000_000).withJitter(1_000_000), FaultConfig.NONE, 64);
        assertEquals(N, got.size());
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Arrival x : got) {
            long d = x.at() - x.seq() * GAP;
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 4_000_000 && max <= 6_000_000, min + ".." + max);
        assertTrue(min < 4_050_000 && max > 5_950_000, "uses the whole range: " + min + ".." + max);
        // Uniform on ±1 ms: sd 0.577 ms per frame, 5.8 µs for the mean of 10,000.
        assertAround(5_000_000, sum / N, 30_000, "mean delay");
    }

    @Test
    void jitterNeverMakesDelayNegative() {
        List<Arrival> got = run(8, FaultConfig.NONE.withDelay(100).withJitter(1_000_000), FaultConfig.NONE, 64);
        for (Arrival x : got) {
            assertTrue(x.at() >= x.seq() * GAP);
        }
    }

    @Test
    void corruptionFlipsExactlyOneBitInACopy() {
        List<Arrival> got = run(9, FaultConfig.NONE.withCorrupt(0.05), FaultConfig.NONE, 200);
        assertEquals(N, got.size());
        int corrupted = 0;
        for (int i = 0; i < N; i++) {
            byte[] sent = frame(MAC_B, MAC_A, i, 200);
            byte[] recv = got.get(i).frame();
            int bits = 0;
            for (int k = 0; k < sent.length; k++) {
                bits += Integer.bitCount((sent[k] ^ recv[k]) & 0xFF);
            }
            assertTrue(bits <= 1, "frame " + i + " has " + bits + " bits flipped");
            corrupted += bits;
        }
        assertAround(500, corrupted, 110, "corrupted frames");   // sd 21.8
    }

    @Test
    void bandwidthLimitSerializesFramesAndDropsBeyondTheBacklog() {
        // 10 Mbit/s; a 1250-byte frame takes (1250 + 24) * 8 bits = 1.0192 ms on the wire.
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a", FaultConfig.NONE.withBandwidth(10_000_000, 100_000_000), FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        for (int i = 0; i < 200; i++) {
            a.transmit(frame(io.netstack4j.wire.MacAddress.BROADCAST, MAC_A, i, 1250), 0, 1250, 0);
        }
        // Frame k starts at k * 1.0192 ms; those that would wait more than 100 ms (k >= 99) are dropped.
        List<Arrival> got = collect(b);
        assertEquals(99, got.size());
        assertEquals(101, a.drops(DropReason.BANDWIDTH_LIMIT));
        assertEquals(101, a.stats().dropped.get());
        for (int k = 0; k < got.size(); k++) {
            assertEquals(k, got.get(k).seq());
            assertEquals((k + 1) * 1_019_200L, got.get(k).at());
        }
    }

    @Test
    void bandwidthLimitBelowTheRateCostsOnlySerialization() {
        // 100 Mbit/s; 64-byte frames (88 bytes on the wire, 7.04 µs) every 10 µs: never a backlog.
        List<Arrival> got = run(2, FaultConfig.NONE.withBandwidth(100_000_000), FaultConfig.NONE, 64);
        assertEquals(N, got.size());
        for (Arrival x : got) {
            assertEquals(x.seq() * GAP + 7_040, x.at());
        }
    }

    @Test
    void serializationCountsPaddingAndEthernetOverhead() {
        assertEquals(6_720, FaultInjector.serializationNanos(14, 100_000_000));    // padded to 60, +24
        assertEquals(123_040, FaultInjector.serializationNanos(1514, 100_000_000));   // (1514 + 24) * 8 bits
        assertEquals(3, FaultInjector.serializationNanos(14, 224_000_000_000L));    // rounded up
    }

    @Test
    void sameSeedSameOutcomeDifferentSeedDifferentOutcome() {
        FaultConfig all = new FaultConfig(0.1, 0.05, 0.05, 200_000, 50_000, 0.02, 50_000_000);
        List<Arrival> one = run(1234, all, all.withLoss(0.05), 300);
        List<Arrival> two = run(1234, all, all.withLoss(0.05), 300);
        List<Arrival> other = run(4321, all, all.withLoss(0.05), 300);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).at(), two.get(i).at());
            assertArrayEquals(one.get(i).frame(), two.get(i).frame());
        }
        boolean differs = one.size() != other.size();
        for (int i = 0; !differs && i < one.size(); i++) {
            differs = one.get(i).at() != other.get(i).at() || !Arrays.equals(one.get(i).frame(), other.get(i).frame());
        }
        assertTrue(differs, "another seed gives another run");
    }

    @Test
    void aPortsFaultsDoNotDependOnOtherPortsTraffic() {
        List<Integer> quiet = lossPattern(false);
        List<Integer> busy = lossPattern(true);
        assertEquals(quiet, busy);
        assertNotEquals(0, quiet.size());
    }

    /** Which of 1,000 frames a→b are lost, with or without a lossy port c chattering in between. */
    private static List<Integer> lossPattern(boolean chatter) {
        VirtualLan lan = new VirtualLan(99);
        FaultConfig lossy = FaultConfig.NONE.withLoss(0.3);
        VirtualPort a = lan.attach("a", lossy, FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        VirtualPort c = lan.attach("c", lossy, lossy);
        List<Integer> lost = new ArrayList<>();
        byte[] buf = new byte[100];
        for (int i = 0; i < 1_000; i++) {
            if (chatter) {
                c.transmit(frame(io.netstack4j.wire.MacAddress.BROADCAST, TestFrames.MAC_C, i), 0, 64, i);
            }
            a.transmit(frame(MAC_B, MAC_A, i), 0, 64, i);
            boolean got = false;
            int n;
            while ((n = b.receive(buf, 0, i)) >= 0) {
                got |= n == 64 && seq(buf) == i && TestFrames.source(buf).equals(MAC_A);
            }
            if (!got) {
                lost.add(i);
            }
        }
        return lost;
    }

    @Test
    void faultsCanBeChangedWhileRunning() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a", FaultConfig.NONE.withLoss(1.0), FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        a.transmit(frame(MAC_B, MAC_A, 0), 0, 64, 0);
        assertEquals(0, collect(b).size());
        a.setEgressFaults(FaultConfig.NONE);
        assertEquals(FaultConfig.NONE, a.egressFaults());
        a.transmit(frame(MAC_B, MAC_A, 1), 0, 64, 0);
        assertEquals(1, collect(b).size());
    }

    @Test
    void faultConfigValidatesAndBuilds() {
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.NONE.withLoss(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.NONE.withCorrupt(-0.1));
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.NONE.withDuplicate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.NONE.withDelay(-1));
        FaultConfig c = FaultConfig.NONE.withLoss(0.1).withDuplicate(0.2).withReorder(0.3, 7).withDelay(4)
                .withJitter(5).withCorrupt(0.4).withBandwidth(1_000, 9);
        assertEquals(new FaultConfig(0.1, 0.2, 0.3, 4, 5, 0.4, 1_000, 7, 9), c);
        assertTrue(FaultConfig.NONE.isNone());
        assertTrue(!c.isNone());
        assertEquals(FaultConfig.DEFAULT_REORDER_DELAY_NANOS, new FaultConfig(0, 0, 0, 0, 0, 0, 0).reorderDelayNanos());
    }
}
