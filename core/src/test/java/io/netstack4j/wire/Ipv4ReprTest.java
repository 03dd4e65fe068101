package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ipv4ReprTest {
    private static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address B = Ipv4Address.parse("203.0.113.7");
    /** The golden echo request's header (Linux, DF, id 0x8d60, 64 bytes of ICMP). */
    private static final String GOLDEN = "4500 0054 8d60 4000 4001 58de c633 6401 c633 6402";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A packet: header + payload of {@code payload} bytes, checksum correct. */
    private static byte[] packet(Ipv4Repr ip) {
        byte[] b = new byte[ip.totalLength()];
        ip.emit(b, 0);
        return b;
    }

    /** Rewrites the header checksum after a test tampered with the header. */
    private static void fixChecksum(byte[] b, int headerLength) {
        b[10] = 0;
        b[11] = 0;
        int c = Checksum.compute(b, 0, headerLength);
        b[10] = (byte) (c >>> 8);
        b[11] = (byte) c;
    }

    private static DropReason reasonOf(byte[] b, int len) {
        return assertThrows(MalformedPacketException.class, () -> Ipv4Repr.parse(b, 0, len)).reason();
    }

    @Test
    void parsesAKernelHeader() throws Exception {
        byte[] b = Arrays.copyOf(hex(GOLDEN), 84);
        Ipv4Repr ip = Ipv4Repr.parse(b, 0, b.length);
        assertEquals(new Ipv4Repr(Ipv4Address.parse("198.51.100.1"), Ipv4Address.parse("198.51.100.2"),
                IpProtocol.ICMP, 64, 0, 0x8d60, true, false, 0, 20, 84), ip);
        assertEquals(64, ip.payloadLength());
        assertFalse(ip.isFragment());
        byte[] out = new byte[20];
        ip.emit(out, 0);
        assertArrayEquals(hex(GOLDEN), out);
    }

    @Test
    void roundTripsEveryField() throws Exception {
        Ipv4Repr ip = new Ipv4Repr(A, B, IpProtocol.UDP, 1, 0xB9, 0xFFFF, false, true, 65528, 20, 40);
        byte[] b = new byte[7 + 40];
        ip.emit(b, 7);
        assertEquals(ip, Ipv4Repr.parse(b, 7, 40));
        assertEquals(0, Checksum.compute(b, 7, 20));
    }

    @Test
    void ofAndWithFragment() throws Exception {
        Ipv4Repr ip = Ipv4Repr.of(A, B, IpProtocol.ICMP, 64, 12, false, 3008);
        assertEquals(20, ip.headerLength());
        assertEquals(3028, ip.totalLength());
        assertFalse(ip.isFragment());
        Ipv4Repr middle = ip.withFragment(1480, true, 1480);
        assertEquals(1500, middle.totalLength());
        assertTrue(middle.isFragment());
        assertEquals(12, middle.identification());
        assertEquals(middle, Ipv4Repr.parse(packet(middle), 0, 1500));
        Ipv4Repr first = ip.withFragment(0, true, 1480);
        assertTrue(first.isFragment(), "the first fragment is a fragment too");
        Ipv4Repr last = ip.withFragment(2960, false, 48);
        assertTrue(last.isFragment());
        byte[] b = packet(last);
        assertEquals(0x01, b[6]);          // offset 2960 / 8 = 370 = 0x172
        assertEquals(0x72, b[7] & 0xFF);
    }

    @Test
    void flagsAreEncodedWhereRfc791PutsThem() {
        byte[] df = packet(Ipv4Repr.of(A, B, 6, 64, 1, true, 0));
        assertEquals(0x40, df[6] & 0xFF);
        byte[] mf = packet(Ipv4Repr.of(A, B, 6, 64, 1, false, 8).withFragment(8, true, 8));
        assertEquals(0x20, mf[6] & 0xFF);
        assertEquals(0x01, mf[7] & 0xFF);
    }

    @Test
    void optionsAreSkippedByIhl() throws Exception {
        // IHL 6: one 4-byte option (here four NOPs), then 4 bytes of payload.
        byte[] b = new byte[28];
        b[0] = 0x46;
        b[2] = 0;
        b[3] = 28;
        b[8] = 64;
        b[9] = (byte) IpProtocol.UDP;
        A.write(b, 12);
        B.write(b, 16);
        Arrays.fill(b, 20, 24, (byte) 1);
        fixChecksum(b, 24);
        Ipv4Repr ip = Ipv4Repr.parse(b, 0, b.length);
        assertEquals(24, ip.headerLength());
        assertEquals(4, ip.payloadLength());
        assertThrows(IllegalStateException.class, () -> ip.emit(new byte[28], 0), "options are never emitted");
    }

    @Test
    void trailingPaddingIsIgnored() throws Exception {
        Ipv4Repr ip = Ipv4Repr.of(A, B, IpProtocol.ICMP, 64, 1, false, 8);
        byte[] b = Arrays.copyOf(packet(ip), 46);   // Ethernet pads to 46 bytes of payload
        b[40] = 0x55;
        assertEquals(ip, Ipv4Repr.parse(b, 0, b.length));
    }

    @Test
    void rejectsTruncated() {
        byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 100));
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 19));
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 0));
        assertEquals(DropReason.TRUNCATED, reasonOf(b, 119), "total length 120 beyond 119 bytes");
    }

    @Test
    void rejectsBadVersion() {
        for (int version : new int[] {0, 6, 15}) {
            byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 0));
            b[0] = (byte) (version << 4 | 5);
            fixChecksum(b, 20);
            assertEquals(DropReason.BAD_VERSION, reasonOf(b, b.length), "version " + version);
        }
    }

    @Test
    void rejectsBadHeaderLength() {
        for (int ihl = 0; ihl < 5; ihl++) {
            byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 40));
            b[0] = (byte) (0x40 | ihl);
            assertEquals(DropReason.BAD_HEADER_LENGTH, reasonOf(b, b.length), "IHL " + ihl);
        }
        byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 4));
        b[0] = 0x47;    // 28-byte header in a 24-byte packet
        assertEquals(DropReason.BAD_HEADER_LENGTH, reasonOf(b, b.length));
    }

    @Test
    void rejectsTotalLengthBelowHeaderLength() {
        byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 20));
        b[2] = 0;
        b[3] = 19;
        fixChecksum(b, 20);
        assertEquals(DropReason.BAD_LENGTH, reasonOf(b, b.length));
        byte[] c = new byte[40];
        c[0] = 0x46;
        c[3] = 20;   // 20 < 24-byte header
        fixChecksum(c, 24);
        assertEquals(DropReason.BAD_LENGTH, reasonOf(c, c.length));
    }

    @Test
    void rejectsBadChecksum() {
        byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 20));
        b[8] = 63;   // TTL changed without updating the checksum
        assertEquals(DropReason.BAD_CHECKSUM, reasonOf(b, b.length));
        byte[] c = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 20));
        c[11] ^= 1;
        assertEquals(DropReason.BAD_CHECKSUM, reasonOf(c, c.length));
    }

    @Test
    void payloadBytesAreNotPartOfTheHeaderChecksum() throws Exception {
        byte[] b = packet(Ipv4Repr.of(A, B, 17, 64, 1, false, 20));
        b[30] = 0x7F;
        Ipv4Repr.parse(b, 0, b.length);
    }

    @Test
    void constructorChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 256, 64, 0, 0, false, false, 0, 20, 20));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 256, 0, 0, false, false, 0, 20, 20));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 64, 0, 0x10000, false, false, 0, 20, 20));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 64, 0, 0, false, false, 4, 20, 20));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 64, 0, 0, false, false, 65536, 20, 20));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 64, 0, 0, false, false, 0, 22, 22));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(A, B, 1, 64, 0, 0, false, false, 0, 20, 19));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.of(A, B, 1, 64, 0, false, 65516));
    }
}
