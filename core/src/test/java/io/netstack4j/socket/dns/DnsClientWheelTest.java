package io.netstack4j.socket.dns;

import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.DnsRcode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** On a shared wheel (a stack's), each lookup's try timer and deadline are timers there. */
class DnsClientWheelTest extends DnsClientTestBase {
    private final TimerWheel wheel = new TimerWheel(T0);

    @Test
    void eachLookupOwnsOneTimerOnTheWheel() {
        client = new DnsClient(net, DnsClientConfig.DEFAULT.withServers(S1, S2), HostsTable.EMPTY, new DnsCache(),
                new Random(7), wheel);
        lookup("a.example.test", T0);
        lookup("b.example.test", T0 + 5);
        assertEquals(2, wheel.armed());
        assertEquals(T0 + SEC, wheel.nextDeadline(), "the first try timer, exactly");
        assertEquals(Long.MAX_VALUE, client.poll(T0 + 1), "the wheel's owner runs the timers, not poll");
        assertEquals(2, net.opened.size());

        assertEquals(1, wheel.expire(T0 + SEC));
        assertEquals(3, net.opened.size(), "a's retry to the second server");
        assertEquals(T0 + SEC + 5, wheel.nextDeadline(), "b's try timer");

        net.last().answer(DnsRcode.NOERROR, List.of(a("a.example.test", 300, "198.51.100.10")), List.of(), m -> m);
        assertEquals(T0 + SEC, wheel.nextDeadline(), "a response to read: due at once");
        assertEquals(1, wheel.expire(T0 + SEC + 1));
        assertInstanceOf(DnsResult.class, only());
        assertEquals(1, wheel.armed(), "a done: its timer disarmed; b's still runs");
        client.close(T0 + SEC + 2);
        assertEquals(0, wheel.armed());
    }
}
