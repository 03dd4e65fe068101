package io.netstack4j.iface;

/**
 * A part of the stack above IP that has timers of its own (UDP's resolver retries, TCP's
 * retransmission and delayed-ACK timers...). Registered with {@link Stack#addTimerClient}, it is
 * polled whenever the stack is, on the thread that owns the stack; time comes in, never read.
 */
@FunctionalInterface
public interface TimerClient {
    /**
     * Runs whatever is due at {@code nowNanos}.
     *
     * @return the next time this client needs polling, or {@code Long.MAX_VALUE}
     */
    long poll(long nowNanos);
}
