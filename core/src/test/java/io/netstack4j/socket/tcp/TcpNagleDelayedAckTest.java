package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.MSS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When A sends (the Nagle rule, RFC 896 and RFC 1122 §4.2.3.4; segmentation at the MSS) and when it
 * acknowledges (delayed ACKs, RFC 5681 §4.2 and RFC 1122 §4.2.3.2; immediate ACKs for out-of-order data).
 */
class TcpNagleDelayedAckTest {
    private final TcpHarness h = new TcpHarness();

    @Test
    void smallWriteGoesAtOnceWhenNothingIsInFlight() throws Exception {
        TcpHarness.Conn k = h.established();
        byte[] d = data(100);
        assertEquals(100, k.c.write(d, 0, 100, 20 * MS));
        TcpRepr s = h.takeAt(20 * MS);
        assertEquals(ACK | PSH, s.flags());
        assertEquals(k.iss + 1, s.seq());
        assertArrayEquals(d, s.payload());
    }

    @Test
    void secondSmallWriteWaitsForTheAckOfTheFirst() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.write(data(100), 0, 100, 20 * MS);
        h.take();
        k.c.write(data(50), 0, 50, 21 * MS);
        k.c.write(data(30), 0, 30, 22 * MS);
        h.expectNothing();   // Nagle: a partial segment waits while data is unacknowledged
        k.ackUpTo(k.iss + 101, 40 * MS);
        TcpRepr s = h.takeAt(40 * MS);
        assertEquals(k.iss + 101, s.seq());
        assertEquals(80, s.payload().length, "what waited goes in one segment");
        h.expectNothing();
    }

    @Test
    void noDelaySendsEverySmallWriteAtOnce() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.noDelay(true, 20 * MS);
        k.c.write(data(100), 0, 100, 20 * MS);
        k.c.write(data(50), 0, 50, 21 * MS);
        assertEquals(k.iss + 1, h.takeAt(20 * MS).seq());
        TcpRepr second = h.takeAt(21 * MS);
        assertEquals(k.iss + 101, second.seq());
        assertEquals(50, second.payload().length);
    }

    @Test
    void settingNoDelayReleasesWhatNagleHeld() throws Exception {
        TcpHarness.Conn k = h.established();
        k.c.write(data(100), 0, 100, 20 * MS);
        k.c.write(data(50), 0, 50, 21 * MS);
        h.take();
        h.expectNothing();
        k.c.noDelay(true, 25 * MS);
        assertEquals(50, h.takeAt(25 * MS).payload().length);
    }

    @Test
    void longWriteIsCutIntoMssSegmentsWithPshOnTheLast() throws Exception {
        TcpHarness.Conn k = h.established();
        byte[] d = data(3 * MSS);
        assertEquals(d.length, k.c.write(d, 0, d.length, 20 * MS));
        List<TcpRepr> segs = h.takeAll();
        assertEquals(3, segs.size());
        for (int i = 0; i < 3; i++) {
            TcpRepr s = segs.get(i);
            assertEquals(k.iss + 1 + i * MSS, s.seq());
            assertEquals(MSS, s.payload().length);
            assertEquals(i == 2 ? ACK | PSH : ACK, s.flags(), "PSH only on the last segment of the write");
        }
    }

    @Test
    void segmentsFollowThePeersSmallerMss() throws Exception {
        TcpHarness.Conn k = h.activeOpen(5000, 1, 536, 0, 10 * MS);
        k.c.write(data(1072), 0, 1072, 20 * MS);
        List<TcpRepr> segs = h.takeAll();
        assertEquals(2, segs.size());
        assertEquals(536, segs.get(0).payload().length);
        assertEquals(536, segs.get(1).payload().length);
    }

    @Test
    void oneFullSegmentIsAcknowledgedAfterTheDelayedAckTimeout() throws Exception {
        TcpHarness.Conn k = h.established();
        k.send(data(MSS), 100 * MS);
        h.expectNothing();
        assertEquals(140 * MS, TcpHarness.deadline(k.c), "40 ms delayed ACK");
        h.advance(140 * MS - 1);
        h.expectNothing();
        h.advance(140 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
    }

    @Test
    void secondFullSegmentIsAcknowledgedAtOnce() throws Exception {
        // RFC 5681 §4.2: an ACK for at least every second full-sized segment.
        TcpHarness.Conn k = h.established();
        k.send(data(MSS), 100 * MS);
        h.expectNothing();
        k.send(data(MSS), 110 * MS);
        TcpRepr ack = h.takeAt(110 * MS);
        assertEquals(k.iss + 1 + 0, ack.seq());
        assertEquals(k.peerSeq, ack.ack());
        h.advance(200 * MS);
        h.expectNothing();   // the delayed ACK is cancelled by the ACK sent
    }

    @Test
    void twoFullSegmentsInOneBurstGetOneAck() throws Exception {
        TcpHarness.Conn k = h.established();
        TcpRepr a = k.seg(ACK, data(MSS));
        k.peerSeq += MSS;
        TcpRepr b = k.seg(ACK | PSH, data(MSS));
        k.peerSeq += MSS;
        h.burst(100 * MS, a, b);
        k.expectAck(k.iss + 1, k.peerSeq);
        h.expectNothing();
    }

    @Test
    void smallSegmentIsAcknowledgedByTheDelayedAck() throws Exception {
        TcpHarness.Conn k = h.established();
        k.send(data(10), 100 * MS);
        h.expectNothing();
        h.advance(140 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
    }

    @Test
    void dataToSendCarriesThePendingAck() throws Exception {
        TcpHarness.Conn k = h.established();
        k.send(data(10), 100 * MS);
        k.c.write(data(5), 0, 5, 110 * MS);
        TcpRepr s = h.takeAt(110 * MS);
        assertEquals(k.peerSeq, s.ack(), "the data segment acknowledges what arrived");
        assertEquals(Long.MAX_VALUE, k.c.delayedAckAt);
        h.advance(200 * MS);
        h.expectNothing();
    }

    @Test
    void outOfOrderSegmentIsAnsweredByAnImmediateDuplicateAckAndFillingTheHoleToo() throws Exception {
        TcpHarness.Conn k = h.established();
        int start = k.peerSeq;
        // B's first segment is lost; the second arrives: a duplicate ACK for the hole at once.
        k.peerSeq = start + 100;
        k.send(data(100), 100 * MS);
        k.expectAck(k.iss + 1, start);
        k.peerSeq = start + 200;
        k.send(data(100), 101 * MS);
        k.expectAck(k.iss + 1, start);
        // The hole fills: an immediate ACK for everything (RFC 5681 §4.2).
        k.peerSeq = start;
        k.send(data(100), 102 * MS);
        k.expectAck(k.iss + 1, start + 300);
        h.expectNothing();
        byte[] b = new byte[400];
        assertEquals(300, k.c.read(b, 0, 400, 103 * MS));
        byte[] expected = new byte[300];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(data(100), 0, expected, 100 * i, 100);
        }
        assertArrayEquals(expected, java.util.Arrays.copyOf(b, 300));
    }

    @Test
    void retransmittedOldSegmentIsAnsweredAtOnce() throws Exception {
        // RFC 9293 §3.10.7.4, first check: a segment entirely below RCV.NXT is unacceptable: ACK it.
        TcpHarness.Conn k = h.established();
        k.send(data(100), 100 * MS);
        h.advance(140 * MS);
        h.take();
        k.peerSeq -= 100;
        k.send(data(100), 150 * MS);
        k.expectAck(k.iss + 1, k.peerSeq);
    }
}
