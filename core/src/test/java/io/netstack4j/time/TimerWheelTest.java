package io.netstack4j.time;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerWheelTest {
    static final long MS = 1_000_000L;
    static final long DAY = 86_400_000L * MS;

    private final TimerWheel wheel = new TimerWheel(0);
    private final List<String> log = new ArrayList<>();

    private Timer timer(String name) {
        return new Timer(now -> log.add(name + "@" + now));
    }

    @Test
    void aTimerFiresAtItsDeadlineNeverBefore() {
        Timer t = timer("a");
        wheel.schedule(t, 5 * MS + 3);
        assertEquals(5 * MS + 3, wheel.nextDeadline());
        assertEquals(0, wheel.expire(5 * MS + 2));
        assertEquals(List.of(), log);
        assertTrue(t.isArmed());
        assertEquals(1, wheel.expire(5 * MS + 3));
        assertEquals(List.of("a@" + (5 * MS + 3)), log);
        assertFalse(t.isArmed());
        assertEquals(Long.MAX_VALUE, t.deadline());
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
        assertEquals(0, wheel.armed());
        assertEquals(1, wheel.fired());
    }

    @Test
    void dueTimersRunInDeadlineOrderAndTiesInArmingOrder() {
        Timer a = timer("a");
        Timer b = timer("b");
        Timer c = timer("c");
        Timer d = timer("d");
        wheel.schedule(a, 3 * DAY);
        wheel.schedule(b, 7);
        wheel.schedule(c, 3 * DAY);
        wheel.schedule(d, 20 * MS);
        wheel.schedule(a, 3 * DAY);   // re-armed for the same deadline: now after c
        assertEquals(4, wheel.expire(4 * DAY));
        assertEquals(List.of("b@" + 4 * DAY, "d@" + 4 * DAY, "c@" + 4 * DAY, "a@" + 4 * DAY), log);
    }

    @Test
    void reArmingMovesATimerAndCancellingStopsIt() {
        Timer a = timer("a");
        Timer b = timer("b");
        wheel.schedule(a, 10 * MS);
        wheel.schedule(b, 20 * MS);
        wheel.schedule(a, 30 * MS);   // later
        assertEquals(20 * MS, wheel.nextDeadline());
        assertTrue(b.cancel());
        assertFalse(b.cancel());
        assertEquals(30 * MS, wheel.nextDeadline());
        wheel.schedule(a, 2 * MS);    // earlier
        assertEquals(2 * MS, wheel.nextDeadline());
        wheel.expire(40 * MS);
        assertEquals(List.of("a@" + 40 * MS), log);
        assertEquals(1, wheel.fired());
    }

    @Test
    void theNextDeadlineIsExactAtEveryDistance() {
        long[] deadlines = {1, 63, 64, 4_095, 4_096, 1 * MS + 17, 1_000 * MS + 1, DAY - 1, 365 * DAY + 5,
                Long.MAX_VALUE - 1};
        Timer[] ts = new Timer[deadlines.length];
        for (int i = deadlines.length - 1; i >= 0; i--) {
            ts[i] = timer("t" + i);
            wheel.schedule(ts[i], deadlines[i]);
        }
        assertEquals(deadlines.length, wheel.armed());
        for (int i = 0; i < deadlines.length; i++) {
            assertEquals(deadlines[i], wheel.nextDeadline(), "earliest is t" + i);
            if (i % 2 == 0) {
                ts[i].cancel();   // the earliest cancelled
            } else {
                assertEquals(0, wheel.expire(deadlines[i] - 1));
                assertEquals(deadlines[i], wheel.nextDeadline(), "after an expire just before it");
                assertEquals(1, wheel.expire(deadlines[i]));   // the earliest fired
            }
        }
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
        assertEquals(0, wheel.armed());
    }

    @Test
    void longMaxValueMeansNever() {
        Timer t = timer("t");
        wheel.schedule(t, 5);
        wheel.schedule(t, Long.MAX_VALUE);
        assertFalse(t.isArmed());
        assertEquals(0, wheel.armed());
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
        assertEquals(0, wheel.expire(Long.MAX_VALUE));
    }

    @Test
    void anOverdueDeadlineIsDueAtTheNextExpire() {
        wheel.expire(100);
        Timer late = timer("late");
        Timer soon = timer("soon");
        wheel.schedule(soon, Long.MIN_VALUE);
        wheel.schedule(late, 40);
        assertEquals(100, wheel.nextDeadline(), "reported as the wheel's time");
        assertEquals(2, wheel.expire(100));
        assertEquals(List.of("soon@100", "late@100"), log, "overdue timers run in arming order");
    }

    @Test
    void timeDoesNotGoBack() {
        wheel.expire(1_000);
        Timer t = timer("t");
        wheel.schedule(t, 1_500);
        assertEquals(0, wheel.expire(900));
        assertEquals(1_000, wheel.now());
        assertEquals(1, wheel.expire(1_500));
    }

    @Test
    void aTimerReArmedForNowDuringExpireRunsInTheNextExpire() {
        int[] runs = {0};
        Timer[] self = new Timer[1];
        self[0] = new Timer(now -> {
            runs[0]++;
            wheel.schedule(self[0], now);   // "again, at once"
        });
        wheel.schedule(self[0], 10);
        assertEquals(1, wheel.expire(10));
        assertEquals(1, runs[0]);
        assertEquals(10, wheel.nextDeadline(), "due again, at or before now");
        assertEquals(1, wheel.expire(10));
        assertEquals(2, runs[0]);
    }

    @Test
    void aTimerReArmedForLaterDuringExpireIsPlacedNormally() {
        Timer[] t = new Timer[2];
        t[0] = new Timer(now -> {
            log.add("a@" + now);
            wheel.schedule(t[1], now + 5);
        });
        t[1] = timer("b");
        wheel.schedule(t[0], 1);
        assertEquals(1, wheel.expire(1_000));
        assertEquals(1_005, wheel.nextDeadline());
        assertEquals(1, wheel.expire(1_005));
        assertEquals(List.of("a@1000", "b@1005"), log);
    }

    @Test
    void aCallbackMayCancelOrPostponeATimerThatIsAlsoDue() {
        Timer b = timer("b");
        Timer c = timer("c");
        Timer a = new Timer(now -> {
            log.add("a@" + now);
            b.cancel();
            wheel.schedule(c, now + 1);
        });
        wheel.schedule(a, 1);
        wheel.schedule(b, 2);
        wheel.schedule(c, 3);
        assertEquals(1, wheel.expire(10));
        assertEquals(List.of("a@10"), log);
        assertFalse(b.isArmed());
        assertEquals(11, c.deadline());
        assertEquals(1, wheel.armed());
    }

    @Test
    void aHugeJumpFiresEverythingDueInOrder() {
        long[] at = {DAY * 400, 3, DAY, 70 * MS, 1L << 50, 64, 4_100, DAY + 1};
        for (int i = 0; i < at.length; i++) {
            wheel.schedule(timer(Long.toString(at[i])), at[i]);
        }
        Timer never = timer("never");
        wheel.schedule(never, Long.MAX_VALUE - 1);
        assertEquals(at.length, wheel.expire(1L << 60));
        List<String> expected = new ArrayList<>();
        java.util.Arrays.stream(at).sorted().forEach(d -> expected.add(d + "@" + (1L << 60)));
        assertEquals(expected, log);
        assertEquals(Long.MAX_VALUE - 1, wheel.nextDeadline());
    }

    @Test
    void negativeTimesWork() {
        TimerWheel w = new TimerWheel(-5 * DAY);
        Timer a = timer("a");
        Timer b = timer("b");
        w.schedule(a, -1);
        w.schedule(b, 1);
        assertEquals(-1, w.nextDeadline());
        assertEquals(1, w.expire(0));
        assertEquals(1, w.nextDeadline());
        assertEquals(1, w.expire(1));
        assertEquals(List.of("a@0", "b@1"), log);
    }

    @Test
    void aThrowingCallbackLeavesTheRestArmedAndDue() {
        Timer bad = new Timer(now -> {
            throw new IllegalStateException("boom");
        });
        Timer after = timer("after");
        Timer later = timer("later");
        wheel.schedule(bad, 5);
        wheel.schedule(after, 5);
        wheel.schedule(later, 8);
        assertThrows(IllegalStateException.class, () -> wheel.expire(10));
        assertTrue(after.isArmed());
        assertTrue(wheel.nextDeadline() <= 10);
        assertEquals(2, wheel.expire(10));
        assertEquals(List.of("after@10", "later@10"), log);
    }

    @Test
    void misuseIsRefused() {
        Timer t = timer("t");
        wheel.schedule(t, 5);
        assertThrows(IllegalStateException.class, () -> new TimerWheel().schedule(t, 5));
        Timer nested = new Timer(now -> wheel.expire(now));
        wheel.schedule(nested, 1);
        assertThrows(IllegalStateException.class, () -> wheel.expire(1));
        assertThrows(NullPointerException.class, () -> new Timer(null));
    }
}
