package io.netstack4j.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap allocated so far, from HotSpot's per-thread counters ({@code com.sun.management.ThreadMXBean}):
 * the whole JVM's, and each live thread's by name (threads of the same name are summed). Two
 * snapshots around a measured stretch give bytes allocated per unit of work without an agent, in a
 * harness that runs several threads (JMH's {@code -prof gc} counts the same way).
 */
final class Allocations {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** What the JVM and its live threads had allocated at one instant. */
    record Snapshot(long total, Map<String, Long> byThread) {
        /** Bytes the threads named {@code name} allocated since {@code before}, divided by {@code units}. */
        double perUnit(Snapshot before, String name, long units) {
            long now = byThread.getOrDefault(name, 0L);
            long then = before.byThread.getOrDefault(name, 0L);
            return (double) (now - then) / Math.max(1, units);
        }
    }

    /** Bytes the calling thread has allocated so far. */
    static long currentThread() {
        return MX.getCurrentThreadAllocatedBytes();
    }

    static Snapshot snapshot() {
        Map<String, Long> by = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long b = MX.getThreadAllocatedBytes(t.threadId());
            if (b > 0) {
                by.merge(t.getName(), b, Long::sum);
            }
        }
        return new Snapshot(MX.getTotalThreadAllocatedBytes(), by);
    }
}
