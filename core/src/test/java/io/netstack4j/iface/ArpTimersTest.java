package io.netstack4j.iface;

import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.MS;
import static io.netstack4j.iface.Frames.SEC;
import static io.netstack4j.iface.Frames.arp;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ARP entries each own a timer on the stack's wheel: only the entries due are touched. */
class ArpTimersTest {
    private final FrameRecorder rec = new FrameRecorder();

    private static Ipv4Address ip(int i) {
        return Ipv4Address.parse("198.51.100." + (10 + i));
    }

    private static MacAddress mac(int i) {
        return MacAddress.parse(String.format("02:00:00:00:01:%02x", i));
    }

    /** Neighbour i asks for our address at i ms: learnt REACHABLE then. */
    private Stack stackWith(int neighbours, StackConfig.Builder b) {
        Stack s = new Stack(b.build(), rec);
        s.start(0);
        for (int i = 0; i < neighbours; i++) {
            s.receiveFrame(arp(ArpRepr.REQUEST, MacAddress.BROADCAST, mac(i), ip(i), MacAddress.ZERO, IP_A),
                    0, 42, i * MS);
        }
        rec.clear();
        return s;
    }

    @Test
    void eachEntryOwnsOneTimerAndOnlyTheDueOnesRun() {
        Stack s = stackWith(100, Frames.configA());
        TimerWheel wheel = s.timers();
        long reachable = s.config().arpReachableNanos();
        assertEquals(100, wheel.armed());
        assertEquals(reachable, s.poll(50 * MS), "the earliest entry's reachable time, exactly");
        assertEquals(0, wheel.fired());

        assertEquals(reachable + MS, s.poll(reachable), "the next entry's, exactly");
        assertEquals(1, wheel.fired(), "one entry due, one timer run");
        assertEquals(NeighborState.STALE, s.neighbors(reachable).get(0).state());
        assertEquals(NeighborState.REACHABLE, s.neighbors(reachable).get(1).state());
        assertEquals(100, wheel.armed(), "the stale entry's garbage-collection timer replaced it");

        assertEquals(reachable + 10 * MS, s.poll(reachable + 9 * MS + 5));
        assertEquals(10, wheel.fired());
    }

    @Test
    void aRemovedEntryLeavesNoTimerBehind() {
        Stack s = stackWith(4, Frames.configA().neighborCacheSize(4));
        long gc = s.config().arpReachableNanos() + s.config().arpStaleGcNanos();
        for (int i = 0; i < 4; i++) {
            s.poll(s.config().arpReachableNanos() + i * MS);   // entry i stale, collected at gc + i ms
        }
        s.receiveFrame(arp(ArpRepr.REQUEST, MacAddress.BROADCAST, mac(9), ip(9), MacAddress.ZERO, IP_A), 0, 42,
                gc - SEC);                                  // evicts entry 0
        assertEquals(1, s.neighborEvictions());
        assertEquals(4, s.timers().armed(), "the evicted entry's timer is cancelled");
        assertEquals(gc + MS, s.poll(gc - SEC), "entry 1's garbage collection is next, not entry 0's");
        s.poll(gc + 3 * MS);                                // entries 1..3 collected
        assertEquals(1, s.neighbors(gc + 3 * MS).size());
        assertEquals(1, s.timers().armed());
    }
}
