/**
 * Time as a value: the {@link io.netstack4j.time.Clock} that only the stack loop and a
 * simulation read, the {@link io.netstack4j.time.ManualClock} of virtual time, and the
 * {@link io.netstack4j.time.TimerWheel} that holds a stack's timers ({@link io.netstack4j.time.Timer}
 * handles): it never reads a clock either, the owner passes {@code now}.
 * Protocol code receives {@code nowNanos} as an argument instead.
 */
package io.netstack4j.time;
