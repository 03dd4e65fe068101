package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpReprTest {
    private static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address B = Ipv4Address.parse("198.51.100.2");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] emit(IcmpRepr m) {
        byte[] b = new byte[m.length()];
        m.emit(b, 0);
        return b;
    }

    private static IcmpRepr roundTrip(IcmpRepr m) throws MalformedPacketException {
        byte[] b = new byte[m.length() + 3];
        m.emit(b, 3);
        assertEquals(0, Checksum.compute(b, 3, m.length()), "emitted checksum verifies");
        IcmpRepr back = IcmpRepr.parse(b, 3, m.length());
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        return back;
    }

    /** An original datagram as an ICMP error quotes it: IPv4 header + 8 bytes (a UDP header). */
    private static byte[] quotedUdp() {
        byte[] q = new byte[28];
        Ipv4Repr.of(A, B, IpProtocol.UDP, 64, 99, false, 8).emit(q, 0);
        q[20] = (byte) 0x9C;
        q[21] = 0x40;
        q[23] = 53;
        return q;
    }

    @Test
    void echoRequestMatchesRfc792Layout() throws Exception {
        byte[] data = "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = emit(new IcmpRepr.EchoRequest(0x1234, 0x0102, data));
        assertEquals(8, b[0]);
        assertEquals(0, b[1]);
        assertArrayEquals(hex("1234 0102"), Arrays.copyOfRange(b, 4, 8));
        assertArrayEquals(data, Arrays.copyOfRange(b, 8, 16));
        assertEquals(0, Checksum.compute(b, 0, b.length));
        assertEquals(new IcmpRepr.EchoRequest(0x1234, 0x0102, data), IcmpRepr.parse(b, 0, b.length));
    }

    @Test
    void echoRoundTrips() throws Exception {
        roundTrip(new IcmpRepr.EchoRequest(7, 3, new byte[] {1, 2, 3}));   // odd length
        roundTrip(new IcmpRepr.EchoReply(0xFFFF, 0xFFFF, new byte[0]));
        roundTrip(new IcmpRepr.EchoRequest(0, 0, new byte[3000]));
        IcmpRepr.EchoRequest req = new IcmpRepr.EchoRequest(9, 10, new byte[] {5});
        assertEquals(new IcmpRepr.EchoReply(9, 10, new byte[] {5}), req.reply());
        assertEquals(IcmpRepr.TYPE_ECHO_REPLY, req.reply().type());
    }

    @Test
    void destinationUnreachableRoundTrips() throws Exception {
        IcmpRepr.DestinationUnreachable port = new IcmpRepr.DestinationUnreachable(
                IcmpRepr.CODE_PORT_UNREACHABLE, 0, quotedUdp());
        roundTrip(port);
        byte[] b = emit(port);
        assertEquals(3, b[0]);
        assertEquals(3, b[1]);
        assertArrayEquals(new byte[4], Arrays.copyOfRange(b, 4, 8), "unused, zero");
        assertArrayEquals(quotedUdp(), Arrays.copyOfRange(b, 8, b.length));
    }

    @Test
    void fragmentationNeededCarriesTheNextHopMtu() throws Exception {
        // RFC 1191 §4: type 3 code 4, 16 unused bits, then the next-hop MTU.
        IcmpRepr m = new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_FRAGMENTATION_NEEDED, 1400, quotedUdp());
        byte[] b = emit(m);
        assertArrayEquals(hex("0000 0578"), Arrays.copyOfRange(b, 4, 8));
        var parsed = assertInstanceOf(IcmpRepr.DestinationUnreachable.class, roundTrip(m));
        assertEquals(1400, parsed.nextHopMtu());
    }

    @Test
    void unusedBytesAreIgnoredOnInput() throws Exception {
        byte[] b = emit(new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_HOST_UNREACHABLE, 0, quotedUdp()));
        b[4] = 0x11;   // garbage in "unused": RFC 1122 §3.2.2 says ignore it
        b[7] = 0x22;
        b[2] = 0;
        b[3] = 0;
        int c = Checksum.compute(b, 0, b.length);
        b[2] = (byte) (c >>> 8);
        b[3] = (byte) c;
        assertEquals(new IcmpRepr.DestinationUnreachable(1, 0, quotedUdp()), IcmpRepr.parse(b, 0, b.length));
    }

    @Test
    void timeExceededRoundTrips() throws Exception {
        roundTrip(new IcmpRepr.TimeExceeded(IcmpRepr.CODE_TTL_EXCEEDED, quotedUdp()));
        roundTrip(new IcmpRepr.TimeExceeded(IcmpRepr.CODE_REASSEMBLY_TIME_EXCEEDED, quotedUdp()));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.TimeExceeded(2, new byte[0]));
    }

    @Test
    void otherTypesAreKeptAsTheyCame() throws Exception {
        // Timestamp request (type 13), a redirect (5), and an echo request with a non-zero code.
        roundTrip(new IcmpRepr.Other(13, 0, 0x00070001, new byte[12]));
        roundTrip(new IcmpRepr.Other(IcmpRepr.TYPE_REDIRECT, 1, 0xC6336401, quotedUdp()));
        IcmpRepr odd = roundTrip(new IcmpRepr.Other(IcmpRepr.TYPE_ECHO_REQUEST, 1, 0x00010002, new byte[2]));
        assertInstanceOf(IcmpRepr.Other.class, odd);
        assertInstanceOf(IcmpRepr.Other.class, roundTrip(new IcmpRepr.Other(11, 5, 0, new byte[0])));
    }

    @Test
    void rejectsTruncated() {
        byte[] b = emit(new IcmpRepr.EchoRequest(1, 1, new byte[0]));
        for (int len = 0; len < 8; len++) {
            int n = len;
            assertEquals(DropReason.TRUNCATED,
                    assertThrows(MalformedPacketException.class, () -> IcmpRepr.parse(b, 0, n)).reason());
        }
    }

    @Test
    void rejectsBadChecksum() {
        byte[] b = emit(new IcmpRepr.EchoRequest(1, 1, new byte[] {1, 2, 3, 4}));
        b[9] ^= 0x40;
        assertEquals(DropReason.BAD_CHECKSUM,
                assertThrows(MalformedPacketException.class, () -> IcmpRepr.parse(b, 0, b.length)).reason());
        byte[] c = emit(new IcmpRepr.EchoRequest(1, 1, new byte[] {1, 2, 3, 4}));
        // The checksum covers exactly len bytes: a truncated message does not verify.
        assertEquals(DropReason.BAD_CHECKSUM,
                assertThrows(MalformedPacketException.class, () -> IcmpRepr.parse(c, 0, c.length - 1)).reason());
    }

    @Test
    void recordsCompareContents() {
        var x = new IcmpRepr.EchoReply(1, 2, new byte[] {1, 2});
        var y = new IcmpRepr.EchoReply(1, 2, new byte[] {1, 2});
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertNotEquals(x, new IcmpRepr.EchoReply(1, 2, new byte[] {1, 3}));
        assertNotEquals(new IcmpRepr.EchoRequest(1, 2, new byte[0]), new IcmpRepr.EchoReply(1, 2, new byte[0]));
        assertTrue(x.toString().contains("0102"), x::toString);
    }

    @Test
    void errorTypes() {
        for (int t = 0; t < 256; t++) {
            boolean expected = t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
            assertEquals(expected, IcmpRepr.isError(t), "type " + t);
        }
        assertFalse(IcmpRepr.isError(IcmpRepr.TYPE_ECHO_REQUEST));
    }

    @Test
    void constructorsCheckRanges() {
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.EchoRequest(0x10000, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.EchoReply(0, -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.DestinationUnreachable(4, 0x10000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.Other(256, 0, 0, new byte[0]));
        assertThrows(NullPointerException.class, () -> new IcmpRepr.EchoRequest(0, 0, null));
    }
}
