package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.MSS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.RST;
import static io.netstack4j.socket.tcp.TcpHarness.SEC;
import static io.netstack4j.socket.tcp.TcpHarness.SYN;
import static io.netstack4j.socket.tcp.TcpHarness.seg;
import static io.netstack4j.socket.tcp.TcpHarness.syn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** SYN cookies (RFC 4987 §3.6) when a listener's SYN queue is full (2 here). */
class SynCookieTest {
    private final TcpHarness h;
    private final TcpListener l;

    SynCookieTest() throws Exception {
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.synBacklogMax = 2;
        h = new TcpHarness(b.build());
        TcpConnection server = h.tcp.open();
        server.bind(0, 80);
        l = h.tcp.listen(server, 4);
        for (int port : new int[] {6001, 6002}) {
            h.in(syn(port, 80, port * 1000, MSS, 65535), 0);
            assertEquals(SYN | ACK, h.take().flags());
        }
        assertEquals(2, l.halfOpen());
    }

    /** A SYN from {@code port} answered by a cookie SYN+ACK: no state kept. */
    private TcpRepr cookieSynAck(int port, int irs, int mss, long now) {
        h.in(syn(port, 80, irs, mss, 65535), now);
        TcpRepr sa = h.take();
        assertEquals(SYN | ACK, sa.flags());
        assertEquals(irs + 1, sa.ack());
        assertEquals(MSS, sa.options().mss(), "the SYN+ACK still announces our MSS");
        assertEquals(2, l.halfOpen(), "no state for the cookie");
        assertEquals(2, h.tcp.connectionCount());
        return sa;
    }

    @Test
    void cookieRoundTripMakesAnEstablishedConnectionWithTheEncodedMss() {
        TcpRepr sa = cookieSynAck(6003, 777_000, 1400, 10 * MS);
        assertEquals(1, h.tcp.stats().synCookiesSent());
        h.in(seg(6003, 80, 777_001, sa.seq() + 1, ACK, 30000, new byte[0]), 20 * MS);
        h.expectNothing();
        assertEquals(1, h.tcp.stats().synCookiesRecv());
        assertEquals(1, l.pending());
        assertEquals(2, l.halfOpen());
        TcpConnection c = l.accept();
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(1300, c.sendMss, "1400 is carried as the largest class not above it, 1300");
        assertEquals(30000, c.sndWnd);
        assertEquals(6003, c.remotePort());
        assertEquals(sa.seq() + 1, c.sndUna);
        assertEquals(777_001, c.rcvNxt);
    }

    @Test
    void cookieAckCarryingDataDeliversIt() throws Exception {
        TcpRepr sa = cookieSynAck(6003, 5_000, MSS, 10 * MS);
        byte[] d = TcpHarness.bytes("GET / HTTP/1.0\r\n\r\n");
        h.in(seg(6003, 80, 5_001, sa.seq() + 1, ACK | PSH, 30000, d), 20 * MS);
        TcpConnection c = l.accept();
        assertEquals(TcpState.ESTABLISHED, c.state());
        byte[] b = new byte[64];
        assertEquals(d.length, c.read(b, 0, 64, 21 * MS));
        assertArrayEquals(d, java.util.Arrays.copyOf(b, d.length));
        h.advance(100 * MS);
        TcpRepr ack = h.take();
        assertEquals(5_001 + d.length, ack.ack());
    }

    @Test
    void badCookieIsAnsweredWithReset() {
        TcpRepr sa = cookieSynAck(6003, 5_000, MSS, 10 * MS);
        h.in(seg(6003, 80, 5_001, sa.seq() + 2, ACK, 30000, new byte[0]), 20 * MS);
        TcpRepr rst = h.take();
        assertEquals(RST, rst.flags());
        assertEquals(sa.seq() + 2, rst.seq(), "<SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.2)");
        assertEquals(1, h.tcp.stats().synCookiesFailed());
        assertNull(l.accept());
        // A cookie for another peer ISN (SEG.SEQ - 1) fails too.
        h.in(seg(6003, 80, 5_002, sa.seq() + 1, ACK, 30000, new byte[0]), 21 * MS);
        assertEquals(RST, h.take().flags());
        assertNull(l.accept());
        assertEquals(2, h.tcp.connectionCount());
    }

    @Test
    void cookieExpires() {
        TcpRepr sa = cookieSynAck(6003, 5_000, MSS, 10 * MS);
        h.in(seg(6003, 80, 5_001, sa.seq() + 1, ACK, 30000, new byte[0]), 10 * MS + 130 * SEC);
        assertEquals(RST, h.take().flags());
        assertNull(l.accept());
    }

    @Test
    void queuedHalfOpenConnectionsAreUnaffected() {
        // RFC 9293 §3.10.7.4 (SYN-RECEIVED): an ACK that is not for our SYN+ACK gets <SEQ=SEG.ACK><CTL=RST>;
        // the half-open connection stays and completes with the right ACK.
        h.in(seg(6001, 80, 6_001_001, 12345, ACK, 65535, new byte[0]), 5 * MS);
        TcpRepr rst = h.take();
        assertEquals(RST, rst.flags());
        assertEquals(12345, rst.seq());
        assertEquals(2, l.halfOpen());
        TcpConnection half = l.synQueue.getFirst();
        h.in(seg(6001, 80, 6_001_001, half.iss + 1, ACK, 65535, new byte[0]), 6 * MS);
        assertEquals(1, l.halfOpen());
        assertEquals(1, l.pending());
        assertEquals(half, l.accept());
    }
}
