package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UdpReprTest {
    private static final Ipv4Address A = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address B = Ipv4Address.parse("198.51.100.2");

    /** A datagram of 8 + payload octets, emitted from A to B. */
    private static byte[] datagram(UdpRepr udp, byte[] payload) {
        byte[] b = new byte[udp.length()];
        System.arraycopy(payload, 0, b, UdpRepr.HEADER_LEN, payload.length);
        udp.emit(b, 0, A, B);
        return b;
    }

    @Test
    void emitsTheHeaderAndAChecksumComputedByHand() {
        UdpRepr udp = UdpRepr.of(40000, 53, 4);
        byte[] b = datagram(udp, new byte[] {1, 2, 3, 4});
        // Pseudo-header c633 6401 + c633 6402 + 0011 + 000c; header 9c40 + 0035 + 000c; data 0102 + 0304.
        long sum = 0xc633L + 0x6401 + 0xc633 + 0x6402 + 0x0011 + 0x000c + 0x9c40 + 0x0035 + 0x000c + 0x0102 + 0x0304;
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int expected = (int) (~sum & 0xFFFF);
        assertArrayEquals(HexFormat.of().parseHex(String.format("9c400035000c%04x01020304", expected)), b);
        assertEquals(0, Checksum.finish(Checksum.add(b, 0, b.length, Checksum.pseudoHeader(A, B, IpProtocol.UDP, 12))));
    }

    @Test
    void roundTrips() throws Exception {
        UdpRepr udp = UdpRepr.of(5353, 53, 5);
        byte[] b = datagram(udp, new byte[] {9, 8, 7, 6, 5});
        assertEquals(udp, UdpRepr.parse(b, 0, b.length, A, B));
        assertEquals(5, udp.payloadLength());
        // At an offset inside a bigger array, too.
        byte[] framed = new byte[b.length + 30];
        System.arraycopy(b, 0, framed, 20, b.length);
        assertEquals(udp, UdpRepr.parse(framed, 20, b.length, A, B));
    }

    @Test
    void aComputedZeroIsSentAsAllOnesAndVerifies() throws Exception {
        // With payload word 0 the checksum is c; with payload word c the words sum to 0xFFFF and the
        // checksum computes to 0, which RFC 768 sends as 0xFFFF.
        UdpRepr udp = UdpRepr.of(1, 2, 2);
        int c = checksumOf(datagram(udp, new byte[2]));
        byte[] b = datagram(udp, new byte[] {(byte) (c >>> 8), (byte) c});
        assertEquals(0xFFFF, checksumOf(b));
        assertEquals(udp, UdpRepr.parse(b, 0, b.length, A, B));
    }

    @Test
    void aZeroChecksumMeansNoneAndIsAccepted() throws Exception {
        UdpRepr udp = UdpRepr.of(1000, 2000, 3);
        byte[] b = datagram(udp, new byte[] {1, 2, 3});
        b[6] = 0;
        b[7] = 0;
        assertEquals(udp, UdpRepr.parse(b, 0, b.length, A, B));
    }

    @Test
    void aWrongChecksumOrWrongAddressesAreRejected() {
        byte[] b = datagram(UdpRepr.of(1000, 2000, 3), new byte[] {1, 2, 3});
        // (Swapping source and destination would verify: the pseudo-header just adds them.)
        assertReason(DropReason.BAD_CHECKSUM,
                () -> UdpRepr.parse(b, 0, b.length, A, Ipv4Address.parse("198.51.100.3")));
        b[10] ^= 0x40;
        assertReason(DropReason.BAD_CHECKSUM, () -> UdpRepr.parse(b, 0, b.length, A, B));
    }

    @Test
    void lengthsAreChecked() {
        byte[] b = datagram(UdpRepr.of(1000, 2000, 4), new byte[4]);
        assertReason(DropReason.TRUNCATED, () -> UdpRepr.parse(b, 0, 7, A, B));
        assertReason(DropReason.TRUNCATED, () -> UdpRepr.parse(b, 0, 11, A, B));   // Length 12 > 11
        byte[] shortLength = b.clone();
        shortLength[5] = 7;
        assertReason(DropReason.BAD_LENGTH, () -> UdpRepr.parse(shortLength, 0, shortLength.length, A, B));
    }

    @Test
    void octetsAfterLengthAreNotPartOfTheDatagram() throws Exception {
        UdpRepr udp = UdpRepr.of(1000, 2000, 2);
        byte[] b = java.util.Arrays.copyOf(datagram(udp, new byte[] {5, 6}), 14);
        b[10] = 0x55;   // trailing junk, outside the checksum
        assertEquals(udp, UdpRepr.parse(b, 0, b.length, A, B));
    }

    @Test
    void constructorChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> new UdpRepr(-1, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new UdpRepr(0, 65536, 8));
        assertThrows(IllegalArgumentException.class, () -> new UdpRepr(0, 0, 7));
        assertThrows(IllegalArgumentException.class, () -> UdpRepr.of(0, 0, 65528));
        assertEquals(65535, UdpRepr.of(0, 0, 65527).length());
    }

    private static int checksumOf(byte[] b) {
        return (b[6] & 0xFF) << 8 | (b[7] & 0xFF);
    }

    private interface Parse {
        Object run() throws MalformedPacketException;
    }

    private static void assertReason(DropReason reason, Parse p) {
        assertEquals(reason, assertThrows(MalformedPacketException.class, p::run).reason());
    }
}
