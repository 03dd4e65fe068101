package io.netstack4j.time;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The obvious timer set the wheel is checked against: a sorted set of (effective deadline, arming
 * order). It follows the semantics the {@link TimerWheel} documents, stated here as plainly as
 * possible: an overdue deadline counts as the current time; a timer armed during an expire for a
 * deadline at or before its {@code now} waits for the next expire.
 */
final class WheelModel {
    interface Action {
        void fired(int id, long now);
    }

    private record Entry(long at, long seq, int id) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final TreeSet<Entry> armed = new TreeSet<>();
    private final Entry[] byId;
    private final long[] deadlineOf;
    private final List<Entry> deferred = new ArrayList<>();
    private long now;
    private long seq;
    private boolean expiring;
    private long expireNow;
    private Action action = (id, t) -> { };

    WheelModel(int timers, long start) {
        byId = new Entry[timers];
        deadlineOf = new long[timers];
        java.util.Arrays.fill(deadlineOf, Long.MAX_VALUE);
        now = start;
    }

    void onFire(Action a) {
        action = a;
    }

    void schedule(int id, long deadline) {
        cancel(id);
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        deadlineOf[id] = deadline;
        if (expiring && deadline <= expireNow) {
            Entry e = new Entry(Long.MIN_VALUE, seq++, id);   // 'at' fixed when the expire ends
            byId[id] = e;
            deferred.add(e);
            return;
        }
        Entry e = new Entry(Math.max(deadline, now), seq++, id);
        byId[id] = e;
        armed.add(e);
    }

    boolean cancel(int id) {
        Entry e = byId[id];
        if (e == null) {
            return false;
        }
        byId[id] = null;
        deadlineOf[id] = Long.MAX_VALUE;
        if (!armed.remove(e)) {
            deferred.remove(e);
        }
        return true;
    }

    /** The ids fired, in order. */
    List<Integer> expire(long t, List<Integer> out) {
        if (t < now) {
            return out;
        }
        expiring = true;
        expireNow = t;
        while (!armed.isEmpty() && armed.first().at <= t) {
            Entry e = armed.pollFirst();
            byId[e.id] = null;
            deadlineOf[e.id] = Long.MAX_VALUE;
            out.add(e.id);
            action.fired(e.id, t);
        }
        now = t;
        for (Entry e : deferred) {
            Entry moved = new Entry(t, e.seq, e.id);
            byId[e.id] = moved;
            armed.add(moved);
        }
        deferred.clear();
        expiring = false;
        return out;
    }

    long nextDeadline() {
        long m = armed.isEmpty() ? Long.MAX_VALUE : armed.first().at;
        return deferred.isEmpty() ? m : Math.min(m, now);
    }

    int armedCount() {
        return armed.size() + deferred.size();
    }

    boolean isArmed(int id) {
        return byId[id] != null;
    }

    long deadline(int id) {
        return deadlineOf[id];
    }
}
