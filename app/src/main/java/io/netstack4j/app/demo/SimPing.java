package io.netstack4j.app.demo;

import io.netstack4j.app.ping.PingEvent;
import io.netstack4j.app.ping.PingStatistics;
import io.netstack4j.iface.EchoListener;
import io.netstack4j.iface.Stack;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ping inside a {@link Simulation}: requests are scheduled in virtual time and replies timed in
 * virtual time, so a run is exactly repeatable.
 */
final class SimPing implements EchoListener {
    private final Simulation sim;
    private final Stack from;
    private final Ipv4Address target;
    private final int identifier;
    private final byte[] data;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private final Set<Integer> answered = new HashSet<>();
    private final List<PingEvent> events = new ArrayList<>();
    private final PingStatistics stats = new PingStatistics();

    SimPing(Simulation sim, Stack from, Ipv4Address target, int identifier, int size) {
        this.sim = sim;
        this.from = from;
        this.target = target;
        this.identifier = identifier;
        this.data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        from.icmp().bindEcho(identifier, this);
    }

    /** Schedules {@code count} requests {@code intervalNanos} apart, starting now, and runs until answered or {@code waitNanos} after the last. */
    List<PingEvent> run(int count, long intervalNanos, long waitNanos) {
        events.clear();
        long start = sim.now();
        for (int i = 0; i < count; i++) {
            int seq = sentAt.size() + i + 1;
            sim.schedule(start + i * intervalNanos, now -> {
                sentAt.put(seq, now);
                stats.sent();
                from.icmp().sendEchoRequest(target, identifier, seq, data, now);
            });
        }
        int expected = sentAt.size() + count;
        long limit = (count - 1L) * intervalNanos + waitNanos;
        sim.runUntil(() -> sentAt.size() == expected && answered.size() + errors() >= expected, limit);
        return List.copyOf(events);
    }

    private int errors() {
        return stats.errors();
    }

    PingStatistics statistics() {
        return stats;
    }

    void close() {
        from.icmp().unbindEcho(identifier);
    }

    @Override
    public void onEchoReply(Ipv4Address replier, int ttl, int sequence, byte[] reply, long now) {
        Long t0 = sentAt.get(sequence);
        if (t0 == null) {
            return;
        }
        boolean dup = !answered.add(sequence);
        PingEvent e = new PingEvent.Reply(sequence, replier, reply.length + 8, ttl, now - t0, dup,
                Arrays.equals(reply, data));
        stats.record(e);
        events.add(e);
    }

    @Override
    public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long now) {
        if (sentAt.containsKey(sequence)) {
            PingEvent e = new PingEvent.Error(sequence, reporter, io.netstack4j.app.ping.PingFormat.describe(error));
            stats.record(e);
            events.add(e);
        }
    }
}
