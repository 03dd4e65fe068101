package io.netstack4j.app.demo;

import io.netstack4j.app.ping.EchoTracker;
import io.netstack4j.app.ping.PingEvent;
import io.netstack4j.app.ping.PingStatistics;
import io.netstack4j.iface.Stack;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * ping inside a {@link Simulation}: requests are scheduled in virtual time and replies timed in
 * virtual time, so a run is exactly repeatable.
 */
final class SimPing {
    private final Simulation sim;
    private final Stack from;
    private final Ipv4Address target;
    private final int identifier;
    private final List<PingEvent> events = new ArrayList<>();
    private final PingStatistics stats = new PingStatistics();
    private final EchoTracker tracker;

    SimPing(Simulation sim, Stack from, Ipv4Address target, int identifier, int size) {
        this.sim = sim;
        this.from = from;
        this.target = target;
        this.identifier = identifier;
        this.tracker = new EchoTracker(EchoTracker.pattern(size), e -> {
            stats.record(e);
            events.add(e);
        });
        from.icmp().bindEcho(identifier, tracker);
    }

    /**
     * Schedules {@code count} requests {@code intervalNanos} apart, starting now, and runs until
     * each is answered (or has failed), or {@code waitNanos} after the last.
     */
    List<PingEvent> run(int count, long intervalNanos, long waitNanos) {
        events.clear();
        long start = sim.now();
        int first = tracker.sentCount() + 1;
        for (int i = 0; i < count; i++) {
            int seq = first + i;
            sim.schedule(start + i * intervalNanos, now -> {
                tracker.sent(seq, now);
                stats.sent();
                from.icmp().sendEchoRequest(target, identifier, seq, tracker.data(), now);
            });
        }
        int expected = first - 1 + count;
        long limit = (count - 1L) * intervalNanos + waitNanos;
        sim.runUntil(() -> tracker.sentCount() == expected && tracker.settled() >= expected, limit);
        return List.copyOf(events);
    }

    PingStatistics statistics() {
        return stats;
    }

    void close() {
        from.icmp().unbindEcho(identifier);
    }
}
