package io.netstack4j.runtime;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.time.ManualClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Several hosts (a {@link Stack} and its {@link LinkAdapter}, typically ports of one virtual LAN)
 * driven on the calling thread in virtual time. Each step delivers every frame and runs every timer
 * and scheduled task due at the clock's time, over and over until nothing more happens at that
 * instant, then jumps the {@link ManualClock} to the earliest deadline among the stacks'
 * {@link Stack#poll} results, the adapters' {@link LinkAdapter#pollAt()} and the scheduled tasks.
 * Hosts are visited in the order they were added, so a run is a function of its seeds.
 */
public final class Simulation {
    /** Scheduled tasks are bounded like every other queue. */
    public static final int MAX_SCHEDULED = 1_000_000;
    /** Rounds at one instant before the clock is forced forward (a stack that never settles). */
    private static final int MAX_ROUNDS_PER_INSTANT = 10_000;

    /** A simulated host. */
    public record Host(String name, Stack stack, LinkAdapter adapter) {
    }

    private record Scheduled(long at, long seq, LoopTask task) {
    }

    private final ManualClock clock;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Host> unstarted = new ArrayList<>();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;

    public Simulation(ManualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ManualClock clock() {
        return clock;
    }

    /** Current virtual time. */
    public long now() {
        return clock.nanos();
    }

    /** Adds a host whose stack sends through {@code adapter}; it starts at the next run. */
    public Host add(Stack stack, LinkAdapter adapter) {
        Host h = new Host(stack.name(), stack, adapter);
        hosts.add(h);
        unstarted.add(h);
        return h;
    }

    /** Creates a stack for {@code config} wired to {@code adapter} and adds it. */
    public Host addHost(StackConfig config, LinkAdapter adapter) {
        return add(new Stack(config, FrameSink.of(adapter)), adapter);
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /**
     * Runs {@code task} when virtual time reaches {@code atNanos} (at once if that is past). Tasks
     * due at the same instant run in the order they were scheduled, e.g. "send ping N at
     * t = N × 10 ms": {@code for (n...) sim.schedule(n * 10_000_000L, now -> ...)}.
     */
    public void schedule(long atNanos, LoopTask task) {
        Objects.requireNonNull(task, "task");
        if (scheduled.size() >= MAX_SCHEDULED) {
            throw new IllegalStateException("more than " + MAX_SCHEDULED + " scheduled tasks");
        }
        scheduled.add(new Scheduled(atNanos, seq++, task));
    }

    /** Schedules {@code task} {@code delayNanos} after the current virtual time. */
    public void scheduleIn(long delayNanos, LoopTask task) {
        schedule(clock.nanos() + delayNanos, task);
    }

    /** Runs for {@code nanos} of virtual time. */
    public void runFor(long nanos) {
        runUntil(() -> false, nanos);
    }

    /**
     * Runs until {@code done} is true (checked after every round) or {@code maxVirtualNanos} of
     * virtual time have passed.
     *
     * @return whether {@code done} became true
     */
    public boolean runUntil(BooleanSupplier done, long maxVirtualNanos) {
        long limit = saturatedAdd(clock.nanos(), maxVirtualNanos);
        while (true) {
            long now = clock.nanos();
            long next = settle(now, done);
            if (done.getAsBoolean()) {
                return true;
            }
            if (now >= limit) {
                return false;
            }
            clock.setNanos(Math.min(Math.max(next, now + 1), limit));
        }
    }

    /**
     * Processes everything due at {@code now} until quiet. Returns the earliest future deadline,
     * or {@code Long.MAX_VALUE}.
     */
    private long settle(long now, BooleanSupplier done) {
        for (Host h : unstarted) {
            h.stack().start(now);
        }
        unstarted.clear();
        long next = Long.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
            boolean progress = false;
            while (!scheduled.isEmpty() && scheduled.peek().at <= now) {
                scheduled.poll().task.run(now);
                progress = true;
            }
            for (Host h : hosts) {
                if (h.stack().hasOutput()) {
                    h.stack().flushOutput(now);
                    progress = true;
                }
                if (receiveAll(h, now)) {
                    progress = true;
                }
            }
            next = Long.MAX_VALUE;
            for (Host h : hosts) {
                next = Math.min(next, h.stack().poll(now));
                next = Math.min(next, h.adapter().pollAt());
            }
            if (!scheduled.isEmpty()) {
                next = Math.min(next, scheduled.peek().at);
            }
            if ((!progress && next > now) || done.getAsBoolean()) {
                break;
            }
        }
        return next;
    }

    /**
     * Moves every frame due at {@code now} from the host's adapter into its stack, each read straight
     * into a buffer of the stack's pool, then ends the input burst. Returns whether there was one.
     */
    private static boolean receiveAll(Host h, long now) {
        Stack stack = h.stack();
        LinkCapabilities caps = h.adapter().capabilities();
        stack.linkCapabilities(caps);
        boolean any = false;
        while (true) {
            PacketBuffer b = stack.pool().acquire();
            int n = h.adapter().receive(b.array(), b.start(), now);
            if (n < 0) {
                b.release();
                break;
            }
            b.append(n);
            b.checksumVerified(caps.rxChecksumVerified());
            stack.receiveFrame(b, now);
            any = true;
        }
        if (any) {
            stack.endOfInputBurst(now);
        }
        return any;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
