package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Option parsing (RFC 9293 §3.1 "Options", §3.2; RFC 7323; RFC 2018). */
class TcpOptionsTest {
    /** A 20-byte header (offset set to fit) followed by the option bytes given in hex, padded to 4. */
    private static byte[] segment(String optionsHex) {
        byte[] opts = HexFormat.of().parseHex(optionsHex);
        int hl = 20 + (opts.length + 3) / 4 * 4;
        byte[] b = new byte[hl];
        TcpPacket.emit(b, 0, 1, 2, 3, 4, TcpPacket.SYN, 5, 0);
        b[12] = (byte) (hl / 4 << 4);
        System.arraycopy(opts, 0, b, 20, opts.length);
        return b;
    }

    private static TcpOptions parse(String optionsHex) {
        TcpOptions o = new TcpOptions();
        assertNull(o.parse(segment(optionsHex), 0), optionsHex);
        return o;
    }

    private static DropReason reason(String optionsHex) {
        return new TcpOptions().parse(segment(optionsHex), 0);
    }

    @Test
    void aLinuxSynOptionBlock() {
        // MSS 1460, SACK_PERM, TS val 0x01020304 ecr 0, NOP, WS 7: 20 bytes, as Linux sends it.
        TcpOptions o = parse("020405b4" + "0402" + "080a0102030400000000" + "01" + "030307");
        assertEquals(1460, o.mss);
        assertTrue(o.sackPermitted);
        assertTrue(o.timestamps);
        assertEquals(0x01020304, o.tsVal);
        assertEquals(0, o.tsEcr);
        assertEquals(7, o.windowScale);
    }

    @Test
    void noOptionsLeavesEverythingAbsent() {
        TcpOptions o = parse("");
        assertEquals(-1, o.mss);
        assertEquals(-1, o.windowScale);
        assertFalse(o.sackPermitted);
        assertFalse(o.timestamps);
    }

    @Test
    void aParseClearsWhatTheLastOneFound() {
        TcpOptions o = parse("020405b4" + "0402" + "080a0102030400000009" + "01" + "030307");
        assertNull(o.parse(segment("01010101"), 0));
        assertEquals(-1, o.mss);
        assertEquals(-1, o.windowScale);
        assertFalse(o.sackPermitted);
        assertFalse(o.timestamps);
        assertEquals(0, o.tsVal);
        assertEquals(0, o.tsEcr);
    }

    @Test
    void endStopsTheList() {
        // After END the rest is padding, whatever it holds: a bad option there is not read.
        TcpOptions o = parse("020405b4" + "00" + "02ff0000");
        assertEquals(1460, o.mss);
        assertEquals(-1, parse("00" + "020405b4").mss);
    }

    @Test
    void nopsAreSkipped() {
        TcpOptions o = parse("0101" + "080a" + "ffffffff" + "80000000" + "01" + "030300");
        assertTrue(o.timestamps);
        assertEquals(0xFFFF_FFFF, o.tsVal);
        assertEquals(0x8000_0000, o.tsEcr);
        assertEquals(0, o.windowScale);
    }

    @Test
    void unknownKindsAndSackBlocksAreSkippedByTheirLength() {
        TcpOptions o = parse("fe06aabbccdd" + "0101" + "050a0000000100000002" + "0101" + "020405b4");
        assertEquals(1460, o.mss);
        assertEquals(-1, parse("fe02").mss);   // an unknown option of length 2: nothing but kind and length
    }

    @Test
    void badLengthsAreRejected() {
        assertEquals(DropReason.TCP_BAD_OPTION, reason("fe00"), "length 0");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("fe01"), "length 1");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("020005b4"), "MSS of length 0 (would loop)");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("010101" + "02"), "kind in the last byte, no length");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("0101" + "fe08aabb"), "runs past the header");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("0101" + "050a00000001"), "SACK past the header");
    }

    @Test
    void knownKindsWithTheWrongLengthAreRejected() {
        assertEquals(DropReason.TCP_BAD_OPTION, reason("0203" + "05" + "01"), "MSS of length 3");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("020505b400" + "010101"), "MSS of length 5");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("030207" + "01"), "WS of length 2");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("03040700"), "WS of length 4");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("040300" + "01"), "SACK_PERM of length 3");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("0101" + "0809" + "0000000000000000"), "TS of length 9");
        assertEquals(DropReason.TCP_BAD_OPTION, reason("080b" + "000000000000000000" + "0101"), "TS of length 11");
    }

    @Test
    void windowScaleAboveFourteenIsClampedToFourteen() {
        // RFC 7323 §2.3: a shift count over 14 is used as 14.
        assertEquals(14, parse("01" + "03030e").windowScale);
        assertEquals(14, parse("01" + "03030f").windowScale);
        assertEquals(14, parse("01" + "0303ff").windowScale);
        assertEquals(13, parse("01" + "03030d").windowScale);
    }

    @Test
    void theFullFortyBytesOfOptionsAreRead() {
        // Data offset 15: 40 bytes of options, the MSS in the last four.
        TcpOptions o = parse("01".repeat(36) + "020405b4");
        assertEquals(1460, o.mss);
    }
}
