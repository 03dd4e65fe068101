package io.netstack4j.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The indexed deadline heap against a plain list, over random adds, removals and polls. */
class DeadlineHeapTest {
    private static Waiter<Integer> waiter(long deadline) {
        Waiter<Integer> w = new Waiter<>("test") {
            @Override
            boolean attempt(long now) {
                return false;
            }

            @Override
            void expire() {
            }
        };
        w.deadline = deadline;
        return w;
    }

    @Test
    void matchesASortedListWhateverTheOrderOfOperations() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            DeadlineHeap heap = new DeadlineHeap();
            List<Waiter<?>> model = new ArrayList<>();
            for (int step = 0; step < 500; step++) {
                int op = r.nextInt(10);
                if (op < 5) {
                    Waiter<?> w = waiter(r.nextLong(50));
                    heap.add(w);
                    model.add(w);
                } else if (op < 8 && !model.isEmpty()) {
                    Waiter<?> w = model.remove(r.nextInt(model.size()));
                    assertTrue(heap.remove(w));
                    assertFalse(heap.remove(w), "a second removal finds nothing");
                    assertEquals(-1, w.heapIndex);
                } else {
                    Waiter<?> w = heap.poll();
                    if (model.isEmpty()) {
                        assertNull(w);
                    } else {
                        long min = model.stream().mapToLong(x -> x.deadline).min().orElseThrow();
                        assertEquals(min, w.deadline, "seed " + seed);
                        assertTrue(model.remove(w));
                    }
                }
                assertEquals(model.size(), heap.size(), "seed " + seed);
            }
        }
    }
}
