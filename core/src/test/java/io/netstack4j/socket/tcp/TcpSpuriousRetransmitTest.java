package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.B;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fast retransmission that reordering caused, undone (RFC 3522's detection by timestamps, RFC
 * 4015's response): the ACK that covers the retransmitted segment echoes the TSval of the original,
 * so the original had arrived; the window and threshold from before come back.
 */
class TcpSpuriousRetransmitTest {
    private final TcpHarness h = new TcpHarness();

    /** A connection with timestamps on, ten segments sent at t = 20 ms; returns A's TSval on them. */
    private int[] open(TcpConnection c) throws Exception {
        c.connect(B, 5000, 0);
        TcpRepr syn = h.take();
        assertTrue(syn.options().timestamps(), "our SYN offers timestamps");
        int iss = syn.seq();
        h.in(new TcpRepr(5000, syn.sourcePort(), 1000, iss + 1, SYN | ACK, 65535, 0,
                new TcpRepr.Options(1460, -1, false, true, 777, syn.options().tsVal()), new byte[0]), 10 * MS);
        h.take();   // the handshake's ACK
        assertTrue(c.tsOk);
        byte[] data = TcpHarness.data(10 * 1448);
        c.write(data, 0, data.length, 20 * MS);
        int tsVal = 0;
        for (int i = 0; i < 10; i++) {
            TcpRepr s = h.take();
            assertEquals(1448, s.payload().length);
            tsVal = s.options().tsVal();
        }
        return new int[] {iss + 1, tsVal, syn.sourcePort()};
    }

    private TcpRepr ackFromB(int port, int ack, int tsEcr) {
        return new TcpRepr(5000, port, 1001, ack, ACK, 65535, 0, TcpRepr.Options.timestamps(800, tsEcr), new byte[0]);
    }

    private long[] threeDuplicatesAndTheRetransmission(TcpConnection c, int[] o) {
        int una = o[0];
        h.in(ackFromB(o[2], una + 1448, o[1]), 30 * MS);   // segment 1 acknowledged
        h.takeAll();
        long cwnd = c.cc.cwnd();
        long ssthresh = c.cc.ssthresh();
        for (int i = 0; i < 3; i++) {   // segment 2 is late: three duplicate ACKs
            h.in(ackFromB(o[2], una + 1448, o[1]), (31 + i) * MS);
        }
        TcpRepr again = h.takeAll().stream().filter(s -> s.seq() == una + 1448).findFirst().orElseThrow();
        assertEquals(1448, again.payload().length, "the fast retransmission");
        assertTrue(again.options().tsVal() - o[1] > 0, "sent in a later millisecond than the original");
        assertTrue(c.cc.cwnd() < cwnd, "the window was cut");
        return new long[] {cwnd, ssthresh, again.options().tsVal()};
    }

    @Test
    void theOriginalArrivedSoTheCutIsUndone() throws Exception {
        TcpConnection c = h.tcp.open();
        int[] o = open(c);
        long[] before = threeDuplicatesAndTheRetransmission(c, o);
        // The late original fills the hole: B's ACK echoes the original's TSval, below the retransmission's.
        h.in(ackFromB(o[2], o[0] + 10 * 1448, o[1]), 40 * MS);
        assertEquals(1, h.tcp.stats().spuriousRetransUndone);
        assertTrue(c.cc.cwnd() >= before[0], "window back: " + c.cc.cwnd() + " vs " + before[0]);
        assertEquals(before[1], c.cc.ssthresh(), "threshold back");
    }

    @Test
    void theRetransmissionWasNeededSoTheCutStands() throws Exception {
        TcpConnection c = h.tcp.open();
        int[] o = open(c);
        long[] before = threeDuplicatesAndTheRetransmission(c, o);
        // The retransmission filled the hole: B echoes its TSval.
        h.in(ackFromB(o[2], o[0] + 10 * 1448, (int) before[2]), 40 * MS);
        assertEquals(0, h.tcp.stats().spuriousRetransUndone);
        assertTrue(c.cc.ssthresh() < before[1], "threshold stays cut");
    }
}
