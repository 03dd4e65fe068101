package io.netstack4j.link;

import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservedAdapterTest {
    record Seen(Direction dir, byte[] frame, long now) {
    }

    @Test
    void observersSeeEveryFrameBothWays() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        List<Seen> seen = new ArrayList<>();
        FrameObserver recorder = (dir, buf, off, len, now) ->
                seen.add(new Seen(dir, Arrays.copyOfRange(buf, off, off + len), now));
        ObservedAdapter observed = new ObservedAdapter(a, recorder);

        byte[] out = frame(MacAddress.BROADCAST, MAC_A, 1, 100);
        observed.transmit(out, 0, out.length, 10);
        byte[] in = frame(MAC_A, MAC_B, 2, 80);
        b.transmit(in, 0, in.length, 20);
        byte[] buf = new byte[200];
        assertEquals(80, observed.receive(buf, 5, 30));
        assertEquals(-1, observed.receive(buf, 0, 40));

        assertEquals(2, seen.size());
        assertEquals(Direction.TX, seen.get(0).dir());
        assertArrayEquals(out, seen.get(0).frame());
        assertEquals(10, seen.get(0).now());
        assertEquals(Direction.RX, seen.get(1).dir());
        assertArrayEquals(in, seen.get(1).frame());
        assertEquals(30, seen.get(1).now());
        assertEquals(1, b.pending(), "the frame really went out");
    }

    @Test
    void delegatesTheRest() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        ObservedAdapter observed = new ObservedAdapter(a, List.of());
        assertEquals("a", observed.name());
        assertEquals(1500, observed.mtu());
        assertSame(a.stats(), observed.stats());
        assertSame(a, observed.inner());
        assertEquals(LinkAdapter.NEVER, observed.pollAt());
        observed.wakeup();
        observed.await(1_000_000_000L);               // returns at once: woken
        observed.close();
        assertTrue(lan.ports().isEmpty());
    }

    @Test
    void aFailingObserverIsCountedAndTheOthersStillSeeTheFrame() {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        List<Direction> seen = new ArrayList<>();
        ObservedAdapter observed = new ObservedAdapter(a,
                (dir, buf, off, len, now) -> {
                    throw new IllegalStateException("broken trace");
                },
                (dir, buf, off, len, now) -> seen.add(dir));
        byte[] f = frame(MacAddress.BROADCAST, MAC_A, 1);
        observed.transmit(f, 0, f.length, 0);
        assertEquals(List.of(Direction.TX), seen);
        assertEquals(1, observed.observerFailures());
        assertEquals(1, b.stats().rxFrames.get() + b.pending());
        FrameObserver late = (dir, buf, off, len, now) -> seen.add(dir);
        observed.addObserver(late);
        observed.transmit(f, 0, f.length, 0);
        assertEquals(3, seen.size());
        assertTrue(observed.removeObserver(late));
    }
}
