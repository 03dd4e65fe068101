package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.RST;
import static io.netstack4j.socket.tcp.TcpHarness.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Keep-alive (RFC 1122 §4.2.3.6) with Linux's probe and give-up behaviour; idle 10 s, interval 1 s, 3 probes. */
class TcpKeepAliveTest {
    private final TcpHarness h;

    TcpKeepAliveTest() {
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.keepAliveIdle = 10 * SEC;
        b.keepAliveInterval = SEC;
        b.keepAliveProbes = 3;
        h = new TcpHarness(b.build());
    }

    /** A keep-alive probe: SEQ = SND.NXT - 1 (nothing in flight), no data; the peer must answer it. */
    private static void assertProbe(TcpHarness.Conn k, TcpRepr p) {
        assertEquals(ACK, p.flags());
        assertEquals(k.iss, p.seq());
        assertEquals(k.peerSeq, p.ack());
        assertEquals(0, p.payload().length);
    }

    @Test
    void noProbesWithoutTheOption() throws Exception {
        TcpHarness.Conn k = h.established();
        h.advance(100 * SEC);
        h.expectNothing();
        assertEquals(TcpState.ESTABLISHED, k.state());
    }

    @Test
    void probeAfterIdleAnAnswerRestartsTheIdleTime() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAlive(true, 20 * MS);
        assertEquals(20 * MS + 10 * SEC, TcpHarness.deadline(k.c));
        h.advance(20 * MS + 10 * SEC - 1);
        h.expectNothing();
        h.advance(20 * MS + 10 * SEC);
        assertProbe(k, h.takeAt(20 * MS + 10 * SEC));
        assertEquals(1, h.tcp.stats().keepAliveProbes());

        k.ack(10 * SEC + 30 * MS);   // the answer
        h.advance(20 * SEC + 30 * MS - 1);
        h.expectNothing();
        h.advance(20 * SEC + 30 * MS);
        assertProbe(k, h.takeAt(20 * SEC + 30 * MS));
    }

    @Test
    void trafficPostponesTheFirstProbe() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAlive(true, 20 * MS);
        k.send(TcpHarness.bytes("x"), 5 * SEC);
        h.advance(5 * SEC + 40 * MS);
        h.take();   // the delayed ACK
        h.advance(15 * SEC - 1);
        h.expectNothing();
        h.advance(15 * SEC);
        assertProbe(k, h.takeAt(15 * SEC));
    }

    @Test
    void unansweredProbesDropTheConnectionWithEtimedout() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAlive(true, 10 * MS);
        long t = 10 * MS + 10 * SEC;
        for (int i = 0; i < 3; i++) {
            h.advance(t + i * SEC);
            assertProbe(k, h.takeAt(t + i * SEC));
        }
        assertNull(k.c.error());
        h.advance(t + 3 * SEC);
        assertEquals(Errno.ETIMEDOUT, k.c.error());
        assertEquals(TcpState.CLOSED, k.state());
        assertEquals(0, h.tcp.connectionCount());
        // Linux (tcp_keepalive_timer) resets the connection it gives up on, in case the peer hears it.
        TcpRepr rst = h.takeAt(t + 3 * SEC);
        assertEquals(RST | ACK, rst.flags());
        assertEquals(k.iss + 1, rst.seq());
        h.expectNothing();
    }

    @Test
    void anAnswerAfterSomeProbesStartsOver() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAlive(true, 10 * MS);
        long t = 10 * MS + 10 * SEC;
        h.advance(t + SEC);
        assertEquals(2, h.takeAll().size());
        k.ack(t + SEC + 500 * MS);
        // 10 s of idle again from the answer, then three more probes before giving up.
        long next = t + SEC + 500 * MS + 10 * SEC;
        h.advance(next - 1);
        h.expectNothing();
        h.advance(next + 2 * SEC);
        assertEquals(3, h.takeAll().size());
        assertNull(k.c.error());
        h.advance(next + 3 * SEC);
        assertEquals(Errno.ETIMEDOUT, k.c.error());
    }

    @Test
    void turningKeepAliveOffStopsTheProbes() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAlive(true, 10 * MS);
        k.c.keepAlive(false, 20 * MS);
        h.advance(60 * SEC);
        h.expectNothing();
        assertEquals(TcpState.ESTABLISHED, k.state());
    }

    @Test
    void perSocketTimesOverrideTheStacksAsTcpKeepidleKeepintvlKeepcnt() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.keepAliveTimes(2, 5, 1, 20 * MS);   // TCP_KEEPIDLE 2 s, TCP_KEEPINTVL 5 s, TCP_KEEPCNT 1
        k.c.keepAlive(true, 20 * MS);
        assertEquals(2, k.c.keepAliveIdleSeconds());
        assertEquals(5, k.c.keepAliveIntervalSeconds());
        assertEquals(1, k.c.keepAliveProbes());
        assertEquals(20 * MS + 2 * SEC, TcpHarness.deadline(k.c), "the socket's idle time, not the stack's 10 s");
        h.advance(20 * MS + 2 * SEC);
        assertProbe(k, h.takeAt(20 * MS + 2 * SEC));
        // One probe allowed: unanswered for one interval, the connection is dropped.
        h.advance(20 * MS + 7 * SEC);
        assertEquals(io.netstack4j.socket.Errno.ETIMEDOUT, k.c.error());
    }
}
