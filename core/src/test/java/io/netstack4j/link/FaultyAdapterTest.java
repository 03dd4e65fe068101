package io.netstack4j.link;

import io.netstack4j.stats.DropReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault-injecting wrapper of a LAN adapter (the TAP device's impairments), in virtual time. */
class FaultyAdapterTest {
    private static final int N = 10_000;
    private static final long GAP = 10_000;
    private static final long MS = 1_000_000;

    /** A medium that remembers what was transmitted (and when) and delivers what a test queued. */
    static final class StubAdapter implements LinkAdapter {
        record Sent(long at, byte[] frame) {
        }

        final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
        final List<Sent> sent = new ArrayList<>();
        final LinkStats stats = new LinkStats();
        LinkCapabilities capabilities = LinkCapabilities.basic(1500);
        boolean closed;
        int wakeups;

        @Override
        public String name() {
            return "stub0";
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public LinkCapabilities capabilities() {
            return capabilities;
        }

        @Override
        public int receive(byte[] buf, int off, long nowNanos) {
            byte[] f = inbound.poll();
            if (f == null) {
                return -1;
            }
            System.arraycopy(f, 0, buf, off, f.length);
            return f.length;
        }

        @Override
        public void transmit(byte[] frame, int off, int len, long nowNanos) {
            sent.add(new Sent(nowNanos, Arrays.copyOfRange(frame, off, off + len)));
        }

        @Override
        public void await(long timeoutNanos) {
        }

        @Override
        public void wakeup() {
            wakeups++;
        }

        @Override
        public LinkStats stats() {
            return stats;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A frame as the stack received it, with the virtual time. */
    record Arrival(long at, int seq) {
    }

    /** Jumps from one pollAt() to the next, as a simulation does, receiving everything due. */
    static List<Arrival> drain(FaultyAdapter a, long from) {
        List<Arrival> out = new ArrayList<>();
        byte[] buf = new byte[2048];
        long t = from;
        for (int guard = 0; guard < 10 * N; guard++) {
            int n;
            while ((n = a.receive(buf, 0, t)) >= 0) {
                out.add(new Arrival(t, TestFrames.seq(Arrays.copyOf(buf, n))));
            }
            t = a.pollAt();
            if (t == LinkAdapter.NEVER) {
                return out;
            }
        }
        throw new AssertionError("the adapter never ran dry");
    }

    @Test
    void noFaultsPassesFramesStraightThroughBothWays() {
        StubAdapter stub = new StubAdapter();
        FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE, 1);
        byte[] out = frame(MAC_B, MAC_A, 7, 100);
        a.transmit(out, 0, out.length, 5);
        assertEquals(1, stub.sent.size());
        assertArrayEquals(out, stub.sent.get(0).frame());
        assertEquals(5, stub.sent.get(0).at());
        byte[] in = frame(MAC_A, MAC_B, 8, 80);
        stub.inbound.add(in);
        byte[] buf = new byte[200];
        assertEquals(80, a.receive(buf, 3, 6));
        assertArrayEquals(in, Arrays.copyOfRange(buf, 3, 83));
        assertEquals(-1, a.receive(buf, 0, 7));
        assertEquals(LinkAdapter.NEVER, a.pollAt());
        assertEquals(1, a.stats().rxFrames.get());
        assertEquals(1, a.stats().txFrames.get());
        assertEquals(180, a.stats().rxBytes.get() + a.stats().txBytes.get());
    }

    @Test
    void delayHoldsFramesOnTheWireUntilDueEachWay() {
        StubAdapter stub = new StubAdapter();
        FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE.withDelay(5 * MS), 1);
        byte[] out = frame(MAC_B, MAC_A, 1);
        a.transmit(out, 0, out.length, 0);
        assertTrue(stub.sent.isEmpty(), "not before its time");
        assertEquals(5 * MS, a.pollAt());
        stub.inbound.add(frame(MAC_A, MAC_B, 2));
        byte[] buf = new byte[100];
        assertEquals(-1, a.receive(buf, 0, MS));       // read from the medium, now on the wire
        assertEquals(1, a.inFlight(Direction.RX));
        assertEquals(5 * MS, a.pollAt(), "the transmitted frame is due first");
        assertEquals(-1, a.receive(buf, 0, 5 * MS));   // receive() advances the transmit wire too
        assertEquals(1, stub.sent.size());
        assertEquals(5 * MS, stub.sent.get(0).at());
        assertEquals(6 * MS, a.pollAt());
        assertEquals(64, a.receive(buf, 0, 6 * MS));
        assertEquals(2, TestFrames.seq(buf));
        assertEquals(LinkAdapter.NEVER, a.pollAt());
    }

    @Test
    void lossDuplicationAndReorderingOnReceiveAccountForEveryFrame() {
        StubAdapter stub = new StubAdapter();
        FaultConfig f = FaultConfig.NONE.withLoss(0.05).withDuplicate(0.02).withReorder(0.25, MS).withDelay(5 * MS);
        FaultyAdapter a = new FaultyAdapter(stub, f, FaultConfig.NONE, 42, FaultyAdapter.DEFAULT_MAX_IN_FLIGHT);
        List<Arrival> got = new ArrayList<>();
        byte[] buf = new byte[2048];
        for (int i = 0; i < N; i++) {
            stub.inbound.add(frame(MAC_A, MAC_B, i));
            int n;
            while ((n = a.receive(buf, 0, i * GAP)) >= 0) {
                got.add(new Arrival(i * GAP, TestFrames.seq(Arrays.copyOf(buf, n))));
            }
        }
        got.addAll(drain(a, N * GAP));
        long lost = a.lost(Direction.RX);
        long dup = a.duplicated(Direction.RX);
        assertEquals(N - lost + dup, got.size(), "every frame lost, delivered, or delivered twice");
        VirtualLanFaultsTest.assertAround(0.05 * N, lost, 110, "lost");
        VirtualLanFaultsTest.assertAround(0.02 * 0.95 * N, dup, 70, "duplicated");
        VirtualLanFaultsTest.assertAround(0.25 * (N - lost + dup), a.reordered(Direction.RX), 220, "reordered");
        Map<Integer, Integer> copies = new HashMap<>();
        int overtaken = 0;
        int last = -1;
        for (Arrival r : got) {
            copies.merge(r.seq(), 1, Integer::sum);
            if (r.seq() < last) {
                overtaken++;
            }
            last = Math.max(last, r.seq());
        }
        assertEquals(dup, copies.values().stream().filter(c -> c == 2).count());
        assertTrue(overtaken > 1000, "reordered frames arrive after later ones: " + overtaken);
        for (Arrival r : got) {
            assertTrue(r.at() >= r.seq() * GAP + 5 * MS, "no frame before its delay");
        }
        assertEquals(0, a.lost(Direction.TX) + a.duplicated(Direction.TX) + a.reordered(Direction.TX));
        assertEquals(lost, a.stats().injectedDrops.get());
    }

    @Test
    void transmitFaultsAreSeededAndRepeatable() {
        FaultConfig f = FaultConfig.NONE.withLoss(0.05).withDuplicate(0.02).withReorder(0.25).withJitter(MS);
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            StubAdapter stub = new StubAdapter();
            FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE, f, 7, FaultyAdapter.DEFAULT_MAX_IN_FLIGHT);
            for (int i = 0; i < N; i++) {
                byte[] out = frame(MAC_B, MAC_A, i);
                a.transmit(out, 0, out.length, i * GAP);
            }
            drain(a, N * GAP);
            assertTrue(a.lost(Direction.TX) > 0 && a.duplicated(Direction.TX) > 0 && a.reordered(Direction.TX) > 0);
            assertEquals(N - a.lost(Direction.TX) + a.duplicated(Direction.TX), stub.sent.size());
            for (int i = 1; i < stub.sent.size(); i++) {
                assertTrue(stub.sent.get(i).at() >= stub.sent.get(i - 1).at(), "sent in due-time order");
            }
            runs.add(stub.sent.stream().map(s -> TestFrames.seq(s.frame())).toList());
        }
        assertEquals(runs.get(0), runs.get(1), "same seed, same frames in the same order");
    }

    @Test
    void wiresAreBoundedAndCountTheirDrops() {
        StubAdapter stub = new StubAdapter();
        FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE, FaultConfig.NONE.withDelay(MS), 1, 10);
        for (int i = 0; i < 15; i++) {
            byte[] out = frame(MAC_B, MAC_A, i);
            a.transmit(out, 0, out.length, 0);
        }
        assertEquals(10, a.inFlight(Direction.TX));
        assertEquals(5, a.drops(Direction.TX, DropReason.QUEUE_FULL));
        assertEquals(5, a.stats().dropped.get());
        a.receive(new byte[100], 0, MS);
        assertEquals(10, stub.sent.size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), stub.sent.stream().map(s -> TestFrames.seq(s.frame())).toList());
        assertThrows(IllegalArgumentException.class, () -> new FaultyAdapter(stub, FaultConfig.NONE, FaultConfig.NONE, 1, 0));
    }

    @Test
    void aFrameTooLongForTheStacksBufferIsDroppedAndCounted() {
        StubAdapter stub = new StubAdapter();
        FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE.withDelay(1), 1);
        stub.inbound.add(frame(MAC_A, MAC_B, 1, 200));
        stub.inbound.add(frame(MAC_A, MAC_B, 2, 60));
        byte[] small = new byte[100];
        assertEquals(-1, a.receive(small, 0, 0));
        assertEquals(60, a.receive(small, 0, 1));
        assertEquals(2, TestFrames.seq(small));
        assertEquals(1, a.drops(Direction.RX, DropReason.TRUNCATED));
    }

    @Test
    void corruptionTurnsTheChecksumOffloadsOffForItsDirection() {
        StubAdapter stub = new StubAdapter();
        stub.capabilities = LinkCapabilities.basic(1500).withChecksumOffload(true, true);
        FaultyAdapter clean = new FaultyAdapter(stub, FaultConfig.NONE.withLoss(0.1), 1);
        assertTrue(clean.capabilities().rxChecksumVerified());
        assertTrue(clean.capabilities().txChecksumOffload());
        FaultyAdapter rxBad = new FaultyAdapter(stub, FaultConfig.NONE.withCorrupt(0.1), FaultConfig.NONE, 1, 10);
        assertFalse(rxBad.capabilities().rxChecksumVerified());
        assertTrue(rxBad.capabilities().txChecksumOffload());
        FaultyAdapter txBad = new FaultyAdapter(stub, FaultConfig.NONE, FaultConfig.NONE.withCorrupt(0.1), 1, 10);
        assertTrue(txBad.capabilities().rxChecksumVerified());
        assertFalse(txBad.capabilities().txChecksumOffload());
    }

    @Test
    void delegatesNameMtuWakeupAndClose() {
        StubAdapter stub = new StubAdapter();
        FaultyAdapter a = new FaultyAdapter(stub, FaultConfig.NONE.withDelay(MS), 99);
        assertEquals("stub0", a.name());
        assertEquals(1500, a.mtu());
        assertSame(stub, a.inner());
        assertEquals(99, a.seed());
        assertEquals(MS, a.faults(Direction.RX).delayNanos());
        a.wakeup();
        assertEquals(1, stub.wakeups);
        assertTrue(a.faultReport().startsWith("rx lost 0 duplicated 0"), a.faultReport());
        a.close();
        assertTrue(stub.closed);
    }
}
