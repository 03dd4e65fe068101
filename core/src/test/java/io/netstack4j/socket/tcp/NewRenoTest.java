package io.netstack4j.socket.tcp;

import io.netstack4j.socket.tcp.CongestionControl.Action;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 5681 / RFC 6582 / RFC 6928 / RFC 3465 congestion control, scripted ACK by ACK. */
class NewRenoTest {
    private static final int MSS = 1460;
    /** Just below the wrap, so that the sequence numbers in these scripts cross 0xFFFFFFFF -> 0. */
    private static final int UNA = 0xFFFF_F000;

    private static NewReno newReno(int smss) {
        NewReno cc = new NewReno();
        cc.init(smss);
        return cc;
    }

    /** Acknowledges {@code segments} full segments one ACK each, starting at {@code una}; returns the new SND.UNA. */
    private static int ackEach(NewReno cc, int una, int segments, int flight) {
        for (int i = 0; i < segments; i++) {
            una += MSS;
            assertEquals(Action.NONE, cc.onAck(una, MSS, flight, 0));
            flight -= MSS;
        }
        return una;
    }

    @Test
    void initialWindowIsIw10() {
        assertEquals(14_600, newReno(1460).cwnd());   // min(14600, max(2920, 14600))
        assertEquals(5_360, newReno(536).cwnd());     // min(5360, max(1072, 14600)): ten small segments
        assertEquals(10_000, newReno(1000).cwnd());
        assertEquals(14_600, newReno(4000).cwnd());   // min(40000, max(8000, 14600))
        assertEquals(18_000, newReno(9000).cwnd());   // min(90000, max(18000, 14600)): two jumbo segments
        NewReno cc = newReno(MSS);
        assertEquals(Integer.MAX_VALUE, cc.ssthresh());
        assertFalse(cc.inFastRecovery());
        assertEquals("newreno", cc.name());
        assertEquals(5_360, new NewReno().cwnd()); // the RFC 9293 default MSS until init
        assertThrows(IllegalArgumentException.class, () -> cc.init(0));
        assertThrows(IllegalArgumentException.class, () -> cc.setSmss(-1));
    }

    @Test
    void slowStartGrowsByTheBytesAcknowledgedUpToTwoSegmentsPerAck() {
        NewReno cc = newReno(MSS);
        cc.onAck(UNA + MSS, MSS, 14_600, 0);
        assertEquals(14_600 + MSS, cc.cwnd());
        cc.onAck(UNA + MSS + 500, 500, 13_140, 0);
        assertEquals(14_600 + MSS + 500, cc.cwnd());
        cc.onAck(UNA + 5 * MSS, 5 * MSS - MSS - 500, 12_640, 0); // a stretch ACK: L = 2 * SMSS (RFC 3465)
        assertEquals(14_600 + MSS + 500 + 2 * MSS, cc.cwnd());
        assertEquals(Action.NONE, cc.onAck(UNA + 5 * MSS, 0, 0, 0)); // nothing new acknowledged
        assertEquals(14_600 + MSS + 500 + 2 * MSS, cc.cwnd());
    }

    @Test
    void slowStartDoublesPerRoundTrip() {
        NewReno cc = newReno(MSS);
        int una = ackEach(cc, UNA, 10, 14_600);
        assertEquals(29_200, cc.cwnd());
        ackEach(cc, una, 20, 29_200);
        assertEquals(58_400, cc.cwnd());
    }

    @Test
    void congestionAvoidanceAddsOneSegmentPerRoundTrip() {
        NewReno cc = newReno(MSS);
        cc.onRetransmitTimeout(UNA + 20 * MSS, 20 * MSS, 0); // ssthresh 14600, cwnd 1460
        assertEquals(14_600, cc.ssthresh());
        assertEquals(MSS, cc.cwnd());

        // Slow start after a timeout: L = 1 SMSS, even for an ACK of two segments.
        cc.onAck(UNA + 2 * MSS, 2 * MSS, 20 * MSS, 0);
        assertEquals(2 * MSS, cc.cwnd());
        int una = ackEach(cc, UNA + 2 * MSS, 8, 18 * MSS);
        assertEquals(14_600, cc.cwnd()); // stopped at ssthresh

        // Congestion avoidance: nothing until a whole cwnd of bytes is acknowledged.
        una = ackEach(cc, una, 9, 10 * MSS);
        assertEquals(14_600, cc.cwnd());
        una = ackEach(cc, una, 1, MSS);
        assertEquals(14_600 + MSS, cc.cwnd());
        for (int rtt = 0; rtt < 20; rtt++) {
            long before = cc.cwnd();
            int segments = (int) (before / MSS);
            una = ackEach(cc, una, segments, segments * MSS);
            assertEquals(before + MSS, cc.cwnd(), "round trip " + rtt);
        }
        // Stretch ACKs in congestion avoidance count their bytes too.
        long before = cc.cwnd();
        cc.onAck(una + (int) before, (int) before, (int) before, 0);
        assertEquals(before + MSS, cc.cwnd());
    }

    @Test
    void fastRetransmitOnTheThirdDuplicateAndInflation() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 10 * MSS;
        assertEquals(Action.NONE, cc.onDuplicateAck(1, UNA, nxt, 10 * MSS, 0));
        assertEquals(Action.NONE, cc.onDuplicateAck(2, UNA, nxt, 10 * MSS, 0));
        assertEquals(14_600, cc.cwnd());
        assertFalse(cc.inFastRecovery());

        assertEquals(Action.RETRANSMIT_FIRST_UNACKED, cc.onDuplicateAck(3, UNA, nxt, 10 * MSS, 0));
        assertTrue(cc.inFastRecovery());
        assertEquals(7_300, cc.ssthresh());            // FlightSize / 2
        assertEquals(7_300 + 3 * MSS, cc.cwnd());      // ssthresh + 3 * SMSS

        assertEquals(Action.NONE, cc.onDuplicateAck(4, UNA, nxt, 10 * MSS, 0));
        assertEquals(7_300 + 4 * MSS, cc.cwnd());
        assertEquals(Action.NONE, cc.onDuplicateAck(5, UNA, nxt, 10 * MSS, 0));
        assertEquals(7_300 + 5 * MSS, cc.cwnd());
        assertEquals(7_300, cc.ssthresh());
    }

    @Test
    void ssthreshIsAtLeastTwoSegments() {
        NewReno cc = newReno(MSS);
        cc.onDuplicateAck(3, UNA, UNA + 3 * MSS, 3 * MSS, 0);
        assertEquals(2 * MSS, cc.ssthresh());
        assertEquals(5 * MSS, cc.cwnd());
    }

    @Test
    void partialAcksDeflateAndRetransmitTheNextHole() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 10 * MSS;
        for (int d = 1; d <= 5; d++) {
            cc.onDuplicateAck(d, UNA, nxt, 10 * MSS, 0);
        }
        assertEquals(14_600, cc.cwnd());

        // Partial ACK of two segments: deflate by 2920, add back one SMSS.
        int ack = UNA + 2 * MSS;
        assertEquals(Action.RETRANSMIT_FIRST_UNACKED, cc.onAck(ack, 2 * MSS, 10 * MSS, 0));
        assertTrue(cc.inFastRecovery());
        assertEquals(14_600 - 2 * MSS + MSS, cc.cwnd());

        // Partial ACK of less than one SMSS: deflate only.
        assertEquals(Action.RETRANSMIT_FIRST_UNACKED, cc.onAck(ack + 500, 500, 8 * MSS, 0));
        assertEquals(14_600 - 2 * MSS + MSS - 500, cc.cwnd());
        ack += 500;

        // The sender's duplicate count restarts after a partial ACK; in recovery every duplicate inflates,
        // and a count of three again is not a second fast retransmit.
        for (int d = 1; d <= 3; d++) {
            assertEquals(Action.NONE, cc.onDuplicateAck(d, ack, nxt, nxt - ack, 0));
        }
        assertEquals(14_600 - 2 * MSS + MSS - 500 + 3 * MSS, cc.cwnd());
        assertEquals(7_300, cc.ssthresh());
    }

    @Test
    void fullAckEndsRecoveryWithMinOfSsthreshAndFlightPlusOneSegment() {
        int nxt = UNA + 10 * MSS;

        NewReno drained = inRecovery(nxt);
        assertEquals(Action.NONE, drained.onAck(nxt, 10 * MSS, 10 * MSS, 0)); // nothing left outstanding
        assertFalse(drained.inFastRecovery());
        assertEquals(2 * MSS, drained.cwnd()); // min(7300, max(0, 1460) + 1460)

        NewReno some = inRecovery(nxt); // two new segments were sent during the recovery
        some.onAck(nxt, 10 * MSS, 12 * MSS, 0);
        assertEquals(3 * MSS, some.cwnd()); // min(7300, 2920 + 1460)

        NewReno many = inRecovery(nxt); // six new segments outstanding
        many.onAck(nxt + MSS, 11 * MSS, 16 * MSS, 0); // beyond recover is a full ACK too
        assertEquals(7_300, many.cwnd()); // min(7300, 7300 + 1460)
        assertFalse(many.inFastRecovery());

        // Back below ssthresh after the exit: slow start up to it, then congestion avoidance.
        drained.onAck(nxt + MSS, MSS, 2 * MSS, 0);
        assertEquals(3 * MSS, drained.cwnd());
    }

    /** A controller (SMSS 1460) in fast recovery for a window of ten segments from {@link #UNA} to {@code nxt}. */
    private static NewReno inRecovery(int nxt) {
        NewReno cc = newReno(MSS);
        for (int d = 1; d <= 3; d++) {
            cc.onDuplicateAck(d, UNA, nxt, 10 * MSS, 0);
        }
        assertTrue(cc.inFastRecovery());
        return cc;
    }

    @Test
    void noSecondFastRetransmitForTheSameLossEpisode() {
        int nxt = UNA + 10 * MSS;
        NewReno cc = inRecovery(nxt);
        cc.onAck(nxt, 10 * MSS, 16 * MSS, 0); // full ACK at exactly recover; six new segments outstanding
        long cwnd = cc.cwnd();

        // Duplicates at SND.UNA == recover may come from the episode's own retransmissions (RFC 6582 §4.1).
        for (int d = 1; d <= 5; d++) {
            assertEquals(Action.NONE, cc.onDuplicateAck(d, nxt, nxt + 6 * MSS, 6 * MSS, 0));
        }
        assertFalse(cc.inFastRecovery());
        assertEquals(cwnd, cc.cwnd());
        assertEquals(7_300, cc.ssthresh());

        // Once the cumulative ACK covers more than recover, a new loss is a new episode.
        cc.onAck(nxt + MSS, MSS, 6 * MSS, 0);
        int una = nxt + MSS;
        cc.onDuplicateAck(1, una, nxt + 6 * MSS, 5 * MSS, 0);
        cc.onDuplicateAck(2, una, nxt + 6 * MSS, 5 * MSS, 0);
        assertEquals(Action.RETRANSMIT_FIRST_UNACKED, cc.onDuplicateAck(3, una, nxt + 6 * MSS, 5 * MSS, 0));
        assertEquals(3_650, cc.ssthresh()); // max(5 * 1460 / 2, 2 * 1460)
    }

    @Test
    void noFastRetransmitForDuplicatesFromBeforeATimeout() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 10 * MSS;
        cc.onRetransmitTimeout(nxt, 10 * MSS, 0);
        long ssthresh = cc.ssthresh();
        // The retransmission fills the first hole; the receiver's duplicates for later ones are old news.
        cc.onAck(UNA + MSS, MSS, 10 * MSS, 0);
        for (int d = 1; d <= 4; d++) {
            assertEquals(Action.NONE, cc.onDuplicateAck(d, UNA + MSS, nxt, 9 * MSS, 0));
        }
        assertEquals(ssthresh, cc.ssthresh());
        assertFalse(cc.inFastRecovery());
    }

    @Test
    void timeoutGoesToOneSegmentAndLeavesRecovery() {
        int nxt = UNA + 10 * MSS;
        NewReno cc = inRecovery(nxt);
        cc.onRetransmitTimeout(nxt, 10 * MSS, 0);
        assertFalse(cc.inFastRecovery());
        assertEquals(MSS, cc.cwnd());
        assertEquals(7_300, cc.ssthresh());

        NewReno small = newReno(MSS);
        small.onRetransmitTimeout(UNA + 1000, 1000, 0);
        assertEquals(2 * MSS, small.ssthresh());
        assertEquals(MSS, small.cwnd());
    }

    @Test
    void repeatedTimeoutsOfTheSameSegmentKeepSsthresh() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 20 * MSS;
        cc.onRetransmitTimeout(nxt, 20 * MSS, 0);
        assertEquals(10 * MSS, cc.ssthresh());
        cc.onRetransmitTimeout(nxt, 20 * MSS, 0); // the same segment again, no ACK in between
        cc.onRetransmitTimeout(UNA + MSS, MSS, 0); // even if the sender rewound SND.NXT
        assertEquals(10 * MSS, cc.ssthresh());
        assertEquals(MSS, cc.cwnd());

        cc.onAck(UNA + MSS, MSS, 20 * MSS, 0); // progress: the next timeout is a new loss
        cc.onRetransmitTimeout(nxt, 19 * MSS, 0);
        assertEquals(19 * MSS / 2, cc.ssthresh());
    }

    @Test
    void rewoundSndNxtDoesNotShrinkRecover() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 20 * MSS;
        cc.onRetransmitTimeout(nxt, 20 * MSS, 0);
        cc.onRetransmitTimeout(UNA + MSS, MSS, 0); // go-back-N sender passing its rewound SND.NXT
        cc.onAck(UNA + 5 * MSS, 5 * MSS, 20 * MSS, 0);
        for (int d = 1; d <= 3; d++) {
            assertEquals(Action.NONE, cc.onDuplicateAck(d, UNA + 5 * MSS, nxt, 15 * MSS, 0));
        }
    }

    @Test
    void aLossEpisodeLongAgoDoesNotBlockFastRetransmitAfterTheSequenceSpaceWraps() {
        NewReno cc = newReno(MSS);
        int nxt = UNA + 10 * MSS;
        cc.onRetransmitTimeout(nxt, 10 * MSS, 0);
        cc.onAck(nxt + MSS, 11 * MSS, 11 * MSS, 0); // past recover
        // Three gigabytes later SND.UNA is "before" the old recover on the circle.
        int una = nxt - 100_000;
        assertTrue(SeqNumber.lessThan(una, nxt));
        cc.onDuplicateAck(1, una, una + 10 * MSS, 10 * MSS, 0);
        cc.onDuplicateAck(2, una, una + 10 * MSS, 10 * MSS, 0);
        assertEquals(Action.RETRANSMIT_FIRST_UNACKED, cc.onDuplicateAck(3, una, una + 10 * MSS, 10 * MSS, 0));
    }

    @Test
    void idleRestartFallsBackToTheInitialWindow() {
        NewReno cc = newReno(MSS);
        ackEach(cc, UNA, 10, 14_600);
        assertEquals(29_200, cc.cwnd());
        cc.onIdleRestart();
        assertEquals(14_600, cc.cwnd()); // RW = min(IW, cwnd)

        NewReno small = newReno(MSS);
        small.onRetransmitTimeout(UNA, 10 * MSS, 0);
        small.onIdleRestart();
        assertEquals(MSS, small.cwnd()); // a window below IW is kept
    }

    @Test
    void smssChanges() {
        NewReno cc = newReno(536);
        cc.onRetransmitTimeout(UNA + 53_600, 53_600, 0); // ssthresh 26800
        assertEquals(536, cc.cwnd());
        cc.setSmss(1460);
        assertEquals(1460, cc.cwnd()); // never below one segment
        cc.onAck(UNA + 1460, 1460, 5360, 0);
        assertEquals(2920, cc.cwnd()); // growth in the new SMSS
        cc.setSmss(536);
        assertEquals(2920, cc.cwnd()); // bytes are kept
        cc.init(1460);
        assertEquals(14_600, cc.cwnd());
        assertEquals(Integer.MAX_VALUE, cc.ssthresh());
    }

    @Test
    void isASealedCongestionControl() {
        CongestionControl cc = newReno(MSS);
        String kind = switch (cc) {
            case NewReno n -> n.name();
        };
        assertEquals("newreno", kind);
    }
}
