package io.netstack4j.stats;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts drops by {@link DropReason}. Not thread-safe: a counter belongs to one stack and is
 * written only by the thread that owns the stack; {@link #snapshot()} is for that thread too
 * (or for a thread that has synchronised with it through the stack loop).
 */
public final class DropCounters {
    private final String layer;
    private final long[] counts = new long[DropReason.values().length];

    public DropCounters(String layer) {
        this.layer = layer;
    }

    public String layer() {
        return layer;
    }

    public void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    /** Counts {@code n} drops at once (n &gt;= 0), e.g. every fragment of a datagram dropped. */
    public void count(DropReason reason, int n) {
        counts[reason.ordinal()] += n;
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** The non-zero counters. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            if (counts[r.ordinal()] != 0) {
                m.put(r, counts[r.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return layer + " drops " + snapshot();
    }
}
