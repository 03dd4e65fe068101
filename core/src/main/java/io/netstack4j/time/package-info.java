/**
 * Time as a value: the {@link io.netstack4j.time.Clock} that only the stack loop and a
 * simulation read, and the {@link io.netstack4j.time.ManualClock} of virtual time.
 * Protocol code receives {@code nowNanos} as an argument instead.
 */
package io.netstack4j.time;
