package io.netstack4j.iface;

import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
