package io.netstack4j.socket.tcp;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stateless SYN+ACK ISNs (RFC 4987 §3.6): round trips, and everything that must not validate. */
class SynCookiesTest {
    private static final int LOCAL = 0xC633_6401;  // 198.51.100.1
    private static final int REMOTE = 0xCB00_7105; // 203.0.113.5
    private static final int PEER_ISN = 0x8000_0123;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;

    private final SynCookies cookies = new SynCookies(new SplittableRandom(42));

    private int encode(int peerMss, long now) {
        return cookies.encode(LOCAL, 80, REMOTE, 40_000, PEER_ISN, peerMss, now);
    }

    private int decode(int cookie, long now) {
        return cookies.decode(LOCAL, 80, REMOTE, 40_000, PEER_ISN, cookie, now);
    }

    @Test
    void roundTripsEachMssClass() {
        for (int mss : new int[] {536, 1300, 1440, 1460}) {
            assertEquals(mss, decode(encode(mss, T0), T0 + SECOND), "MSS " + mss);
        }
    }

    @Test
    void encodesTheLargestClassNotAboveThePeersMss() {
        assertEquals(1460, decode(encode(9000, T0), T0));
        assertEquals(1460, decode(encode(1461, T0), T0));
        assertEquals(1440, decode(encode(1459, T0), T0));
        assertEquals(1300, decode(encode(1400, T0), T0));
        assertEquals(536, decode(encode(1299, T0), T0));
        assertEquals(536, decode(encode(100, T0), T0)); // below every class: the RFC 9293 default
        assertEquals(0, SynCookies.mssClass(0));
        assertEquals(3, SynCookies.mssClass(Integer.MAX_VALUE));
    }

    @Test
    void rejectsAnotherFourTuple() {
        int cookie = encode(1460, T0);
        assertEquals(-1, cookies.decode(LOCAL + 1, 80, REMOTE, 40_000, PEER_ISN, cookie, T0));
        assertEquals(-1, cookies.decode(LOCAL, 81, REMOTE, 40_000, PEER_ISN, cookie, T0));
        assertEquals(-1, cookies.decode(LOCAL, 80, REMOTE ^ 0x100, 40_000, PEER_ISN, cookie, T0));
        assertEquals(-1, cookies.decode(LOCAL, 80, REMOTE, 40_001, PEER_ISN, cookie, T0));
        assertEquals(-1, cookies.decode(REMOTE, 40_000, LOCAL, 80, PEER_ISN, cookie, T0));
    }

    @Test
    void rejectsAnotherPeerIsn() {
        int cookie = encode(1460, T0);
        assertEquals(-1, cookies.decode(LOCAL, 80, REMOTE, 40_000, PEER_ISN + 1, cookie, T0));
        assertEquals(-1, cookies.decode(LOCAL, 80, REMOTE, 40_000, PEER_ISN ^ 0x8000_0000, cookie, T0));
    }

    @Test
    void rejectsEverySingleFlippedBit() {
        for (int mss : new int[] {536, 1300, 1440, 1460}) {
            int cookie = encode(mss, T0);
            for (int bit = 0; bit < 32; bit++) {
                assertEquals(-1, decode(cookie ^ (1 << bit), T0), "MSS " + mss + ", bit " + bit);
            }
        }
    }

    @Test
    void rejectsAnotherKey() {
        SynCookies other = new SynCookies(new SplittableRandom(43));
        int cookie = other.encode(LOCAL, 80, REMOTE, 40_000, PEER_ISN, 1460, T0);
        assertEquals(-1, decode(cookie, T0));
    }

    @Test
    void validForOneToTwoCounterPeriodsThenAgedOut() {
        long period = SynCookies.PERIOD_NANOS;
        long start = 100 * period;            // made at the start of a period
        int early = encode(1460, start);
        assertEquals(1460, decode(early, start + 2 * period - 1)); // just under 128 s later
        assertEquals(-1, decode(early, start + 2 * period));        // the third period: too old

        long end = 101 * period - 1;          // made at the last nanosecond of a period
        int late = encode(1460, end);
        assertEquals(1460, decode(late, end + period)); // 64 s later: the next period, accepted
        assertEquals(-1, decode(late, end + period + 1)); // 64 s + 1 ns later: two periods on
    }

    @Test
    void aCookieFromTheFutureIsRejected() {
        int cookie = encode(1460, T0 + SynCookies.PERIOD_NANOS);
        assertEquals(-1, decode(cookie, T0));
    }

    @Test
    void cookiesVaryWithTheCounterPeriod() {
        assertEquals(encode(1460, T0), encode(1460, T0 + SECOND)); // same period, same cookie
        int differing = 0;
        for (int i = 1; i <= 32; i++) {
            if (encode(1460, T0 + i * SynCookies.PERIOD_NANOS) != encode(1460, T0)) {
                differing++;
            }
        }
        assertEquals(32, differing);
    }

    @Property(tries = 300)
    void roundTripsForAnyConnection(@ForAll int localAddr, @ForAll @IntRange(max = 65535) int localPort,
                                    @ForAll int remoteAddr, @ForAll @IntRange(max = 65535) int remotePort,
                                    @ForAll int peerIsn, @ForAll @IntRange(min = 1, max = 65535) int peerMss,
                                    @ForAll @LongRange(min = -1L << 50, max = 1L << 50) long now,
                                    @ForAll @LongRange(min = 0, max = 64_000_000_000L) long later) {
        int cookie = cookies.encode(localAddr, localPort, remoteAddr, remotePort, peerIsn, peerMss, now);
        int expected = peerMss >= 1460 ? 1460 : peerMss >= 1440 ? 1440 : peerMss >= 1300 ? 1300 : 536;
        assertEquals(expected, cookies.decode(localAddr, localPort, remoteAddr, remotePort, peerIsn, cookie,
                now + later));
    }
}
