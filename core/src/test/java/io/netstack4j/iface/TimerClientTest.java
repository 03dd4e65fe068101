package io.netstack4j.iface;

import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerClientTest {
    @Test
    void clientsArePolledWithTheStackAndTheirDeadlinesCount() {
        Stack stack = new Stack(StackConfig.builder("t").mac(MacAddress.parse("02:00:00:00:00:01"))
                .address("198.51.100.1/24").build(), (b, off, len, now) -> { });
        stack.start(0);
        List<Long> seen = new ArrayList<>();
        TimerClient client = now -> {
            seen.add(now);
            return now + 250;
        };
        long idle = stack.poll(10);
        stack.addTimerClient(client);
        stack.addTimerClient(client); // once only
        assertEquals(260, stack.poll(10));
        assertEquals(List.of(10L), seen);
        assertTrue(stack.removeTimerClient(client));
        assertEquals(idle, stack.poll(20));
        assertEquals(List.of(10L), seen);
    }

    private static Stack bareStack() {
        Stack stack = new Stack(StackConfig.builder("t").mac(MacAddress.parse("02:00:00:00:00:01"))
                .address("198.51.100.1/24").build(), (b, off, len, now) -> { });
        stack.start(0);
        return stack;
    }

    @Test
    void aScheduledClientIsPolledOnlyWhenItsDeadlineIsDue() {
        Stack stack = bareStack();
        List<Long> seen = new ArrayList<>();
        long[] next = {250};
        TimerClient client = now -> {
            seen.add(now);
            return next[0];
        };
        TimerClient.Registration r = stack.scheduleTimerClient(client);
        assertSame(r, stack.scheduleTimerClient(client), "once only");
        assertEquals(250, stack.poll(10), "polled first at the next stack poll");
        assertEquals(List.of(10L), seen);
        assertEquals(250, stack.poll(100));
        assertEquals(250, stack.poll(249));
        assertEquals(List.of(10L), seen, "not polled before its deadline");
        next[0] = Long.MAX_VALUE;
        assertEquals(Long.MAX_VALUE, stack.poll(250));
        assertEquals(List.of(10L, 250L), seen);
        assertEquals(Long.MAX_VALUE, stack.poll(1_000));
        assertEquals(List.of(10L, 250L), seen, "idle: never polled");
        assertEquals(Long.MAX_VALUE, r.nextPoll());
    }

    @Test
    void aScheduledClientSaysWhenItsDeadlineMovesEarlier() {
        Stack stack = bareStack();
        List<Long> seen = new ArrayList<>();
        TimerClient client = now -> {
            seen.add(now);
            return now + 1_000;
        };
        TimerClient.Registration r = stack.scheduleTimerClient(client);
        assertEquals(1_010, stack.poll(10));
        r.pollBy(400);                  // e.g. a task armed an earlier deadline
        assertEquals(400, r.nextPoll());
        assertEquals(400, stack.poll(20));
        r.pollBy(900);                  // later than planned: changes nothing
        assertEquals(400, stack.poll(30));
        assertEquals(1_400, stack.poll(400));
        r.pollSoon();                   // e.g. a socket became readable
        assertEquals(1_500, stack.poll(500));
        assertEquals(List.of(10L, 400L, 500L), seen);
        assertTrue(stack.removeTimerClient(client));
        r.pollSoon();
        assertEquals(Long.MAX_VALUE, stack.poll(2_000));
        assertEquals(List.of(10L, 400L, 500L), seen, "removed: never polled again");
    }

    @Test
    void aScheduledClientAskingForAnotherTurnGetsIt() {
        Stack stack = bareStack();
        int[] polls = {0};
        TimerClient busy = now -> ++polls[0] < 3 ? now : Long.MAX_VALUE;
        stack.scheduleTimerClient(busy);
        assertEquals(5, stack.poll(5), "more work: poll again at once");
        assertEquals(5, stack.poll(5));
        assertEquals(Long.MAX_VALUE, stack.poll(5));
        assertEquals(3, polls[0]);
    }

    @Test
    void aClientIsRegisteredOneWayOnly() {
        Stack stack = bareStack();
        TimerClient a = now -> Long.MAX_VALUE;
        TimerClient b = now -> Long.MAX_VALUE;
        stack.addTimerClient(a);
        stack.scheduleTimerClient(b);
        assertThrows(IllegalStateException.class, () -> stack.scheduleTimerClient(a));
        assertThrows(IllegalStateException.class, () -> stack.addTimerClient(b));
    }

    @Test
    void aScheduledClientThatThrowsIsPolledAgainOnTheNextTurn() {
        Stack stack = bareStack();
        int[] polls = {0};
        TimerClient flaky = now -> {
            if (++polls[0] == 1) {
                throw new IllegalStateException("boom");
            }
            return Long.MAX_VALUE;
        };
        stack.scheduleTimerClient(flaky);
        assertThrows(IllegalStateException.class, () -> stack.poll(5));
        assertEquals(Long.MAX_VALUE, stack.poll(6), "polled again, as a client polled every turn would be");
        assertEquals(2, polls[0]);
    }
}
