package io.netstack4j.bench;

import io.netstack4j.time.Timer;
import io.netstack4j.time.TimerWheel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The stack's timer wheel under a steady load: {@code armed} timers, spread evenly (with jitter)
 * so that each poll finds {@value #DUE_PER_POLL} due; each runs and re-arms itself one period
 * later, so the armed count stays constant. One operation is one poll: expire, the callbacks'
 * re-arming, and the exact next deadline. {@code -prof gc} shows that nothing is allocated.
 *
 * <ul>
 *   <li>{@code period = 0}: polls 1 ms apart, so a timer's period is {@code armed} × 100 µs (1 ms
 *       to 10 s): the more timers, the further out they are re-armed, and each cascades through
 *       a level more per factor of 64 (the wheel's one logarithm: exact deadlines must be sorted
 *       down to the nanosecond).</li>
 *   <li>{@code period = 10000000000}: every timer re-armed 10 s out, as a protocol timer is (its
 *       distance a property of the protocol, not of how many there are), polls {@code 10 s × 10 /
 *       armed} apart: the same work per timer whatever the count.</li>
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar TimerWheelBench -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerWheelBench {
    static final int DUE_PER_POLL = 10;

    @Param({"10", "1000", "100000"})
    int armed;

    /** A timer's period, or 0 for armed × 100 µs (polls 1 ms apart). */
    @Param({"0", "10000000000"})
    long period;

    TimerWheel wheel;
    Timer[] timers;
    long[] deadlines;
    long now;
    long interval;
    long polls;
    long firedBefore;
    long span;
    long[] scanDeadlines;
    long scanFired;

    @Setup(Level.Trial)
    public void setUp() {
        // An arbitrary origin, as System.nanoTime's is.
        now = 7_123_456_789_012L;
        wheel = new TimerWheel(now);
        timers = new Timer[armed];
        deadlines = new long[armed];
        span = period == 0 ? armed * 100_000L : period;
        long spacing = span / armed;
        interval = spacing * DUE_PER_POLL;
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < armed; i++) {
            int id = i;
            timers[i] = new Timer(t -> {
                deadlines[id] += span;
                wheel.schedule(timers[id], deadlines[id]);
            });
            deadlines[i] = now + 1 + i * spacing + random.nextLong(spacing);
            wheel.schedule(timers[i], deadlines[i]);
        }
        firedBefore = wheel.fired();
        scanDeadlines = deadlines.clone();
    }

    @Benchmark
    public long pollWithTenDue() {
        now += interval;
        wheel.expire(now);
        polls++;
        return wheel.nextDeadline();
    }

    /**
     * The same load kept the way ArpLayer kept its entries' timers before the wheel: a deadline
     * per entry, and a scan of every entry when one is due. For comparison only.
     */
    @Benchmark
    public long scanEveryTimer() {
        now += interval;
        long next = Long.MAX_VALUE;
        long[] d = scanDeadlines;
        for (int i = 0; i < d.length; i++) {
            if (d[i] <= now) {
                d[i] += span;
                scanFired++;
            }
            next = Math.min(next, d[i]);
        }
        polls++;
        return next;
    }

    /** The benchmark measures what it says: a constant armed count, about ten due per poll. */
    @TearDown(Level.Trial)
    public void check() {
        double perPoll = (double) (wheel.fired() - firedBefore + scanFired) / polls;
        if (wheel.armed() != armed || perPoll < DUE_PER_POLL - 0.5 || perPoll > DUE_PER_POLL + 0.5) {
            throw new IllegalStateException("armed " + wheel.armed() + ", due per poll " + perPoll);
        }
    }
}
