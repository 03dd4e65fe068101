package io.netstack4j.time;

/**
 * One timer: a reusable handle its owner allocates once (per ARP entry, per connection, per
 * waiting call) and arms, re-arms and cancels on a {@link TimerWheel} as often as it likes, with
 * no allocation. It carries its callback and, while armed, its place in the wheel (the fields of
 * an intrusive doubly linked list).
 *
 * <p>Not thread-safe: only the wheel's owner touches it. A timer is armed on at most one wheel at
 * a time.
 */
public final class Timer {
    /** What runs when the timer fires. */
    @FunctionalInterface
    public interface Callback {
        /**
         * The timer fired: its deadline is at or before {@code now}, the time passed to
         * {@link TimerWheel#expire}. The timer is disarmed when this runs, so the callback may
         * arm it again.
         */
        void onTimer(long now);
    }

    final Callback callback;
    /** The deadline asked for, or {@code Long.MAX_VALUE} while disarmed. */
    long deadline = Long.MAX_VALUE;
    /** Which of the wheel's lists holds this timer, or -1. */
    int list = -1;
    Timer prev;
    Timer next;
    /** The wheel this timer is armed on, or null. */
    TimerWheel wheel;

    public Timer(Callback callback) {
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        this.callback = callback;
    }

    /** Whether the timer is armed (it has not fired, nor been cancelled, since it was last armed). */
    public boolean isArmed() {
        return wheel != null;
    }

    /** The deadline it was last armed for, or {@code Long.MAX_VALUE} if it is not armed. */
    public long deadline() {
        return deadline;
    }

    /** Disarms the timer, wherever it is armed; returns whether it was armed. */
    public boolean cancel() {
        return wheel != null && wheel.cancel(this);
    }

    @Override
    public String toString() {
        return isArmed() ? "Timer[at " + deadline + "]" : "Timer[disarmed]";
    }
}
