package io.netstack4j.app.ping;

import io.netstack4j.iface.Stack;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.wire.Ipv4Address;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends ICMP echo requests from a stack and reports replies as iputils ping does.
 *
 * <p>Threads: the caller's thread paces the requests and prints; the requests are sent, and the
 * replies timed, on the stack's loop thread (which owns the stack), so round-trip times use the
 * loop's {@code now} at both ends. Replies travel to the caller through a queue.
 */
public final class Pinger {
    private final Stack stack;
    private final StackLoop loop;
    private final PingOptions options;
    private final PrintStream out;
    private final BlockingQueue<PingEvent> events = new LinkedBlockingQueue<>();
    private final PingStatistics stats = new PingStatistics();
    private final EchoTracker tracker;

    public Pinger(Stack stack, StackLoop loop, PingOptions options, PrintStream out) {
        this.stack = stack;
        this.loop = loop;
        this.options = options;
        this.out = out;
        this.tracker = new EchoTracker(EchoTracker.pattern(options.size()), events::add);
    }

    /**
     * Runs until {@code count} requests are sent and answered (or the wait runs out), or the
     * thread is interrupted.
     *
     * @return the statistics, after the summary has been printed
     */
    public PingStatistics run() {
        Ipv4Address target = options.target();
        out.printf(Locale.ROOT, "PING %s (%s) %d(%d) bytes of data.%n", target, target, options.size(),
                options.size() + 8 + 20);
        long start = System.nanoTime();
        loop.execute(now -> stack.icmp().bindEcho(options.identifier(), tracker));
        try {
            for (int seq = 1; options.count() == 0 || seq <= options.count(); seq++) {
                final int s = seq & 0xFFFF;
                loop.execute(now -> {
                    tracker.sent(s, now);
                    stack.icmp().sendEchoRequest(target, options.identifier(), s, tracker.data(), now);
                });
                stats.sent();
                boolean last = options.count() != 0 && seq == options.count();
                long until = System.nanoTime() + (last ? options.waitNanos() : options.intervalNanos());
                drainUntil(until, last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.execute(now -> stack.icmp().unbindEcho(options.identifier()));
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        out.printf("%n--- %s ping statistics ---%n%s%n", target, stats.summary(elapsedMs));
        return stats;
    }

    private void drainUntil(long deadline, boolean last) throws InterruptedException {
        while (true) {
            if (last && stats.received() + stats.errors() >= stats.transmitted()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            PingEvent e = events.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (e != null) {
                stats.record(e);
                out.println(PingFormat.line(e));
            }
        }
    }
}
