package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.RST;
import static io.netstack4j.socket.tcp.TcpHarness.SEC;
import static io.netstack4j.socket.tcp.TcpHarness.SYN;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RFC 5961: blind reset (§3), blind SYN (§4) and blind data injection (§5) defences; the rate limit (§7). */
class Rfc5961Test {
    private final TcpHarness h = new TcpHarness();

    private TcpRepr from(TcpHarness.Conn k, int seq, int ack, int flags, byte[] payload) {
        return TcpRepr.of(k.peerPort, k.localPort, seq, ack, flags, 65535, payload);
    }

    @Test
    void resetInTheWindowButNotAtRcvNxtGetsAChallengeAck() throws Exception {
        // §3.2: RCV.NXT < SEG.SEQ < RCV.NXT + RCV.WND: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, no reset.
        TcpHarness.Conn k = h.established();
        h.in(from(k, k.peerSeq + 1000, 0, RST, new byte[0]), 20 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(TcpState.ESTABLISHED, k.state());
        assertNull(k.c.error());
        assertEquals(1, h.tcp.stats().challengeAcks());
        // The peer's answer to the challenge, a RST at exactly RCV.NXT, does reset.
        h.in(from(k, k.peerSeq, 0, RST, new byte[0]), 21 * MS);
        assertEquals(TcpState.CLOSED, k.state());
    }

    @Test
    void resetOutsideTheWindowIsIgnored() throws Exception {
        TcpHarness.Conn k = h.established();
        h.in(from(k, k.peerSeq + 70_000, 0, RST, new byte[0]), 20 * MS);
        h.in(from(k, k.peerSeq - 1, 0, RST, new byte[0]), 21 * MS);
        h.expectNothing();
        assertEquals(TcpState.ESTABLISHED, k.state());
        assertEquals(0, h.tcp.stats().challengeAcks());
    }

    @Test
    void synInEstablishedGetsAChallengeAckWhateverItsSequenceNumber() throws Exception {
        // §4.2: a SYN in a synchronized state never resets the connection.
        TcpHarness.Conn k = h.established();
        h.in(from(k, k.peerSeq, 0, SYN, new byte[0]), 20 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        h.in(from(k, k.peerSeq + 500, 0, SYN, new byte[0]), 21 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        h.in(from(k, k.peerSeq - 5000, 0, SYN, new byte[0]), 22 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        h.expectNothing();
        assertEquals(TcpState.ESTABLISHED, k.state());
        assertNull(k.c.error());
    }

    @Test
    void synWithDataInEstablishedTakesNoData() throws Exception {
        TcpHarness.Conn k = h.established();
        h.in(from(k, k.peerSeq, k.peerAck, SYN | ACK, data(10)), 20 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(0, k.c.readable());
    }

    @Test
    void ackTooOldIsChallengedAndTheSegmentDropped() throws Exception {
        // §5.2: SEG.ACK < SND.UNA - MAX.SND.WND: ACK and discard (its data are not taken).
        TcpHarness.Conn k = h.established();   // MAX.SND.WND = 65535
        int tooOld = k.iss + 1 - 65535 - 10;
        h.in(from(k, k.peerSeq, tooOld, ACK | PSH, data(20)), 20 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(0, k.c.readable());
        assertEquals(k.peerSeq, k.c.rcvNxt);
        // An old but acceptable ACK (within MAX.SND.WND) is fine: the data are taken.
        h.in(from(k, k.peerSeq, k.iss + 1 - 100, ACK | PSH, data(20)), 21 * MS);
        assertEquals(20, k.c.readable());
    }

    @Test
    void ackForDataNotYetSentIsAnsweredAndDropped() throws Exception {
        // RFC 9293 §3.10.7.4 fifth check (RFC 5961 §5.2): SEG.ACK > SND.NXT: send an ACK, drop the segment.
        TcpHarness.Conn k = h.established();
        k.c.write(data(100), 0, 100, 15 * MS);
        h.take();
        h.in(from(k, k.peerSeq, k.iss + 1 + 5000, ACK | PSH, data(20)), 20 * MS);
        k.expectAck(k.iss + 101, k.peerSeq);
        assertEquals(0, k.c.readable());
        assertEquals(k.iss + 1, k.c.sndUna, "nothing acknowledged");
        h.expectNothing();
    }

    @Test
    void challengeAcksAreRateLimited() throws Exception {
        // §7: at most challengeAcksPerSecond challenge ACKs a second (here 2).
        TcpConfig.Builder b = TcpConfig.DEFAULT.toBuilder();
        b.challengeAcksPerSecond = 2;
        TcpHarness hh = new TcpHarness(b.build());
        TcpHarness.Conn k = hh.established();
        for (int i = 0; i < 5; i++) {
            hh.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq + 100 + i, 0, RST, 0, new byte[0]), (20 + i) * MS);
        }
        assertEquals(2, hh.takeAll().size());
        assertEquals(2, hh.tcp.stats().challengeAcks());
        assertEquals(3, hh.tcp.stats().snapshot().get("TCPChallengeACKLimited"));
        // A second later the budget is back.
        hh.in(TcpRepr.of(k.peerPort, k.localPort, k.peerSeq + 100, 0, RST, 0, new byte[0]), 20 * MS + SEC);
        k.expectAck(k.iss + 1, k.peerSeq);
        assertEquals(TcpState.ESTABLISHED, k.state());
    }
}
