package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 0x2ddf0, folded 0xddf2; checksum ~ = 0x220d.
        byte[] b = hex("00 01 f2 03 f4 f5 f6 f7");
        assertEquals(0x220D, Checksum.compute(b, 0, b.length));
        assertEquals(0xDDF2, ~Checksum.finish(Checksum.add(b, 0, b.length, 0)) & 0xFFFF);
    }

    @Test
    void validIpv4HeaderSumsToZero() {
        // A real header (from the golden echo request): with its checksum in place, the sum verifies.
        byte[] header = hex("4500 0054 8d60 4000 4001 58de c633 6401 c633 6402");
        assertEquals(0, Checksum.compute(header, 0, header.length));
        header[10] = 0;
        header[11] = 0;
        assertEquals(0x58DE, Checksum.compute(header, 0, header.length));
    }

    @Test
    void oddLengthPadsTheLastByteAsHighByte() {
        byte[] b = {(byte) 0xAB};
        assertEquals(~0xAB00 & 0xFFFF, Checksum.compute(b, 0, 1));
        byte[] c = hex("0102 03");
        assertEquals(~(0x0102 + 0x0300) & 0xFFFF, Checksum.compute(c, 0, 3));
    }

    @Test
    void emptyAndAllZeroDataGiveFfff() {
        assertEquals(0xFFFF, Checksum.compute(new byte[0], 0, 0));
        assertEquals(0xFFFF, Checksum.compute(new byte[100], 0, 100));
    }

    @Test
    void allOnesFoldsToZero() {
        // 0xffff words: the ones' complement sum is 0xffff ("negative zero"), its complement 0.
        byte[] b = new byte[1000];
        java.util.Arrays.fill(b, (byte) 0xFF);
        assertEquals(0, Checksum.compute(b, 0, b.length));
        assertEquals(0, Checksum.compute(b, 1, 998));
    }

    @Test
    void respectsOffsetAndLength() {
        byte[] b = hex("ffff 0001 f203 f4f5 f6f7 ffff");
        assertEquals(0x220D, Checksum.compute(b, 2, 8));
    }

    @Test
    void partialSumsChain() {
        byte[] b = new byte[4099];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        long acc = Checksum.add(b, 0, 1000, 0);
        acc = Checksum.add(b, 1000, 2000, acc);
        acc = Checksum.add(b, 3000, 1099, acc);
        assertEquals(Checksum.compute(b, 0, b.length), Checksum.finish(acc));
    }

    @Test
    void pseudoHeaderMatchesTheBytesItStandsFor() {
        Ipv4Address src = Ipv4Address.parse("198.51.100.1");
        Ipv4Address dst = Ipv4Address.parse("203.0.113.200");
        // RFC 768: source, destination, zero, protocol, UDP length.
        byte[] pseudo = hex("c633 6401 cb00 71c8 0011 0123");
        assertEquals(Checksum.compute(pseudo, 0, pseudo.length),
                Checksum.finish(Checksum.pseudoHeader(src, dst, IpProtocol.UDP, 0x0123)));
        Ipv4Address high = Ipv4Address.parse("255.255.255.254");
        byte[] pseudo2 = hex("ffff fffe ffff fffe 0006 ffff");
        assertEquals(Checksum.compute(pseudo2, 0, pseudo2.length),
                Checksum.finish(Checksum.pseudoHeader(high, high, IpProtocol.TCP, 0xFFFF)));
    }

    @Test
    void largeBufferDoesNotOverflow() {
        byte[] b = new byte[1 << 20];
        java.util.Arrays.fill(b, (byte) 0xFE);
        // 2^19 words of 0xfefe: sum = 0xfefe * 2^19; compare with a plain fold.
        long s = 0xFEFEL << 19;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        assertEquals((int) (~s & 0xFFFF), Checksum.compute(b, 0, b.length));
    }

    @Test
    void agreesWithTheReferenceOnceCompiled() {
        // Enough calls for the JIT to compile (and vectorise) the fast loop, each one checked
        // against the byte-by-byte reference, so the optimised code is tested and not only the
        // interpreter.
        java.util.Random random = new java.util.Random(1071);
        byte[] b = new byte[2048];
        random.nextBytes(b);
        for (int n = 0; n < 30_000; n++) {
            int off = random.nextInt(64);
            int len = random.nextInt(b.length - off + 1);
            if ((n & 1023) == 0) {
                b[random.nextInt(b.length)] = (byte) 0xFF;
            }
            assertEquals(ChecksumPropertyTest.naive(b, off, len), Checksum.compute(b, off, len),
                    "off " + off + " len " + len);
        }
    }

    @Test
    void rejectsRangesOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> Checksum.compute(new byte[8], 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Checksum.compute(new byte[8], -1, 2));
    }
}
