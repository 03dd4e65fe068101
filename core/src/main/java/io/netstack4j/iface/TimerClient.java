package io.netstack4j.iface;

import io.netstack4j.time.Timer;
import io.netstack4j.time.TimerWheel;

/**
 * A part of the stack above IP that has timers of its own and prefers to be polled rather than to
 * arm {@link Timer}s on the stack's {@link Stack#timers() wheel} (which is what ARP, the resolver
 * and TCP do). On the thread that owns the stack; time comes in, never read. Two ways to register:
 *
 * <ul>
 *   <li>{@link Stack#scheduleTimerClient}: polled only when the deadline it last returned is due,
 *       through a timer on the wheel. Work that arrives outside {@code poll} (a task, a readiness
 *       callback) must say so through the {@link Registration}: {@link Registration#pollBy} when
 *       its deadline moved earlier, {@link Registration#pollSoon} for "at the next stack poll".</li>
 *   <li>{@link Stack#addTimerClient}: polled on every {@link Stack#poll}, whatever it returned (the
 *       original contract, kept for clients that do not tell the stack when their deadline moves;
 *       each costs a call per loop turn).</li>
 * </ul>
 */
@FunctionalInterface
public interface TimerClient {
    /**
     * Runs whatever is due at {@code nowNanos}.
     *
     * @return the next time this client needs polling ({@code nowNanos} or earlier: at once, on the
     *         loop's next turn), or {@code Long.MAX_VALUE}
     */
    long poll(long nowNanos);

    /**
     * A client polled through the wheel ({@link Stack#scheduleTimerClient}): one reusable
     * {@link Timer} armed for the deadline its {@code poll} returned.
     */
    final class Registration {
        private final Stack stack;
        private final TimerClient client;
        private final TimerWheel wheel;
        private final Timer timer;
        private boolean removed;

        Registration(Stack stack, TimerClient client) {
            this.stack = stack;
            this.client = client;
            this.wheel = stack.timers();
            this.timer = new Timer(this::run);
        }

        private void run(long now) {
            long next = Long.MIN_VALUE;   // if poll throws: polled again on the next turn, as before
            try {
                next = client.poll(now);
            } finally {
                if (!removed) {
                    // pollBy during its own poll counts too.
                    wheel.schedule(timer, Math.min(next, timer.deadline()));
                }
            }
        }

        public TimerClient client() {
            return client;
        }

        /** The client's deadline moved: it is polled at {@code at} at the latest (earlier if already due). */
        public void pollBy(long at) {
            if (!removed && at < timer.deadline()) {
                wheel.schedule(timer, at);
            }
        }

        /**
         * The client has work now: it is polled in the next {@link Stack#poll} (for callbacks that
         * are not given the time, such as socket readiness).
         */
        public void pollSoon() {
            pollBy(Long.MIN_VALUE);
        }

        /** When the client is polled next, or {@code Long.MAX_VALUE} if not before {@link #pollBy}. */
        public long nextPoll() {
            return timer.deadline();
        }

        /** Unregisters, as {@link Stack#removeTimerClient} does. */
        public void remove() {
            stack.removeTimerClient(client);
        }

        void removed() {
            removed = true;
            timer.cancel();
        }
    }
}
