package io.netstack4j.time;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wheel against {@link WheelModel} over random sequences of arming, re-arming, cancelling and
 * expiring, with time advancing by steps from nanoseconds to centuries, from origins anywhere in
 * the signed range, and with callbacks that re-arm themselves or others (also for "now" or the
 * past) and cancel others: the same timers fire in the same order (deadline order, ties in arming
 * order), and the next deadline, the armed count and every timer's state agree after each step.
 */
class TimerWheelPropertyTest {
    static final int TIMERS = 24;

    sealed interface Op permits Arm, Cancel, Advance {
    }

    /** Arms timer {@code id} for now + delta (saturated); MAX and MIN deltas mean those deadlines. */
    record Arm(int id, long delta) implements Op {
    }

    record Cancel(int id) implements Op {
    }

    record Advance(long step) implements Op {
    }

    /** What timer {@code id} does when it fires: 0 nothing, 1 re-arm itself, 2 re-arm another, 3 cancel another. */
    record Reaction(int kind, int other, long delta) {
    }

    record Script(long origin, List<Reaction> reactions, List<Op> ops) {
    }

    static Arbitrary<Long> deltas() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 200)),
                Tuple.of(6, Arbitraries.longs().between(0, 20_000_000L)),            // up to 20 ms
                Tuple.of(4, Arbitraries.longs().between(0, 86_400_000_000_000L)),     // up to a day
                Tuple.of(2, Arbitraries.longs().between(0, Long.MAX_VALUE / 2)),      // up to centuries
                Tuple.of(2, Arbitraries.longs().between(-1_000, 0)),                  // overdue, or now
                Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1)));
    }

    static Arbitrary<Long> steps() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 300)),
                Tuple.of(5, Arbitraries.longs().between(0, 5_000_000L)),
                Tuple.of(3, Arbitraries.longs().between(0, 3_600_000_000_000L)),      // up to an hour
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE / 4)),      // huge jumps
                Tuple.of(1, Arbitraries.longs().between(-500, -1)));                  // backwards: nothing
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<Integer> id = Arbitraries.integers().between(0, TIMERS - 1);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(id, deltas()).as((i, d) -> (Op) new Arm(i, d))),
                Tuple.of(2, id.map(i -> (Op) new Cancel(i))),
                Tuple.of(4, steps().map(t -> (Op) new Advance(t))));
        Arbitrary<Reaction> reaction = Combinators.combine(Arbitraries.integers().between(0, 3), id, deltas())
                .as(Reaction::new);
        Arbitrary<Long> origin = Arbitraries.oneOf(Arbitraries.of(0L, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                        -(1L << 62), 1L << 62, Long.MAX_VALUE - (1L << 40)),
                Arbitraries.longs());
        return Combinators.combine(origin, reaction.list().ofSize(TIMERS), op.list().ofMaxSize(300))
                .as(Script::new);
    }

    static long at(long now, long delta) {
        if (delta == Long.MAX_VALUE || delta == Long.MIN_VALUE) {
            return delta;
        }
        long r = now + delta;
        if (((now ^ r) & (delta ^ r)) < 0) {
            return delta > 0 ? Long.MAX_VALUE - 1 : Long.MIN_VALUE;
        }
        return r == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : r;
    }

    @Property(tries = 400)
    void theWheelBehavesAsASortedSet(@ForAll("scripts") Script s) {
        TimerWheel wheel = new TimerWheel(s.origin());
        WheelModel model = new WheelModel(TIMERS, s.origin());
        List<Integer> wheelFired = new ArrayList<>();
        Timer[] timers = new Timer[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            int id = i;
            Reaction r = s.reactions().get(i);
            timers[i] = new Timer(now -> {
                wheelFired.add(id);
                switch (r.kind()) {
                    case 1 -> wheel.schedule(timers[id], at(now, r.delta()));
                    case 2 -> wheel.schedule(timers[r.other()], at(now, r.delta()));
                    case 3 -> timers[r.other()].cancel();
                    default -> { }
                }
            });
        }
        model.onFire((id, now) -> {
            Reaction r = s.reactions().get(id);
            switch (r.kind()) {
                case 1 -> model.schedule(id, at(now, r.delta()));
                case 2 -> model.schedule(r.other(), at(now, r.delta()));
                case 3 -> model.cancel(r.other());
                default -> { }
            }
        });
        long now = s.origin();
        int step = 0;
        for (Op op : s.ops()) {
            step++;
            switch (op) {
                case Arm a -> {
                    wheel.schedule(timers[a.id()], at(now, a.delta()));
                    model.schedule(a.id(), at(now, a.delta()));
                }
                case Cancel c -> assertEquals(model.cancel(c.id()), timers[c.id()].cancel(), "cancel, step " + step);
                case Advance a -> {
                    now = at(now, a.step());
                    if (now == Long.MAX_VALUE - 1) {
                        now = Long.MAX_VALUE;
                    }
                    wheelFired.clear();
                    int ran = wheel.expire(now);
                    List<Integer> expected = model.expire(now, new ArrayList<>());
                    assertEquals(expected, wheelFired, "fired at step " + step + " (now " + now + ")");
                    assertEquals(expected.size(), ran);
                }
            }
            assertEquals(model.nextDeadline(), wheel.nextDeadline(), "next deadline after step " + step);
            assertEquals(model.armedCount(), wheel.armed(), "armed after step " + step);
            for (int i = 0; i < TIMERS; i++) {
                assertEquals(model.isArmed(i), timers[i].isArmed(), "timer " + i + " armed, step " + step);
                assertEquals(model.deadline(i), timers[i].deadline(), "timer " + i + " deadline, step " + step);
            }
        }
    }
}
