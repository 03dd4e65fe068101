package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.FIN;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.RST;
import static io.netstack4j.socket.tcp.TcpHarness.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closing transitions of RFC 9293's state diagram (§3.3.2 Figure 5, §3.6 Figures 12 and 13). */
class TcpCloseTest {
    private final TcpHarness h = new TcpHarness();

    @Test
    void activeCloseFinWait1FinWait2TimeWaitThenGone() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        assertEquals(TcpState.FIN_WAIT_1, k.state());
        TcpRepr fin = k.take();
        assertEquals(FIN | ACK, fin.flags());
        assertEquals(k.iss + 1, fin.seq());
        assertEquals(k.peerSeq, fin.ack());

        k.ackUpTo(k.iss + 2, 30 * MS);
        assertEquals(TcpState.FIN_WAIT_2, k.state());
        h.expectNothing();
        assertEquals(Long.MAX_VALUE, k.c.rtoAt, "the FIN is acknowledged: no retransmission timer");

        k.fin(40 * MS);
        k.expectAck(k.iss + 2, k.peerSeq);
        assertEquals(TcpState.TIME_WAIT, k.state());
        assertEquals(0, h.tcp.connectionCount());
        assertEquals(1, h.tcp.timeWaitCount());
        assertEquals(0, k.c.read(new byte[8], 0, 8, 41 * MS), "end of stream");

        // A retransmitted FIN in TIME-WAIT is acknowledged again and restarts 2·MSL (RFC 9293 §3.10.7.4).
        h.in(TcpRepr.of(5000, k.localPort, k.peerSeq - 1, k.iss + 2, FIN | ACK, 65535, new byte[0]), 10 * SEC);
        k.expectAck(k.iss + 2, k.peerSeq);
        h.advance(70 * SEC - 1);
        assertEquals(1, h.tcp.timeWaitCount());
        h.advance(70 * SEC);
        assertEquals(0, h.tcp.timeWaitCount(), "2·MSL after the last FIN the entry is gone");
        h.expectNothing();
    }

    @Test
    void timeWaitLastsTwoMslWithoutFurtherSegments() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        k.take();
        k.ackUpTo(k.iss + 2, 30 * MS);
        k.fin(40 * MS);
        k.take();
        h.advance(40 * MS + 60 * SEC - 1);
        assertEquals(1, h.tcp.timeWaitCount());
        h.advance(40 * MS + 60 * SEC);
        assertEquals(0, h.tcp.timeWaitCount());
        // The 4-tuple is free: a segment for it now meets a closed port and is reset.
        h.in(TcpRepr.of(5000, k.localPort, k.peerSeq, k.iss + 2, ACK, 65535, new byte[0]), 61 * SEC);
        assertEquals(RST, k.take().flags());
    }

    @Test
    void simultaneousCloseFinWait1ClosingTimeWait() throws Exception {
        // RFC 9293 §3.6, Figure 13: both FINs cross.
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        k.take();
        k.fin(25 * MS);   // B's FIN does not acknowledge ours
        assertEquals(TcpState.CLOSING, k.state());
        k.expectAck(k.iss + 2, k.peerSeq);
        k.ackUpTo(k.iss + 2, 30 * MS);
        assertEquals(TcpState.TIME_WAIT, k.state());
        assertEquals(1, h.tcp.timeWaitCount());
        h.expectNothing();
    }

    @Test
    void finWait1ReceivingFinWithTheAckOfOurFinGoesStraightToTimeWait() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        k.take();
        k.peerAck = k.iss + 2;
        k.fin(30 * MS);
        k.expectAck(k.iss + 2, k.peerSeq);
        assertEquals(TcpState.TIME_WAIT, k.state());
        assertEquals(1, h.tcp.timeWaitCount());
        assertEquals(0, h.tcp.connectionCount());
        h.expectNothing();   // one ACK, not two
    }

    @Test
    void passiveCloseCloseWaitLastAckClosed() throws Exception {
        // RFC 9293 §3.6, Figure 12 from the side that receives the first FIN.
        TcpHarness.Conn k = h.established();
        k.send(TcpHarness.bytes("bye"), 20 * MS);
        k.fin(21 * MS);
        assertEquals(TcpState.CLOSE_WAIT, k.state());
        k.expectAck(k.iss + 1, k.peerSeq);
        byte[] b = new byte[16];
        assertEquals(3, k.c.read(b, 0, 16, 22 * MS));
        assertEquals(0, k.c.read(b, 0, 16, 22 * MS), "end of stream after the data");

        k.c.close(30 * MS);
        assertEquals(TcpState.LAST_ACK, k.state());
        TcpRepr fin = k.take();
        assertEquals(FIN | ACK, fin.flags());
        assertEquals(k.iss + 1, fin.seq());
        k.ackUpTo(k.iss + 2, 40 * MS);
        assertEquals(TcpState.CLOSED, k.state());
        assertEquals(0, h.tcp.connectionCount());
        assertEquals(0, h.tcp.timeWaitCount(), "the passive closer does not wait");
        assertFalse(k.c.timer.isArmed());
        h.expectNothing();
    }

    @Test
    void lostAckOfFinMeansTheFinIsRetransmitted() throws Exception {
        // RFC 9293 §3.8.1 / RFC 6298 §5.4: the FIN occupies sequence space and is retransmitted like data.
        TcpHarness.Conn k = h.established();   // SRTT 10 ms: RTO at its 200 ms floor
        k.c.shutdownOutput(20 * MS);
        TcpRepr fin = h.takeAt(20 * MS);
        assertEquals(220 * MS, k.c.rtoAt);
        h.advance(220 * MS);
        TcpRepr again = h.takeAt(220 * MS);
        assertEquals(FIN | ACK, again.flags());
        assertEquals(fin.seq(), again.seq());
        assertEquals(620 * MS, k.c.rtoAt, "backed off: 400 ms");
        h.advance(620 * MS);
        assertEquals(fin.seq(), h.takeAt(620 * MS).seq());
        k.ackUpTo(k.iss + 2, 700 * MS);
        assertEquals(TcpState.FIN_WAIT_2, k.state());
        assertEquals(Long.MAX_VALUE, k.c.rtoAt);
        h.advance(2 * SEC);
        h.expectNothing();
    }

    @Test
    void finAfterDataIsSentOnceTheDataIs() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.write(TcpHarness.bytes("hello"), 0, 5, 20 * MS);
        k.c.shutdownOutput(20 * MS);
        var all = h.takeAll();
        int finSeq = all.getLast().seq() + all.getLast().payload().length;
        assertTrue(all.getLast().has(FIN), "the FIN follows the data: " + all);
        assertEquals(k.iss + 1 + 5, finSeq);
        k.ackUpTo(k.iss + 7, 30 * MS);
        assertEquals(TcpState.FIN_WAIT_2, k.state());
    }

    @Test
    void closeOfAnOrphanInFinWait2GivesUpAfterFinTimeout() throws Exception {
        // Linux's tcp_fin_timeout: an orphan (closed by the application) waits 60 s in FIN-WAIT-2.
        TcpHarness.Conn k = h.established();
        k.c.close(20 * MS);
        k.take();
        k.ackUpTo(k.iss + 2, 30 * MS);
        assertEquals(TcpState.FIN_WAIT_2, k.state());
        h.advance(30 * MS + 60 * SEC - 1);
        assertEquals(1, h.tcp.connectionCount());
        h.advance(30 * MS + 60 * SEC);
        assertEquals(0, h.tcp.connectionCount());
    }

    @Test
    void resetAtRcvNxtInEstablishedIsConnectionReset() throws Exception {
        // RFC 9293 §3.10.7.4, second check (RFC 5961 §3.2: exactly RCV.NXT).
        TcpHarness.Conn k = h.established();
        h.in(k.seg(RST, new byte[0]), 20 * MS);
        assertEquals(TcpState.CLOSED, k.state());
        assertEquals(Errno.ECONNRESET, k.c.error());
        SocketException e = assertThrows(SocketException.class, () -> k.c.read(new byte[1], 0, 1, 21 * MS));
        assertEquals(Errno.ECONNRESET, e.errno());
        assertThrows(SocketException.class, () -> k.c.write(new byte[1], 0, 1, 21 * MS));
        assertEquals(0, h.tcp.connectionCount());
        assertEquals(1, h.tcp.stats().estabResets());
        h.expectNothing();
    }

    @Test
    void closeWithUnreadDataSendsReset() throws Exception {
        // RFC 2525 §2.17, as Linux: closing with unread data aborts with RST.
        TcpHarness.Conn k = h.established();
        k.send(TcpHarness.bytes("unread"), 20 * MS);
        h.advance(60 * MS);
        h.takeAll();
        k.c.close(100 * MS);
        TcpRepr rst = k.take();
        assertEquals(RST | ACK, rst.flags());
        assertEquals(k.iss + 1, rst.seq());
        assertEquals(k.peerSeq, rst.ack());
        assertEquals(0, h.tcp.connectionCount());
    }

    @Test
    void dataAfterCloseIsAnsweredWithReset() throws Exception {
        // RFC 9293 §3.10.7.4 (seventh, data for a closed user): Linux resets.
        TcpHarness.Conn k = h.established();
        k.c.close(20 * MS);
        k.take();
        k.ackUpTo(k.iss + 2, 30 * MS);
        k.send(TcpHarness.bytes("late"), 40 * MS);
        TcpRepr rst = k.take();
        assertTrue(rst.has(RST));
        assertEquals(0, h.tcp.connectionCount());
    }

    @Test
    void bareAckInTimeWaitIsNotAnswered() throws Exception {
        // RFC 9293 §3.10.7.4, fifth check, TIME-WAIT: "The only thing that can arrive in this state is
        // a retransmission of the remote FIN"; an acceptable bare ACK gets nothing (as Linux's
        // tcp_timewait_state_process), an unacceptable segment an ACK.
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        k.take();
        k.ackUpTo(k.iss + 2, 30 * MS);
        k.fin(40 * MS);
        k.take();
        k.ack(50 * MS);
        h.expectNothing();
        h.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq + 70_000, k.iss + 2, ACK, 65535, new byte[0]), 60 * MS);
        k.expectAck(k.iss + 2, k.peerSeq);
    }

    @Test
    void resetOutsideTheWindowDoesNotEndTimeWait() throws Exception {
        // RFC 5961 §3.2 applies to TIME-WAIT too: only a RST at RCV.NXT ends it early (Linux: in-window only).
        TcpHarness.Conn k = h.established();
        k.c.shutdownOutput(20 * MS);
        k.take();
        k.ackUpTo(k.iss + 2, 30 * MS);
        k.fin(40 * MS);
        k.take();
        h.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq + 12345, 0, RST, 0, new byte[0]), 50 * MS);
        assertEquals(1, h.tcp.timeWaitCount());
        h.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq, 0, RST, 0, new byte[0]), 60 * MS);
        assertEquals(0, h.tcp.timeWaitCount());
    }

    @Test
    void closeInSynReceivedSendsTheFinAfterTheHandshake() throws Exception {
        // RFC 9293 §3.10.4, CLOSE in SYN-RECEIVED: the FIN follows once established; the ACK of
        // our SYN must not be taken for the ACK of the FIN.
        TcpConnection c = h.tcp.open();
        c.bind(0, 7000);
        c.connect(TcpHarness.B, 5000, 0);
        int iss = h.take().seq();
        h.in(TcpRepr.of(5000, 7000, 300, 0, TcpHarness.SYN, 65535, new byte[0]), 10 * MS);
        h.take();   // SYN+ACK
        assertEquals(TcpState.SYN_RECEIVED, c.state());
        c.shutdownOutput(15 * MS);
        h.in(TcpRepr.of(5000, 7000, 301, iss + 1, ACK, 65535, new byte[0]), 20 * MS);
        assertEquals(TcpState.FIN_WAIT_1, c.state(), "our FIN is not acknowledged yet");
        TcpRepr fin = h.take();
        assertEquals(FIN | ACK, fin.flags());
        assertEquals(iss + 1, fin.seq());
        h.in(TcpRepr.of(5000, 7000, 301, iss + 2, ACK, 65535, new byte[0]), 30 * MS);
        assertEquals(TcpState.FIN_WAIT_2, c.state());
    }
}
