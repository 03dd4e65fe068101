package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.B;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.SEC;
import static io.netstack4j.socket.tcp.TcpHarness.SYN;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retransmission timing (RFC 6298): the initial RTO, backoff, samples, Karn's rule; the SYN's retries. */
class TcpRetransmitTest {
    private final TcpHarness h = new TcpHarness();

    @Test
    void synIsRetransmittedAt1Then2Then4SecondsAndConnectTimesOut() throws Exception {
        // RFC 6298 §2.1 (initial RTO 1 s) and §5.5 (double it); Linux's tcp_syn_retries = 6:
        // SYNs at 0, 1, 3, 7, 15, 31, 63 s, and ETIMEDOUT at 127 s.
        TcpConnection c = h.tcp.open();
        c.connect(B, 5000, 0);
        int iss = h.takeAt(0).seq();
        long t = 0;
        for (int i = 0; i < 6; i++) {
            t += SEC << i;
            assertEquals(t, TcpHarness.deadline(c), "retransmission " + (i + 1));
            h.advance(t);
            TcpRepr again = h.takeAt(t);
            assertEquals(SYN, again.flags());
            assertEquals(iss, again.seq());
            assertEquals(TcpState.SYN_SENT, c.state());
        }
        assertEquals(127 * SEC, TcpHarness.deadline(c));
        h.advance(127 * SEC - 1);
        assertNull(c.error());
        h.advance(127 * SEC);
        assertEquals(Errno.ETIMEDOUT, c.error());
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(0, h.tcp.connectionCount());
        h.expectNothing();
    }

    @Test
    void afterARetransmittedSynTheRtoStartsFromTheSample() throws Exception {
        // The SYN+ACK arrives 100 ms after the retransmitted SYN. Karn: the handshake gives no sample
        // (the SYN was sent twice), so RFC 6298 §5.7 applies: RTO 3 s once established.
        TcpConnection c = h.tcp.open();
        c.connect(B, 5000, 0);
        TcpRepr syn = h.take();
        h.advance(SEC);
        h.take();
        h.in(new TcpRepr(5000, syn.sourcePort(), 100, syn.seq() + 1, SYN | ACK, 65535, 0,
                TcpRepr.Options.mss(1460), new byte[0]), SEC + 100 * MS);
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(0, c.rtt.srtt(), "no sample from a retransmitted SYN");
        assertEquals(3 * SEC, c.rtt.rto());
    }

    @Test
    void dataRtoFollowsTheSampleAndBacksOff() throws Exception {
        TcpHarness.Conn k = h.established();   // handshake RTT 10 ms: SRTT 10, RTTVAR 5 -> RTO 30 ms -> 200 ms floor
        assertEquals(10 * MS, k.c.rtt.srtt());
        assertEquals(200 * MS, k.c.rtt.rto());
        byte[] d = data(100);
        k.c.write(d, 0, d.length, 20 * MS);
        TcpRepr first = h.takeAt(20 * MS);
        assertEquals(220 * MS, k.c.rtoAt, "RFC 6298 §5.1: started when the segment is sent");
        h.advance(220 * MS);
        TcpRepr r1 = h.takeAt(220 * MS);
        assertEquals(first.seq(), r1.seq());
        assertArrayEquals(d, r1.payload());
        assertEquals(620 * MS, k.c.rtoAt, "§5.5: backed off to 400 ms");
        h.advance(620 * MS);
        h.takeAt(620 * MS);
        assertEquals(1420 * MS, k.c.rtoAt, "800 ms");
        assertEquals(2, h.tcp.stats().timeouts());
        assertEquals(2, h.tcp.stats().retransSegs());
    }

    @Test
    void karnsRuleNoSampleFromARetransmittedSegmentThenBackoffResetsOnANewSample() throws Exception {
        TcpHarness.Conn k = h.established();
        long srtt = k.c.rtt.srtt();
        byte[] d = data(100);
        k.c.write(d, 0, d.length, 20 * MS);
        h.take();
        h.advance(220 * MS);
        h.take();   // retransmitted
        // The ACK comes 30 ms after the retransmission: it cannot tell which copy it answers.
        k.ackUpTo(k.iss + 101, 250 * MS);
        assertEquals(srtt, k.c.rtt.srtt(), "RFC 6298 §3 (Karn): SRTT unchanged");
        assertEquals(400 * MS, k.c.rtt.rto(), "the backed-off RTO is kept until a valid sample (Karn)");
        assertEquals(Long.MAX_VALUE, k.c.rtoAt);

        // A new segment, sent once and acknowledged after 50 ms: a valid sample collapses the backoff.
        k.c.write(d, 0, d.length, 300 * MS);
        h.takeAt(300 * MS);
        assertEquals(700 * MS, k.c.rtoAt, "the timer runs with the backed-off RTO");
        k.ackUpTo(k.iss + 201, 350 * MS);
        // SRTT = 7/8 * 10 + 1/8 * 50 = 15 ms; RTTVAR = 3/4 * 5 + 1/4 * 40 = 13.75 ms; RTO = 70 ms -> 200 ms.
        assertEquals(15 * MS, k.c.rtt.srtt());
        assertEquals(200 * MS, k.c.rtt.rto());
    }

    @Test
    void anRttSampleIsTakenFromANewSegment() throws Exception {
        TcpHarness.Conn k = h.established();
        byte[] d = data(100);
        k.c.write(d, 0, d.length, 20 * MS);
        h.take();
        k.ackUpTo(k.iss + 101, 180 * MS);   // R = 160 ms
        // RFC 6298 §2.3: RTTVAR = 3/4 * 5 + 1/4 * |10 - 160| = 41.25 ms; SRTT = 7/8 * 10 + 1/8 * 160 = 28.75 ms;
        // RTO = SRTT + 4 * RTTVAR = 193.75 ms, raised to the 200 ms floor.
        assertEquals(28_750_000L, k.c.rtt.srtt());
        assertEquals(41_250_000L, k.c.rtt.rttvar());
        assertEquals(200 * MS, k.c.rtt.rto());
        k.c.write(d, 0, d.length, 200 * MS);
        h.take();
        k.ackUpTo(k.iss + 201, 600 * MS);   // R = 400 ms
        // RTTVAR = 3/4 * 41.25 + 1/4 * |28.75 - 400| = 123.75 ms; SRTT = 7/8 * 28.75 + 50 = 75.15625 ms.
        assertEquals(75_156_250L, k.c.rtt.srtt());
        assertEquals(123_750_000L, k.c.rtt.rttvar());
        assertEquals(75_156_250L + 4 * 123_750_000L, k.c.rtt.rto());
    }

    @Test
    void goBackAfterATimeoutResendsEverythingUnacknowledgedInOrder() throws Exception {
        TcpHarness.Conn k = h.established();
        byte[] d = data(3 * 1460);
        k.c.write(d, 0, d.length, 20 * MS);
        assertEquals(3, h.takeAll().size());
        h.advance(220 * MS);
        // RFC 5681 §3.1: after a timeout cwnd is one segment: only the first goes again.
        TcpRepr r = h.takeAt(220 * MS);
        assertEquals(k.iss + 1, r.seq());
        assertEquals(1460, r.payload().length);
        h.expectNothing();
        k.ackUpTo(k.iss + 1 + 1460, 240 * MS);
        var more = h.takeAll();
        assertEquals(2, more.size(), "slow start: two segments after the first ACK");
        assertEquals(k.iss + 1 + 1460, more.get(0).seq());
        assertEquals(k.iss + 1 + 2920, more.get(1).seq());
        assertTrue(more.get(1).has(PSH));
        assertEquals(ACK | PSH, more.get(1).flags());
    }

    @Test
    void dataRetriesExhaustedIsEtimedout() throws Exception {
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.dataRetries = 3;
        TcpHarness hh = new TcpHarness(b.build());
        TcpHarness.Conn k = hh.established();
        k.c.write(data(10), 0, 10, 20 * MS);
        hh.take();
        // 200 ms doubling, 3 retries: 220, 620, 1420 ms, then fails at 3020 ms.
        hh.advance(3020 * MS - 1);
        assertEquals(3, hh.takeAll().size());
        assertNull(k.c.error());
        hh.advance(3020 * MS);
        assertEquals(Errno.ETIMEDOUT, k.c.error());
        assertEquals(0, hh.tcp.connectionCount());
    }

    @Test
    void threeDuplicateAcksTriggerAFastRetransmitBeforeTheTimer() throws Exception {
        // RFC 5681 §3.2: the third duplicate ACK retransmits the first unacknowledged segment.
        TcpHarness.Conn k = h.established();
        byte[] d = data(5 * 1460);
        k.c.write(d, 0, d.length, 20 * MS);
        assertEquals(5, h.takeAll().size());
        k.ackUpTo(k.iss + 1 + 1460, 30 * MS);   // the second segment was lost
        h.takeAll();                            // what the opened window lets out
        for (int i = 0; i < 2; i++) {
            k.ack(31 * MS + i * MS);
            h.expectNothing();
        }
        k.ack(33 * MS);
        TcpRepr r = h.takeAt(33 * MS);
        assertEquals(k.iss + 1 + 1460, r.seq());
        assertEquals(1460, r.payload().length);
        assertEquals(1, h.tcp.stats().fastRetrans());
        assertTrue(k.c.rtoAt > 33 * MS);
    }
}
