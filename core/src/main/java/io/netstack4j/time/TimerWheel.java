package io.netstack4j.time;

/**
 * A hashed hierarchical timer wheel (Varghese and Lauck, "Hashed and Hierarchical Timing Wheels",
 * 1987, scheme 7) with a one-nanosecond tick, so that every deadline is kept exactly.
 *
 * <h2>Layout</h2>
 * Eleven levels of 64 slots. A slot of level {@code l} spans 64<sup>l</sup> nanoseconds: level 0
 * holds timers due in the current 64 ns block, one deadline per slot; level 1 those due in the
 * current 4 µs block, and so on up to level 10, which spans all of time. A timer goes to the
 * level of the highest 6-bit group in which its deadline differs from the wheel's current time,
 * to the slot that group names. Hence every timer of level {@code l} is due before every timer
 * of level {@code l + 1}, and within a level slot order is time order: the earliest timer is in
 * the lowest occupied slot of the lowest occupied level, found with two
 * {@link Long#numberOfTrailingZeros} on the occupancy bitmaps (one {@code long} per level).
 * When time reaches the start of a slot of level {@code l > 0}, its timers are cascaded: placed
 * again, now on lower levels (a timer alone in that slot and due is run at once instead: it is
 * the earliest of all). A timer is touched at most once per level it passes through, so
 * arming is O(1), cascading amortised O(levels) per timer, and {@link #expire} touches what is
 * due plus the slots on the way, never every armed timer.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #expire expire(now)} runs exactly the timers whose deadline is at or before
 *       {@code now}, in deadline order; timers with equal deadlines run in the order they were
 *       (last) armed.</li>
 *   <li>A deadline at or before the wheel's current time ({@link #now()}, the {@code now} of the
 *       last {@link #expire}) is <em>overdue</em>: the timer is due at once and runs at the next
 *       expire, ordered as if its deadline were the wheel's current time ({@link #nextDeadline}
 *       reports it so). {@code Long.MIN_VALUE} thus means "at the next expire".</li>
 *   <li>A timer a callback arms (or re-arms) for a deadline at or before {@code now} during
 *       {@code expire(now)} does not run in that call but in the next one (so a timer that keeps
 *       re-arming itself for "now" cannot hold the caller in a loop); {@link #nextDeadline} is
 *       then at or before {@code now}. A timer armed for later than {@code now} is placed normally.
 *       A timer a callback cancels or re-arms before its turn does not run.</li>
 *   <li>{@code Long.MAX_VALUE} means never: arming for it disarms.</li>
 *   <li>Time never goes back: an {@code expire} with a {@code now} before the wheel's current
 *       time runs nothing.</li>
 * </ul>
 *
 * <p>Pure: no threads, no locks, no clock reads; the owner passes the time. Not thread-safe.
 * Deadlines are signed nanoseconds on any origin ({@link System#nanoTime} may be negative).
 */
public final class TimerWheel {
    private static final int BITS = 6;
    private static final int SLOTS = 1 << BITS;
    private static final int LEVELS = 11;   // 11 × 6 bits cover 64
    private static final int FIRING = LEVELS * SLOTS;
    private static final int DEFERRED = FIRING + 1;
    private static final int LISTS = DEFERRED + 1;

    private final Timer[] head = new Timer[LISTS];
    private final Timer[] tail = new Timer[LISTS];
    /** Bit {@code s} of {@code occupied[l]}: slot {@code s} of level {@code l} holds a timer. */
    private final long[] occupied = new long[LEVELS];
    /** Bit {@code l}: {@code occupied[l] != 0}. */
    private int levelsOccupied;
    /** The wheel's time: every timer in the slots is due at or after it. */
    private long current;
    private boolean expiring;
    private long expireNow;
    /** The earliest deadline (overdue ones as {@link #current}), valid if {@link #minValid}. */
    private long min = Long.MAX_VALUE;
    private boolean minValid = true;
    private int armed;
    private long fired;

    /** A wheel whose time starts at {@code Long.MIN_VALUE} (no deadline is overdue). */
    public TimerWheel() {
        this(Long.MIN_VALUE);
    }

    /** A wheel whose time starts at {@code startNanos}: earlier deadlines are overdue. */
    public TimerWheel(long startNanos) {
        this.current = startNanos;
    }

    /**
     * Arms {@code t} for {@code deadline}, or moves it there if it is armed (on this wheel).
     * O(1), allocates nothing. {@code Long.MAX_VALUE} disarms it.
     *
     * @throws IllegalStateException if {@code t} is armed on another wheel
     */
    public void schedule(Timer t, long deadline) {
        if (t.wheel != null && t.wheel != this) {
            throw new IllegalStateException("timer armed on another wheel");
        }
        if (deadline == Long.MAX_VALUE) {
            cancel(t);
            return;
        }
        if (t.wheel == this) {
            remove(t);
        } else {
            t.wheel = this;
            armed++;
        }
        t.deadline = deadline;
        if (expiring && deadline <= expireNow) {
            link(t, DEFERRED);   // runs in the next expire (see the class comment)
            return;
        }
        long at = place(t);
        if (minValid && at < min) {
            min = at;
        }
    }

    /** Disarms {@code t}; returns whether it was armed here. O(1). */
    public boolean cancel(Timer t) {
        if (t.wheel != this) {
            return false;
        }
        remove(t);
        disarmed(t);
        return true;
    }

    /**
     * Runs every timer due at {@code now}, in deadline order (ties: arming order), and moves the
     * wheel's time to {@code now}. A callback's exception propagates; the timers not yet run stay
     * armed and overdue, and the wheel stays consistent.
     *
     * @return how many timers ran
     * @throws IllegalStateException if called from a callback
     */
    public int expire(long now) {
        if (expiring) {
            throw new IllegalStateException("expire called from a timer callback");
        }
        if (now < current) {
            return 0;
        }
        expiring = true;
        expireNow = now;
        minValid = false;
        int ran = 0;
        try {
            while (levelsOccupied != 0) {
                int level = Integer.numberOfTrailingZeros(levelsOccupied);
                int slot = Long.numberOfTrailingZeros(occupied[level]);
                long start = slotStart(level, slot);
                if (start > now) {
                    break;
                }
                int list = level * SLOTS + slot;
                Timer only = head[list] == tail[list] ? head[list] : null;
                if (level == 0) {
                    current = start;
                    ran += fire(list, now);
                } else if (only != null && only.deadline <= now) {
                    // Alone in the lowest occupied slot, it is the earliest of all: run it now
                    // rather than cascade it down level by level.
                    current = only.deadline;
                    ran += fire(list, now);
                } else {
                    current = start;
                    cascade(list);
                }
            }
            current = now;
        } finally {
            // Normally only the deferred list is left; after an exception, the rest of the due
            // slot too. Both are due: placed now, they are overdue (or later than current).
            relinkAll(FIRING);
            relinkAll(DEFERRED);
            expiring = false;
            minValid = false;
        }
        return ran;
    }

    /**
     * The earliest deadline armed, exactly ({@link #now()} for an overdue one), or
     * {@code Long.MAX_VALUE}. Cached: recomputed only when the earliest timer has fired or moved,
     * in O(levels) plus, when the earliest timer is further than 64 ns, a walk of the one slot that
     * holds it.
     */
    public long nextDeadline() {
        if (expiring) {
            return computeMin();   // from a callback: not cached, the wheel is changing under it
        }
        if (!minValid) {
            min = computeMin();
            minValid = true;
        }
        return min;
    }

    /** The wheel's time: the {@code now} of the last {@link #expire} (or the start time). */
    public long now() {
        return current;
    }

    /** Timers armed now. */
    public int armed() {
        return armed;
    }

    /** Timers run so far. */
    public long fired() {
        return fired;
    }

    // ---- internals ----

    /** Where the slot begins, in the block of the current time one level up. */
    private long slotStart(int level, int slot) {
        int shift = BITS * level;
        long above = level == LEVELS - 1 ? 0 : -1L << (shift + BITS);
        long biased = ((current ^ Long.MIN_VALUE) & above) | ((long) slot << shift);
        return biased ^ Long.MIN_VALUE;
    }

    /** Links {@code t} into the slot its deadline names; returns the deadline it counts for. */
    private long place(Timer t) {
        long at = Math.max(t.deadline, current);
        long diff = at ^ current;
        int level = diff == 0 ? 0 : (63 - Long.numberOfLeadingZeros(diff)) / BITS;
        // Slots are indexed in unsigned time (sign bit flipped) so that slot order is time order.
        int slot = (int) (((at ^ Long.MIN_VALUE) >>> (BITS * level)) & (SLOTS - 1));
        link(t, level * SLOTS + slot);
        return at;
    }

    private int fire(int list, long now) {
        moveAll(list, FIRING);
        int ran = 0;
        Timer t;
        while ((t = head[FIRING]) != null) {
            unlink(t);
            disarmed(t);
            fired++;
            ran++;
            t.callback.onTimer(now);
        }
        return ran;
    }

    private void cascade(int list) {
        Timer t = head[list];
        head[list] = null;
        tail[list] = null;
        clearBit(list);
        while (t != null) {
            Timer next = t.next;
            t.prev = null;
            t.next = null;
            place(t);
            t = next;
        }
    }

    private void relinkAll(int list) {
        Timer t;
        while ((t = head[list]) != null) {
            unlink(t);
            place(t);
        }
    }

    private long computeMin() {
        long m = Long.MAX_VALUE;
        if (head[FIRING] != null) {
            m = current;
        }
        for (Timer t = head[DEFERRED]; t != null; t = t.next) {
            m = Math.min(m, Math.max(t.deadline, current));
        }
        if (levelsOccupied != 0) {
            int level = Integer.numberOfTrailingZeros(levelsOccupied);
            int slot = Long.numberOfTrailingZeros(occupied[level]);
            if (level == 0) {
                return Math.min(m, slotStart(0, slot));   // one deadline per level-0 slot
            }
            for (Timer t = head[level * SLOTS + slot]; t != null; t = t.next) {
                m = Math.min(m, t.deadline);   // later than current: not overdue
            }
        }
        return m;
    }

    private void remove(Timer t) {
        if (minValid && Math.max(t.deadline, current) <= min) {
            minValid = false;   // it may have been the earliest
        }
        unlink(t);
    }

    private void disarmed(Timer t) {
        t.wheel = null;
        t.deadline = Long.MAX_VALUE;
        armed--;
    }

    private void link(Timer t, int list) {
        t.list = list;
        Timer last = tail[list];
        t.prev = last;
        t.next = null;
        if (last == null) {
            head[list] = t;
            if (list < FIRING) {
                int level = list >>> BITS;
                occupied[level] |= 1L << (list & (SLOTS - 1));
                levelsOccupied |= 1 << level;
            }
        } else {
            last.next = t;
        }
        tail[list] = t;
    }

    private void unlink(Timer t) {
        int list = t.list;
        Timer p = t.prev;
        Timer n = t.next;
        if (p == null) {
            head[list] = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail[list] = p;
        } else {
            n.prev = p;
        }
        t.prev = null;
        t.next = null;
        t.list = -1;
        if (head[list] == null && list < FIRING) {
            clearBit(list);
        }
    }

    private void moveAll(int from, int to) {
        for (Timer t = head[from]; t != null; t = t.next) {
            t.list = to;
        }
        head[to] = head[from];
        tail[to] = tail[from];
        head[from] = null;
        tail[from] = null;
        clearBit(from);
    }

    private void clearBit(int list) {
        int level = list >>> BITS;
        occupied[level] &= ~(1L << (list & (SLOTS - 1)));
        if (occupied[level] == 0) {
            levelsOccupied &= ~(1 << level);
        }
    }

    @Override
    public String toString() {
        return "TimerWheel[now " + current + ", " + armed + " armed, " + fired + " fired]";
    }
}
