package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ArpReprTest {
    // RFC 826 request: Ethernet(1), IPv4(0x0800), hlen 6, plen 4, op 1; sha, spa, tha (zero), tpa.
    private static final String REQUEST = "0001 0800 06 04 0001 020000004701 c6336401 000000000000 c6336402";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static DropReason reasonOf(byte[] b, int len) {
        return assertThrows(MalformedPacketException.class, () -> ArpRepr.parse(b, 0, len)).reason();
    }

    @Test
    void parsesAndEmitsARequest() throws Exception {
        byte[] b = hex(REQUEST);
        ArpRepr arp = ArpRepr.parse(b, 0, b.length);
        assertEquals(new ArpRepr(ArpRepr.REQUEST, MacAddress.parse("02:00:00:00:47:01"),
                Ipv4Address.parse("198.51.100.1"), MacAddress.ZERO, Ipv4Address.parse("198.51.100.2")), arp);
        byte[] out = new byte[ArpRepr.LEN];
        arp.emit(out, 0);
        assertArrayEquals(b, out);
    }

    @Test
    void replyRoundTripsAtAnOffsetWithPadding() throws Exception {
        ArpRepr reply = new ArpRepr(ArpRepr.REPLY, MacAddress.parse("02:00:00:00:47:02"),
                Ipv4Address.parse("198.51.100.2"), MacAddress.parse("02:00:00:00:47:01"),
                Ipv4Address.parse("198.51.100.1"));
        byte[] b = new byte[3 + 46];   // padded to the Ethernet minimum payload
        reply.emit(b, 3);
        assertEquals(reply, ArpRepr.parse(b, 3, b.length - 3));
        assertEquals(2, b[3 + 7]);
    }

    @Test
    void rejectsTruncated() {
        byte[] b = hex(REQUEST);
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 27));
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 7));
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 0));
    }

    @Test
    void rejectsOtherHardwareProtocolOrLengths() {
        byte[] htype = hex(REQUEST);
        htype[1] = 6;   // IEEE 802
        assertEquals(DropReason.UNSUPPORTED, reasonOf(htype, htype.length));
        byte[] ptype = hex(REQUEST);
        ptype[2] = (byte) 0x86;
        ptype[3] = (byte) 0xDD;
        assertEquals(DropReason.UNSUPPORTED, reasonOf(ptype, ptype.length));
        byte[] hlen = hex(REQUEST);
        hlen[4] = 8;
        assertEquals(DropReason.UNSUPPORTED, reasonOf(hlen, hlen.length));
        byte[] plen = hex(REQUEST);
        plen[5] = 16;
        assertEquals(DropReason.UNSUPPORTED, reasonOf(plen, plen.length));
    }

    @Test
    void rejectsOtherOperations() {
        for (int op : new int[] {0, 3, 4, 8, 0x0101}) {   // RARP (3, 4), InARP (8), ...
            byte[] b = hex(REQUEST);
            b[6] = (byte) (op >>> 8);
            b[7] = (byte) op;
            assertEquals(DropReason.UNSUPPORTED, reasonOf(b, b.length), "op " + op);
        }
    }

    @Test
    void constructorRejectsBadOperation() {
        assertThrows(IllegalArgumentException.class, () -> new ArpRepr(3, MacAddress.ZERO, Ipv4Address.ANY,
                MacAddress.ZERO, Ipv4Address.ANY));
    }
}
