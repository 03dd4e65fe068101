package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive queue keeps full-sized segments in their frames (read with one copy), copies small
 * data into buffers of its own (appending to the last), never loses or doubles a byte across chunk
 * boundaries, and gives every buffer back to the pool.
 */
class RecvQueueTest {
    private final Stack stack = new Stack(StackConfig.builder("t").mac(io.netstack4j.wire.MacAddress.parse("02:00:00:00:00:01")).address("198.51.100.1/24").build(),
            (b, off, len, now) -> { });
    private final PacketPool pool = stack.pool();
    private int next;

    /** A pool buffer holding {@code len} bytes of the running pattern behind the headroom. */
    private PacketBuffer frame(int len) {
        PacketBuffer p = pool.acquire();
        int at = p.append(len);
        for (int i = 0; i < len; i++) {
            p.array()[at + i] = (byte) (next++ * 7);
        }
        return p;
    }

    private static byte[] pattern(int from, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) ((from + i) * 7);
        }
        return b;
    }

    @Test
    void fullSizedSegmentsAreKeptSmallOnesCopiedAndAppended() {
        RecvQueue q = new RecvQueue(16);
        PacketBuffer big = frame(1448);
        assertEquals(RecvQueue.KEPT, q.add(big, big.start(), 1448, stack));
        PacketBuffer small = frame(100);
        assertEquals(RecvQueue.COPIED, q.add(small, small.start(), 100, stack));
        small.release();   // copied: the caller keeps it
        PacketBuffer small2 = frame(50);
        assertEquals(RecvQueue.COPIED, q.add(small2, small2.start(), 50, stack));
        small2.release();
        assertEquals(1598, q.size());
        byte[] out = new byte[2000];
        assertEquals(1598, q.read(out, 0, out.length));
        assertArrayEquals(pattern(0, 1598), java.util.Arrays.copyOf(out, 1598));
        q.clear();
        assertEquals(0, pool.outstanding(), "every buffer back in the pool");
    }

    @Test
    void moreThanAFramesWorthInALargeBufferIsKeptNotDropped() {
        // Receive offload: a segment the kernel did not cut comes in a 64-KiB buffer; 10,000 bytes
        // are less than a quarter of it but more than a frame buffer of ours holds.
        RecvQueue q = new RecvQueue(8);
        PacketBuffer large = stack.allocate(60_000);
        int at = large.append(10_000);
        System.arraycopy(pattern(0, 10_000), 0, large.array(), at, 10_000);
        assertEquals(RecvQueue.KEPT, q.add(large, at, 10_000, stack));
        byte[] out = new byte[10_000];
        assertEquals(10_000, q.read(out, 0, out.length));
        assertArrayEquals(pattern(0, 10_000), out);
        q.clear();
    }

    @Test
    void randomSegmentsAndReadsLoseAndDoubleNothing() {
        SplittableRandom r = new SplittableRandom(42);
        RecvQueue q = new RecvQueue(64);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int total = 0;
        byte[] buf = new byte[5000];
        for (int round = 0; round < 20_000; round++) {
            if (r.nextInt(3) > 0) {
                int len = r.nextBoolean() ? 1448 : 1 + r.nextInt(700);
                PacketBuffer f = frame(len);
                int res = q.add(f, f.start(), len, stack);
                if (res == RecvQueue.FULL) {
                    next -= len;   // not taken: the same bytes come again
                    f.release();
                } else {
                    total += len;
                    if (res == RecvQueue.COPIED) {
                        f.release();
                    }
                }
            } else {
                int n = q.read(buf, 0, 1 + r.nextInt(buf.length));
                got.write(buf, 0, n);
            }
            assertEquals(total - got.size(), q.size());
        }
        int n;
        while ((n = q.read(buf, 0, buf.length)) > 0) {
            got.write(buf, 0, n);
        }
        assertEquals(total, got.size());
        assertArrayEquals(pattern(0, total), got.toByteArray());
        q.clear();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void aFullQueueRefusesAndReclaimsWhatWasRead() {
        RecvQueue q = new RecvQueue(4);
        List<PacketBuffer> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PacketBuffer f = frame(1448);
            assertEquals(RecvQueue.KEPT, q.add(f, f.start(), 1448, stack));
            kept.add(f);
        }
        PacketBuffer f = frame(1448);
        assertEquals(RecvQueue.FULL, q.add(f, f.start(), 1448, stack), "four slots");
        byte[] out = new byte[3000];
        assertEquals(3000, q.read(out, 0, 3000));   // two chunks left behind, into the third
        assertEquals(RecvQueue.KEPT, q.add(f, f.start(), 1448, stack), "the read chunks were reclaimed");
        assertEquals(4 * 1448 + 1448 - 3000, q.size());
        q.clear();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void skipAllDropsWhatIsThereAndLaterDataReadsOnFromThere() {
        RecvQueue q = new RecvQueue(8);
        for (int i = 0; i < 3; i++) {
            PacketBuffer f = frame(1448);
            q.add(f, f.start(), 1448, stack);
        }
        assertEquals(3 * 1448, q.skipAll());
        assertTrue(q.isEmpty());
        PacketBuffer f = frame(1448);
        q.add(f, f.start(), 1448, stack);
        byte[] out = new byte[1448];
        assertEquals(1448, q.read(out, 0, out.length));
        assertArrayEquals(pattern(3 * 1448, 1448), out);
        q.clear();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void outOfOrderSegmentsAreTrimmedCoveredAndHandedOverInOrder() {
        OutOfOrder o = new OutOfOrder(3);
        int rcvNxt = 1000;
        PacketBuffer a = frame(100);   // bytes 0..99 of the pattern at seq 1100
        assertEquals(OutOfOrder.HELD, o.add(rcvNxt, 1100, a, a.start(), 100));
        PacketBuffer b = frame(100);   // a duplicate inside: covered
        assertEquals(OutOfOrder.COVERED, o.add(rcvNxt, 1120, b, b.start() + 20, 50));
        b.release();
        PacketBuffer c = frame(300);   // seq 1050..1349 covers a whole: replaces it
        assertEquals(OutOfOrder.HELD, o.add(rcvNxt, 1050, c, c.start(), 300));
        assertEquals(1, o.segments());
        PacketBuffer d = frame(100);   // seq 1300..1399: front trimmed to 1350
        assertEquals(OutOfOrder.HELD, o.add(rcvNxt, 1300, d, d.start(), 100));
        assertEquals(2, o.segments());
        assertEquals(400, o.highestEnd(rcvNxt));
        assertTrue(!o.firstReady(rcvNxt));
        OutOfOrder.Taken t = new OutOfOrder.Taken();
        rcvNxt = 1060;   // the hole filled, and a little more
        assertTrue(o.firstReady(rcvNxt));
        o.takeFirst(rcvNxt, t);
        assertEquals(c, t.buffer);
        assertEquals(290, t.len, "trimmed to RCV.NXT");
        t.buffer.release();
        rcvNxt = 1350;
        o.takeFirst(rcvNxt, t);
        assertEquals(50, t.len, "1350..1399");
        assertEquals(d.start() + 50, t.off);
        t.buffer.release();
        assertTrue(o.isEmpty());
        assertEquals(0, pool.outstanding());
    }

    @Test
    void outOfOrderRefusesPastItsBoundAndClearsEverything() {
        OutOfOrder o = new OutOfOrder(2);
        for (int i = 0; i < 2; i++) {
            PacketBuffer f = frame(10);
            assertEquals(OutOfOrder.HELD, o.add(0, 100 + 100 * i, f, f.start(), 10));
        }
        PacketBuffer f = frame(10);
        assertEquals(OutOfOrder.FULL, o.add(0, 500, f, f.start(), 10));
        f.release();
        o.clear();
        assertEquals(0, pool.outstanding());
    }
}
