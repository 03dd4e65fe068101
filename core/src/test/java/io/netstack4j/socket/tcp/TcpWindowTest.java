package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.MSS;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Flow control: the peer's zero window and our persist timer (RFC 9293 §3.8.6.1), our own window (§3.8.6.2.2). */
class TcpWindowTest {

    @Test
    void zeroWindowIsProbedWithBackoffUntilItReopens() throws Exception {
        TcpHarness h = new TcpHarness();
        TcpHarness.Conn k = h.established();
        k.c.write(data(100), 0, 100, 20 * MS);
        h.take();
        k.peerWindow = 0;
        k.ackUpTo(k.iss + 101, 30 * MS);   // all acknowledged, window closed
        k.c.write(data(200), 0, 200, 40 * MS);
        h.expectNothing();
        assertEquals(240 * MS, k.c.persistAt, "the persist timer: one RTO (200 ms)");
        assertEquals(Long.MAX_VALUE, k.c.rtoAt);

        // Probes as Linux sends them: a bare ACK with SEQ = SND.UNA - 1, which the peer must answer.
        long[] probes = {240 * MS, 640 * MS, 1440 * MS};
        for (long t : probes) {
            h.advance(t);
            TcpRepr p = h.takeAt(t);
            assertEquals(ACK, p.flags());
            assertEquals(k.iss + 100, p.seq());
            assertEquals(0, p.payload().length);
            k.ack(t + 10 * MS);   // still closed
            h.expectNothing();
        }
        assertEquals(3040 * MS, k.c.persistAt, "backed off: 200, 400, 800, 1600 ms");
        assertEquals(3, h.tcp.stats().zeroWindowProbes());

        // The window opens: the data flows at once, the persist timer stops.
        k.peerWindow = 1000;
        k.ack(1500 * MS);
        TcpRepr d = h.takeAt(1500 * MS);
        assertEquals(k.iss + 101, d.seq());
        assertEquals(200, d.payload().length);
        assertEquals(Long.MAX_VALUE, k.c.persistAt);
        assertEquals(1700 * MS, k.c.rtoAt);
    }

    @Test
    void windowSmallerThanTheDataSendsWhatFits() throws Exception {
        TcpHarness h = new TcpHarness();
        TcpHarness.Conn k = h.established();
        k.peerWindow = 1000;
        k.ack(15 * MS);
        k.c.write(data(3000), 0, 3000, 20 * MS);
        List<TcpRepr> segs = h.takeAll();
        assertEquals(1, segs.size());
        assertEquals(1000, segs.getFirst().payload().length);
        k.ackUpTo(k.iss + 1001, 30 * MS);
        assertEquals(1000, h.take().payload().length);
    }

    @Test
    void ourWindowShrinksToZeroWithoutMovingItsRightEdgeLeftAndReopensAfterReads() throws Exception {
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.receiveBufferBytes = 8192;
        TcpHarness h = new TcpHarness(b.build());
        TcpHarness.Conn k = h.established();
        long edge = (k.irs + 1) + 8192L;   // announced in the SYN
        List<TcpRepr> acks = new ArrayList<>();
        int sent = 0;
        long t = 100 * MS;
        while (sent < 8192) {
            int n = Math.min(MSS, 8192 - sent);
            k.send(data(n), t);
            sent += n;
            t += MS;
            acks.addAll(h.takeAll());
        }
        h.advance(t + 40 * MS);
        acks.addAll(h.takeAll());
        assertTrue(acks.size() >= 3, "acks: " + acks);
        for (TcpRepr a : acks) {
            long right = Integer.toUnsignedLong(a.ack()) + a.window();
            assertEquals(edge, right, "RFC 9293 §3.8.6.2.2: the right edge does not move left: " + a);
        }
        TcpRepr last = acks.getLast();
        assertEquals(k.peerSeq, last.ack());
        assertEquals(0, last.window(), "the application read nothing: window closed");

        // A zero-window probe from B (SEQ = RCV.NXT - 1) is answered: still closed.
        h.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq - 1, k.peerAck, ACK, 65535, new byte[0]), t + 50 * MS);
        TcpRepr probeAck = k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(0, probeAck.window());

        // Reading one MSS frees too little to announce (silly window avoidance); two MSS do.
        long r = t + 100 * MS;
        byte[] buf = new byte[MSS];
        assertEquals(MSS, k.c.read(buf, 0, MSS, r));
        h.expectNothing();
        assertEquals(MSS, k.c.read(buf, 0, MSS, r + MS));
        TcpRepr update = k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(2 * MSS, update.window(), "a window update once two segments fit");
        h.expectNothing();
    }

    @Test
    void dataProbeIntoAClosedWindowIsAnsweredWithAnAck() throws Exception {
        // RFC 9293 §3.8.6.1: a sender probes a zero window with one octet of new data; the receiver
        // keeps its window closed, drops the octet, and must answer (§3.10.7.4: an unacceptable
        // segment gets an ACK), else the sender never learns when the window opens (Linux: TCPZeroWindowDrop).
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.receiveBufferBytes = 2 * MSS;
        TcpHarness h = new TcpHarness(b.build());
        TcpHarness.Conn k = h.established();
        k.send(data(MSS), 100 * MS);
        k.send(data(MSS), 101 * MS);
        assertEquals(0, k.expectAck(k.iss + 1, k.peerSeq).window());
        int rcvNxt = k.peerSeq;
        k.send(data(1), 300 * MS);   // the probe octet
        TcpRepr a = k.expectAck(k.iss + 1, rcvNxt);
        assertEquals(0, a.window());
        assertEquals(2 * MSS, k.c.readable(), "the octet was not taken");
    }

    @Test
    void unansweredZeroWindowProbesGiveUp() throws Exception {
        // Bounded like the retransmissions (Linux's tcp_probe_timer: tcp_retries2 unanswered probes,
        // here dataRetries = 3): a peer that vanished behind a closed window does not hold the
        // connection for ever. Answered probes never time out.
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.dataRetries = 3;
        TcpHarness h = new TcpHarness(b.build());
        TcpHarness.Conn k = h.established();
        k.peerWindow = 0;
        k.ack(15 * MS);
        k.c.write(data(100), 0, 100, 20 * MS);
        // Answered probes: the connection lives on however long the window stays closed.
        for (int i = 0; i < 8; i++) {
            h.advance(k.c.persistAt);
            h.take();
            k.ack(h.stack.timers().now() + MS);
        }
        assertEquals(TcpState.ESTABLISHED, k.state());
        // Now B is gone: three more probes, and the fourth expiry gives up.
        for (int i = 0; i < 3; i++) {
            h.advance(k.c.persistAt);
            assertEquals(ACK, h.take().flags());
        }
        assertEquals(TcpState.ESTABLISHED, k.state());
        h.advance(k.c.persistAt);
        assertEquals(io.netstack4j.socket.Errno.ETIMEDOUT, k.c.error());
        assertEquals(0, h.tcp.connectionCount());
    }

    @Test
    void windowClosedWithDataInFlightIsProbedNotTimedOut() throws Exception {
        // The peer takes the first segment and closes its window with the second in flight. The
        // retransmissions of the second cannot be sent into a zero window; while B answers, the
        // connection must not run out of retries (Linux: "our retransmits become zero probes").
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.dataRetries = 3;
        TcpHarness h = new TcpHarness(b.build());
        TcpHarness.Conn k = h.established();
        k.c.write(data(2 * MSS), 0, 2 * MSS, 20 * MS);
        assertEquals(2, h.takeAll().size());
        k.peerWindow = 0;
        k.ackUpTo(k.iss + 1 + MSS, 30 * MS);
        for (int i = 0; i < 10; i++) {
            long next = TcpHarness.deadline(k.c);
            h.advance(next);
            assertTrue(h.pending() <= 1, "one probe at a time");
            h.takeAll();
            k.ack(next + MS);   // B: still closed
            assertEquals(TcpState.ESTABLISHED, k.state(), "probe " + i);
        }
        assertEquals(0, h.tcp.stats().fastRetrans(), "answers to window probes are not duplicate ACKs");
        k.peerWindow = 65535;
        long t = h.stack.timers().now() + 10 * MS;
        k.ack(t);
        TcpRepr again = h.takeAt(t);
        assertEquals(k.iss + 1 + MSS, again.seq(), "the segment past the closed window goes again");
        assertEquals(MSS, again.payload().length);
        k.ackUpTo(k.iss + 1 + 2 * MSS, t + 10 * MS);
        assertEquals(k.c.sndMax, k.c.sndUna);
    }
}
