package io.netstack4j.socket.tcp;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.TcpPacket;
import io.netstack4j.wire.TcpRepr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.netstack4j.socket.tcp.TcpHarness.A;
import static io.netstack4j.socket.tcp.TcpHarness.ACK;
import static io.netstack4j.socket.tcp.TcpHarness.B;
import static io.netstack4j.socket.tcp.TcpHarness.FIN;
import static io.netstack4j.socket.tcp.TcpHarness.IP_B;
import static io.netstack4j.socket.tcp.TcpHarness.MS;
import static io.netstack4j.socket.tcp.TcpHarness.MSS;
import static io.netstack4j.socket.tcp.TcpHarness.PSH;
import static io.netstack4j.socket.tcp.TcpHarness.RST;
import static io.netstack4j.socket.tcp.TcpHarness.SYN;
import static io.netstack4j.socket.tcp.TcpHarness.data;
import static io.netstack4j.socket.tcp.TcpHarness.seg;
import static io.netstack4j.socket.tcp.TcpHarness.syn;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Malformed segments are dropped and counted, with nothing sent (RFC 9293 §3.1, §3.10.7); segments
 * for a closed port are reset (§3.10.7.1).
 */
class TcpBadInputTest {
    private final TcpHarness h = new TcpHarness();

    /** Emits {@code s} from B to A, lets {@code edit} change the bytes, and recomputes the checksum. */
    private static byte[] edited(TcpRepr s, java.util.function.Consumer<byte[]> edit) {
        byte[] b = s.emit(B, A);
        edit.accept(b);
        TcpPacket.finishChecksum(b, 0, b.length, B, A, false);
        return b;
    }

    /** Sends {@code bytes} to a listener on port 80 and to an established connection; both must drop it. */
    private void assertDroppedEverywhere(DropReason reason, java.util.function.Function<TcpHarness.Conn, byte[]> make)
            throws Exception {
        TcpHarness.Conn k = h.established();
        TcpConnection server = h.tcp.open();
        server.bind(0, 80);
        TcpListener l = h.tcp.listen(server, 4);
        long before = h.tcp.stats().drops().get(reason);
        long total = h.tcp.stats().drops().total();
        // To the connection:
        h.inBytes(IP_B, make.apply(k), 20 * MS);
        // To the listener (same bytes with the port changed would need another checksum: build anew).
        byte[] toListener = make.apply(k);
        toListener[2] = 0;
        toListener[3] = 80;
        fixChecksumUnlessCorrupt(reason, toListener);
        h.inBytes(IP_B, toListener, 21 * MS);
        // To a closed port:
        byte[] toClosed = make.apply(k);
        toClosed[2] = 0;
        toClosed[3] = 81;
        fixChecksumUnlessCorrupt(reason, toClosed);
        h.inBytes(IP_B, toClosed, 22 * MS);
        h.expectNothing();
        assertEquals(before + 3, h.tcp.stats().drops().get(reason), h.tcp.stats().toString());
        assertEquals(total + 3, h.tcp.stats().drops().total());
        assertEquals(TcpState.ESTABLISHED, k.state());
        assertEquals(0, k.c.readable());
        assertEquals(0, l.halfOpen());
    }

    private static void fixChecksumUnlessCorrupt(DropReason reason, byte[] b) {
        if (reason == DropReason.BAD_CHECKSUM) {
            b[16] ^= 0x55;   // any change would do; keep it wrong
        } else {
            TcpPacket.finishChecksum(b, 0, b.length, B, A, false);
        }
    }

    @Test
    void badChecksumIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.BAD_CHECKSUM, k -> {
            byte[] b = k.seg(ACK | PSH, data(10)).emit(B, A);
            b[b.length - 1] ^= 0x01;
            return b;
        });
        assertEquals(3, h.tcp.stats().inCsumErrors());
    }

    @Test
    void dataOffsetBelowFiveWordsIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.TCP_BAD_DATA_OFFSET,
                k -> edited(k.seg(ACK | PSH, data(10)), b -> b[12] = 0x40));
    }

    @Test
    void dataOffsetPastTheSegmentIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.TCP_BAD_DATA_OFFSET,
                k -> edited(k.seg(ACK, new byte[0]), b -> b[12] = (byte) 0xF0));
    }

    @Test
    void optionRunningPastTheHeaderIsDropped() throws Exception {
        // A 24-byte header whose MSS option says it is 8 bytes long.
        assertDroppedEverywhere(DropReason.TCP_BAD_OPTION, k -> edited(
                new TcpRepr(k.peerPort, k.localPort, k.peerSeq, k.peerAck, ACK, 65535, 0, TcpRepr.Options.mss(MSS),
                        data(10)), b -> b[21] = 8));
    }

    @Test
    void synWithFinIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.TCP_BAD_FLAGS, k -> k.seg(SYN | FIN, new byte[0]).emit(B, A));
    }

    @Test
    void synWithRstIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.TCP_BAD_FLAGS, k -> k.seg(SYN | RST, new byte[0]).emit(B, A));
    }

    @Test
    void segmentWithoutFlagsIsDropped() throws Exception {
        assertDroppedEverywhere(DropReason.TCP_BAD_FLAGS, k -> k.seg(0, data(5)).emit(B, A));
    }

    @Test
    void truncatedSegmentIsDropped() throws Exception {
        TcpHarness.Conn k = h.established();
        byte[] b = Arrays.copyOf(k.seg(ACK, new byte[0]).emit(B, A), 12);
        h.inBytes(IP_B, b, 20 * MS);
        h.expectNothing();
        assertEquals(1, h.tcp.stats().drops().get(DropReason.TRUNCATED));
    }

    // ---- closed ports (RFC 9293 §3.10.7.1) ----

    @Test
    void synToAClosedPortGetsRstAckWithSequenceZero() {
        h.in(syn(6000, 81, 1000, MSS, 65535), 0);
        TcpRepr rst = h.take();
        assertEquals(RST | ACK, rst.flags());
        assertEquals(0, rst.seq());
        assertEquals(1001, rst.ack(), "SEG.SEQ + SEG.LEN, the SYN counted");
        assertEquals(81, rst.sourcePort());
        assertEquals(6000, rst.destinationPort());
        assertEquals(1, h.tcp.stats().outRsts());
    }

    @Test
    void segmentWithoutAckToAClosedPortCountsDataSynAndFin() {
        h.in(seg(6000, 81, 1000, 0, SYN, 65535, data(10)), 0);
        assertEquals(1011, h.take().ack());
        h.in(seg(6000, 81, 2000, 0, FIN | PSH, 65535, data(10)), MS);
        TcpRepr rst = h.take();
        assertEquals(RST | ACK, rst.flags());
        assertEquals(2011, rst.ack());
    }

    @Test
    void segmentWithAckToAClosedPortGetsRstFromItsAck() {
        h.in(seg(6000, 81, 1000, 424242, ACK | PSH, 65535, data(10)), 0);
        TcpRepr rst = h.take();
        assertEquals(RST, rst.flags(), "<SEQ=SEG.ACK><CTL=RST>");
        assertEquals(424242, rst.seq());
        assertEquals(0, rst.window());
    }

    @Test
    void resetToAClosedPortIsNotAnswered() {
        h.in(seg(6000, 81, 1000, 0, RST, 0, new byte[0]), 0);
        h.in(seg(6000, 81, 1000, 5, RST | ACK, 0, new byte[0]), MS);
        h.expectNothing();
    }

    @Test
    void resetToAListenerIsIgnored() throws Exception {
        TcpConnection server = h.tcp.open();
        server.bind(0, 80);
        h.tcp.listen(server, 4);
        h.in(seg(6000, 80, 1000, 5, RST | ACK, 0, new byte[0]), 0);
        h.expectNothing();
        assertEquals(TcpState.LISTEN, server.state());
    }

    @Test
    void ackToAListenerIsReset() throws Exception {
        // RFC 9293 §3.10.7.2, second check: <SEQ=SEG.ACK><CTL=RST>.
        TcpConnection server = h.tcp.open();
        server.bind(0, 80);
        h.tcp.listen(server, 4);
        h.in(seg(6000, 80, 1000, 99, ACK, 65535, new byte[0]), 0);
        TcpRepr rst = h.take();
        assertEquals(RST, rst.flags());
        assertEquals(99, rst.seq());
    }
}
