package io.netstack4j.time;

/** Virtual time for tests and simulations: it moves only when told to. */
public final class ManualClock implements Clock {
    private long now;

    public ManualClock() {
        this(0);
    }

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanos() {
        return now;
    }

    public void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("time does not go backwards: " + delta);
        }
        now += delta;
    }

    public void advanceMillis(long millis) {
        advanceNanos(millis * 1_000_000L);
    }

    /** Moves to {@code t}, which must not be in the past. */
    public void setNanos(long t) {
        advanceNanos(t - now);
    }
}
