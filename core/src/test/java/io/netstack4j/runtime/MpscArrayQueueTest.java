package io.netstack4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The loop's lock-free task queue: order, bounds, counts, and many producers at once. */
@Timeout(60)
class MpscArrayQueueTest {
    @Test
    void capacityIsRoundedUpToAPowerOfTwoOfAtLeastTwo() {
        assertEquals(2, new MpscArrayQueue<>(1).capacity());
        assertEquals(2, new MpscArrayQueue<>(2).capacity());
        assertEquals(4, new MpscArrayQueue<>(3).capacity());
        assertEquals(4096, new MpscArrayQueue<>(4096).capacity());
        assertEquals(8192, new MpscArrayQueue<>(4097).capacity());
        assertThrows(IllegalArgumentException.class, () -> new MpscArrayQueue<>(0));
        assertThrows(NullPointerException.class, () -> new MpscArrayQueue<String>(2).offer(null));
    }

    @Test
    void firstInFirstOutBoundedAndCountedOverManyLaps() {
        MpscArrayQueue<Integer> q = new MpscArrayQueue<>(4);
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        int next = 0;
        int expected = 0;
        for (int lap = 0; lap < 100; lap++) {
            // Fill to the brim, refuse one more, take a varying number out.
            while (q.offer(next)) {
                next++;
            }
            assertEquals(4, q.size());
            assertFalse(q.isEmpty());
            for (int k = 0; k <= lap % 4; k++) {
                assertEquals(expected++, q.poll());
            }
        }
        assertEquals(next, q.offered(), "the producer index counts every accepted element");
        List<Integer> rest = new ArrayList<>();
        assertEquals(next - expected, q.drain(rest::add));
        for (int v : rest) {
            assertEquals(expected++, v);
        }
        assertTrue(q.isEmpty());
        assertNull(q.poll());
    }

    /**
     * Four producers each offer a run of distinct values (retrying while the queue is full) to one
     * consumer: every value arrives exactly once, and each producer's values in its order.
     */
    @Test
    void manyProducersLoseNothingAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 200_000;
        MpscArrayQueue<Long> q = new MpscArrayQueue<>(64);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (long i = 0; i < perProducer; i++) {
                    Long v = id << 32 | i;
                    while (!q.offer(v)) {
                        if (System.nanoTime() > giveUp) {
                            failure.set("producer " + id + " stuck at " + i);
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        long[] nextOf = new long[producers];
        long total = (long) producers * perProducer;
        for (long got = 0; got < total; ) {
            Long v = q.poll();
            if (v == null) {
                if (System.nanoTime() > giveUp || failure.get() != null) {
                    fail("after " + got + " of " + total + ": " + failure.get());
                }
                Thread.onSpinWait();
                continue;
            }
            int id = (int) (v >>> 32);
            long seq = v & 0xFFFF_FFFFL;
            assertEquals(nextOf[id], seq, "producer " + id + ": lost, duplicated or out of order");
            nextOf[id]++;
            got++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(q.poll(), "nothing beyond what was offered");
        assertTrue(q.isEmpty());
        assertEquals(total, q.offered());
    }

    /**
     * A jcstress-like check of the tightest race: two producers offer one element each into a queue
     * of two slots holding one element already, while the consumer takes one. Over many rounds, every
     * outcome keeps the invariants: exactly one of the producers may find the queue full, an accepted
     * element is taken exactly once, and a refused one never appears.
     */
    @Test
    void racingOffersAndPollsKeepEveryOutcomeConsistent() throws Exception {
        int rounds = 20_000;
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        @SuppressWarnings("unchecked")
        MpscArrayQueue<String>[] current = new MpscArrayQueue[1];
        boolean[][] accepted = new boolean[rounds][2];
        Thread[] ps = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int id = p;
            ps[p] = Thread.ofPlatform().start(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        start.await(10, TimeUnit.SECONDS);
                        accepted[r][id] = current[0].offer("p" + id);
                        end.await(10, TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        int[] outcomes = new int[3];
        for (int r = 0; r < rounds; r++) {
            MpscArrayQueue<String> q = new MpscArrayQueue<>(2);
            assertTrue(q.offer("old"));
            current[0] = q;
            start.await(10, TimeUnit.SECONDS);
            String first = q.poll();   // races the two offers
            end.await(10, TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            if (first != null) {
                seen.add(first);
            }
            q.drain(seen::add);
            assertEquals("old", seen.getFirst(), "round " + r + ": the oldest first");
            int ok = (accepted[r][0] ? 1 : 0) + (accepted[r][1] ? 1 : 0);
            assertTrue(ok >= 1, "round " + r + ": one free slot at least, so one offer succeeds");
            outcomes[ok]++;
            assertEquals(1 + ok, seen.size(), "round " + r + ": " + seen);
            for (int p = 0; p < 2; p++) {
                assertEquals(accepted[r][p], seen.contains("p" + p), "round " + r + ": " + seen);
            }
            assertEquals(1 + ok, q.offered());
        }
        for (Thread t : ps) {
            t.join();
        }
        assertEquals(rounds, outcomes[1] + outcomes[2]);
    }
}
