package io.netstack4j.time;

/**
 * The only source of time in the stack. Protocol code never calls this: it receives
 * {@code nowNanos} as an argument. Only the stack loop (real time) and a simulation
 * (virtual time) ask a clock.
 */
public interface Clock {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanos();
}
