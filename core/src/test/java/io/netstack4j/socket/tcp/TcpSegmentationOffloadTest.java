package io.netstack4j.socket.tcp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.MSS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segmentation offload (TSO): when the link cuts large segments up, A hands it whole MSS-sized
 * segments in one buffer — the same bytes, sequence numbers and flags the segments would carry one
 * by one, the MSS given as the size to cut to, the checksum left for the link to complete (the
 * harness completes it as a link does, then verifies it). The rules that decide what to send
 * (congestion window, peer's window, Nagle, silly-window avoidance) are unchanged.
 */
class TcpSegmentationOffloadTest {

    @Test
    void theInitialWindowGoesDownAsOneBufferOfTenSegments() throws Exception {
        TcpHarness h = new TcpHarness();
        h.offerSegmentation(65_535);
        TcpHarness.Conn k = h.established();
        long before = h.tcp.stats().outSegs();
        byte[] d = data(50_000);
        k.c.write(d, 0, d.length, 20 * MS);
        List<TcpHarness.Out> out = drain(h);
        assertEquals(1, out.size(), "one buffer for the link to cut up");
        TcpHarness.Out o = out.getFirst();
        assertEquals(MSS, o.segmentSize(), "cut to the MSS");
        assertEquals(10 * MSS, o.seg().payload().length, "RFC 6928: an initial window of ten segments");
        assertEquals(k.iss + 1, o.seg().seq());
        assertEquals(ACK, o.seg().flags(), "no PSH: more data follows");
        assertArrayEquals(java.util.Arrays.copyOf(d, 10 * MSS), o.seg().payload());
        assertEquals(10, h.tcp.stats().outSegs() - before, "counted as the ten segments the wire carries");
    }

    @Test
    void aBufferStopsAtTheWindowOnAWholeSegmentAndTheLastEndsTheDataWithPsh() throws Exception {
        TcpHarness h = new TcpHarness();
        h.offerSegmentation(65_535);
        TcpHarness.Conn k = h.established();
        int total = 30 * MSS + 100;
        byte[] d = data(total);
        k.c.write(d, 0, d.length, 20 * MS);
        int next = k.iss + 1;
        int delivered = 0;
        long t = 30 * MS;
        while (delivered < total) {
            List<TcpHarness.Out> out = drain(h);
            assertTrue(!out.isEmpty(), "something to send at " + delivered);
            for (TcpHarness.Out o : out) {
                int len = o.seg().payload().length;
                assertEquals(next, o.seg().seq(), "in order, no gap, no overlap");
                boolean last = next + len == k.iss + 1 + total;
                if (!last) {
                    assertEquals(0, len % MSS, "a buffer that does not end the data holds whole segments: " + len);
                }
                assertEquals(last ? ACK | PSH : ACK, o.seg().flags());
                assertEquals(len > MSS ? MSS : 0, o.segmentSize());
                assertArrayEquals(java.util.Arrays.copyOfRange(d, next - (k.iss + 1), next - (k.iss + 1) + len),
                        o.seg().payload());
                next += len;
                delivered += len;
            }
            k.ackUpTo(next, t);
            t += 10 * MS;
        }
        assertEquals(total, delivered);
    }

    @Test
    void aRetransmissionAfterTimeoutIsOneSegment() throws Exception {
        TcpHarness h = new TcpHarness();
        h.offerSegmentation(65_535);
        TcpHarness.Conn k = h.established();
        k.c.write(data(20_000), 0, 20_000, 20 * MS);
        TcpHarness.Out first = drain(h).getFirst();
        assertEquals(10 * MSS, first.seg().payload().length);
        h.advance(k.c.rtoAt);
        List<TcpHarness.Out> again = drain(h);
        assertEquals(1, again.size());
        assertEquals(k.iss + 1, again.getFirst().seg().seq());
        assertEquals(MSS, again.getFirst().seg().payload().length, "RFC 5681 §3.1: cwnd is one segment after a timeout");
        assertEquals(0, again.getFirst().segmentSize(), "one segment needs no cutting");
    }

    @Test
    void withoutTheOffloadEverySegmentIsOneMss() throws Exception {
        TcpHarness h = new TcpHarness();
        TcpHarness.Conn k = h.established();
        k.c.write(data(50_000), 0, 50_000, 20 * MS);
        List<TcpHarness.Out> out = drain(h);
        assertEquals(10, out.size());
        for (TcpHarness.Out o : out) {
            assertEquals(MSS, o.seg().payload().length);
            assertEquals(0, o.segmentSize());
        }
    }

    @Test
    void aSmallerOffloadLimitGivesSmallerBuffers() throws Exception {
        TcpHarness h = new TcpHarness();
        h.offerSegmentation(3 * MSS + 40 + 100);   // room for three segments and their headers
        TcpHarness.Conn k = h.established();
        k.c.write(data(50_000), 0, 50_000, 20 * MS);
        List<TcpHarness.Out> out = drain(h);
        assertEquals(List.of(3 * MSS, 3 * MSS, 3 * MSS, MSS),
                out.stream().map(o -> o.seg().payload().length).toList());
    }

    private static List<TcpHarness.Out> drain(TcpHarness h) {
        List<TcpHarness.Out> out = new java.util.ArrayList<>();
        while (h.pending() > 0) {
            out.add(h.takeOut());
        }
        return out;
    }
}
