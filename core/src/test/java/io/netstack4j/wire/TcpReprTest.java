package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TcpReprTest {
    private static final int A = Ipv4Address.parse("198.51.100.1").bits();
    private static final int B = Ipv4Address.parse("198.51.100.2").bits();

    private static final TcpRepr LINUX_SYN = new TcpRepr(40000, 80, 0x1234_5678, 0, TcpPacket.SYN, 64240, 0,
            TcpRepr.Options.linuxSyn(1460, 7, 0xCAFE_F00D), new byte[0]);

    private static TcpRepr roundTrip(TcpRepr t) throws MalformedPacketException {
        byte[] b = t.emit(A, B);
        assertEquals(t.length(), b.length);
        assertEquals(0, Checksum.finish(Checksum.add(b, 0, b.length, Checksum.pseudoHeader(A, B, IpProtocol.TCP, b.length))),
                "checksum verifies");
        TcpRepr back = TcpRepr.parse(b, 0, b.length, A, B, true);
        assertEquals(t, back);
        assertEquals(t.hashCode(), back.hashCode());
        assertArrayEquals(b, back.emit(A, B));
        return back;
    }

    @Test
    void aLinuxStyleSynIsLaidOutAsLinuxDoes() throws Exception {
        byte[] b = LINUX_SYN.emit(A, B);
        assertEquals(40, LINUX_SYN.headerLen());
        String hex = HexFormat.of().formatHex(b);
        // Data offset 10 and SYN; then MSS, SACK_PERM, TS, NOP, WS.
        assertEquals("a002", hex.substring(24, 28));
        assertEquals("020405b4" + "0402" + "080acafef00d00000000" + "01" + "030307", hex.substring(40));
        roundTrip(LINUX_SYN);
    }

    @Test
    void everyOptionLayoutIsFourByteAlignedAndRoundTrips() throws Exception {
        for (int mss : new int[] {-1, 536}) {
            for (int ws : new int[] {-1, 0, 14}) {
                for (boolean sack : new boolean[] {false, true}) {
                    for (boolean ts : new boolean[] {false, true}) {
                        TcpRepr.Options o = new TcpRepr.Options(mss, ws, sack, ts, ts ? -2 : 0, ts ? 77 : 0);
                        assertEquals(0, o.length() % 4, o::toString);
                        TcpRepr t = new TcpRepr(1, 2, 3, 4, TcpPacket.SYN | TcpPacket.ACK, 5, 0, o, new byte[0]);
                        assertEquals(20 + o.length(), t.headerLen());
                        roundTrip(t);
                    }
                }
            }
        }
        // Without timestamps Linux writes NOP NOP SACK_PERM, then NOP WS.
        TcpRepr t = new TcpRepr(1, 2, 3, 4, TcpPacket.SYN, 5, 0, new TcpRepr.Options(-1, 2, true, false, 0, 0),
                new byte[0]);
        assertEquals("01010402" + "01030302", HexFormat.of().formatHex(t.emit(A, B), 20, 28));
    }

    @Test
    void dataFlagsUrgentAndExtremeNumbersRoundTrip() throws Exception {
        byte[] data = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TcpRepr t = new TcpRepr(65535, 0, 0xFFFF_FFFF, 0x8000_0000, 0xFF, 65535, 65535,
                TcpRepr.Options.timestamps(1, 0xFFFF_FFFF), data);
        TcpRepr back = roundTrip(t);
        assertEquals(data.length, back.payload().length);
        assertEquals(data.length + 2, back.segmentLength(), "SYN and FIN count in SEG.LEN");
        assertTrue(back.has(TcpPacket.SYN | TcpPacket.FIN));
        roundTrip(TcpRepr.of(80, 40000, 7, 8, TcpPacket.ACK, 0, new byte[1]));   // an odd length
    }

    @Test
    void parseReadsAtAnOffsetAndCopiesThePayload() throws Exception {
        TcpRepr t = TcpRepr.of(80, 40000, 1, 2, TcpPacket.ACK | TcpPacket.PSH, 100, new byte[] {9, 8, 7});
        byte[] framed = new byte[50 + t.length()];
        assertEquals(t.length(), t.emit(framed, 30, A, B));
        TcpRepr back = TcpRepr.parse(framed, 30, t.length(), A, B, true);
        assertEquals(t, back);
        framed[30 + 20] = 0;
        assertEquals(9, back.payload()[0]);
    }

    @Test
    void malformedSegmentsAreRejectedWithAReason() {
        byte[] b = LINUX_SYN.emit(A, B);
        assertReason(DropReason.TRUNCATED, () -> TcpRepr.parse(b, 0, 19, A, B, false));
        byte[] low = b.clone();
        low[12] = 0x40;
        assertReason(DropReason.TCP_BAD_DATA_OFFSET, () -> TcpRepr.parse(low, 0, low.length, A, B, false));
        assertReason(DropReason.TCP_BAD_DATA_OFFSET, () -> TcpRepr.parse(b, 0, 39, A, B, false));
        assertReason(DropReason.BAD_CHECKSUM, () -> TcpRepr.parse(b, 0, b.length, A, B + 1, true));
        byte[] badOption = b.clone();
        badOption[21] = 5;                  // MSS of length 5
        assertReason(DropReason.TCP_BAD_OPTION, () -> TcpRepr.parse(badOption, 0, badOption.length, A, B, false));
        assertReason(DropReason.BAD_CHECKSUM, () -> TcpRepr.parse(badOption, 0, badOption.length, A, B, true));
    }

    @Test
    void aWindowScaleAboveFourteenIsReadAsFourteen() throws Exception {
        TcpRepr t = new TcpRepr(1, 2, 3, 0, TcpPacket.SYN, 5, 0, new TcpRepr.Options(-1, 15, false, false, 0, 0),
                new byte[0]);
        byte[] b = t.emit(A, B);
        assertEquals(15, b[23]);
        assertEquals(14, TcpRepr.parse(b, 0, b.length, A, B, true).options().windowScale());
    }

    @Test
    void equalityLooksIntoThePayload() {
        TcpRepr a = TcpRepr.of(1, 2, 3, 4, TcpPacket.ACK, 5, new byte[] {1, 2});
        TcpRepr same = TcpRepr.of(1, 2, 3, 4, TcpPacket.ACK, 5, new byte[] {1, 2});
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, TcpRepr.of(1, 2, 3, 4, TcpPacket.ACK, 5, new byte[] {1, 3}));
        assertNotEquals(a, TcpRepr.of(1, 2, 3, 4, TcpPacket.ACK, 6, new byte[] {1, 2}));
        assertEquals("TcpRepr[40000 > 80, flags=SYN, seq=305419896, ack=0, window=64240, urgent=0,"
                + " options=[mss 1460,sackOK,TS val 3405705229 ecr 0,wscale 7], payload=0 bytes ]", LINUX_SYN.toString());
        assertEquals("[]", TcpRepr.Options.NONE.toString());
    }

    @Test
    void constructorChecksRanges() {
        byte[] none = new byte[0];
        assertThrows(IllegalArgumentException.class, () -> TcpRepr.of(65536, 1, 0, 0, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpRepr.of(1, -1, 0, 0, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpRepr.of(1, 1, 0, 0, 0x100, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpRepr.of(1, 1, 0, 0, 0, 65536, none));
        assertThrows(IllegalArgumentException.class, () -> new TcpRepr(1, 1, 0, 0, 0, 0, 65536, TcpRepr.Options.NONE, none));
        assertThrows(NullPointerException.class, () -> TcpRepr.of(1, 1, 0, 0, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> TcpRepr.Options.mss(70000));
        assertThrows(IllegalArgumentException.class, () -> new TcpRepr.Options(-1, 256, false, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TcpRepr.Options(-1, -1, false, false, 1, 0));
    }

    private interface Parse {
        Object run() throws MalformedPacketException;
    }

    private static void assertReason(DropReason reason, Parse p) {
        assertEquals(reason, assertThrows(MalformedPacketException.class, p::run).reason());
    }
}
