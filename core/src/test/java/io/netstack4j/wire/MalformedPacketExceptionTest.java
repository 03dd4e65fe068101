package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.IllegalFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A malformed-packet exception is cheap to throw (issue 7): no stack trace, and its text is built
 * only when read.
 */
class MalformedPacketExceptionTest {
    /** A valid 20-byte IPv4 header, then its checksum spoiled. */
    private static byte[] badChecksumHeader() {
        byte[] b = new byte[20];
        Ipv4Repr.of(Ipv4Address.parse("198.51.100.2"), Ipv4Address.parse("198.51.100.1"), IpProtocol.UDP, 64, 1,
                false, 0).emit(b, 0);
        b[10] ^= 0x5A;
        return b;
    }

    @Test
    void theTextIsRightWhenRead() {
        byte[] h = badChecksumHeader();
        int sum = (h[10] & 0xFF) << 8 | (h[11] & 0xFF);
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> Ipv4Repr.parse(h, 0, 20));
        assertEquals(String.format("IPv4 header checksum 0x%04x does not verify", sum), e.getMessage());
        assertEquals("BAD_CHECKSUM: " + e.getMessage(), e.toString());
        MalformedPacketException t = assertThrows(MalformedPacketException.class, () -> Ipv4Repr.parse(h, 0, 19));
        assertEquals("IPv4 packet of 19 bytes", t.getMessage());
        byte[] arp = new byte[28];
        arp[1] = 6; // htype 6
        arp[2] = 0x08;
        arp[4] = 6;
        arp[5] = 4;
        MalformedPacketException a = assertThrows(MalformedPacketException.class, () -> ArpRepr.parse(arp, 0, 28));
        assertEquals("ARP htype 6 ptype 0x0800 hlen 6 plen 4 (only Ethernet/IPv4)", a.getMessage());
        assertEquals("UNSUPPORTED: ARP htype 6 ptype 0x0800 hlen 6 plen 4 (only Ethernet/IPv4)", a.toString());
    }

    @Test
    void stringAndNumberArgumentsInEveryShape() {
        assertEquals("fixed 100%", new MalformedPacketException(DropReason.TRUNCATED, "fixed 100%").getMessage(),
                "a detail without arguments is not a template");
        assertEquals("7", new MalformedPacketException(DropReason.TRUNCATED, "%d", 7).getMessage());
        assertEquals("1 2", new MalformedPacketException(DropReason.TRUNCATED, "%d %d", 1, 2).getMessage());
        assertEquals("1 2 3", new MalformedPacketException(DropReason.TRUNCATED, "%d %d %d", 1, 2, 3).getMessage());
        assertEquals("1/2/3/4", new MalformedPacketException(DropReason.TRUNCATED, "%d/%d/%d/%d", 1, 2, 3, 4).getMessage());
        assertEquals("1 2 3 4 5 6",
                new MalformedPacketException(DropReason.TRUNCATED, "%d %d %d %d %d %d", 1, 2, 3, 4, 5, 6).getMessage());
        assertEquals("in x", new MalformedPacketException(DropReason.TRUNCATED, "in %s", "x").getMessage());
        assertEquals("x 0x0a", new MalformedPacketException(DropReason.TRUNCATED, "%s 0x%02x", "x", 10).getMessage());
        assertEquals("2 in x at 3",
                new MalformedPacketException(DropReason.TRUNCATED, "%2$d in %1$s at %3$d", "x", 2, 3).getMessage());
        assertEquals("x 1 2 3", new MalformedPacketException(DropReason.TRUNCATED, "%s %d %d %d", "x", 1, 2, 3).getMessage());
        assertEquals("x: A 4 5",
                new MalformedPacketException(DropReason.TRUNCATED, "%s: %s %d %d", "x", "A", 4, 5).getMessage());
    }

    @Test
    void nothingIsFormattedWhenThrown() {
        // %q is no conversion: formatting this template throws. Built eagerly, construction would throw.
        MalformedPacketException e = new MalformedPacketException(DropReason.BAD_LENGTH, "bad %q %d", 1);
        assertEquals(DropReason.BAD_LENGTH, e.reason());
        assertThrows(IllegalFormatException.class, e::getMessage, "formatted when read, not before");
        MalformedPacketException s = new MalformedPacketException(DropReason.BAD_LENGTH, "%q %s %d %d", "w", 1, 2);
        assertThrows(IllegalFormatException.class, s::getMessage);
    }

    @Test
    void noStackTrace() {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> Ipv4Repr.parse(badChecksumHeader(), 0, 20));
        assertEquals(0, e.getStackTrace().length);
        e.addSuppressed(new RuntimeException());
        assertEquals(0, e.getSuppressed().length, "suppression disabled too");
    }

    /**
     * Throwing allocates the exception and nothing of its text: a flood of bad checksums costs a
     * small object each. (String.format built a Formatter, a StringBuilder and the string: well
     * over a kilobyte per frame.)
     */
    @Test
    void throwingAllocatesLittleMoreThanTheException() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] h = badChecksumHeader();
        int n = 20_000;
        long caught = parseAll(h, n); // warm up the path (and the counter) once
        long before = threads.getCurrentThreadAllocatedBytes();
        caught += parseAll(h, n);
        long perThrow = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertEquals(2L * n, caught);
        assertTrue(perThrow <= 160, "bytes allocated per malformed header: " + perThrow);
    }

    private static long parseAll(byte[] h, int n) {
        long caught = 0;
        for (int i = 0; i < n; i++) {
            try {
                Ipv4Repr.parse(h, 0, 20);
            } catch (MalformedPacketException e) {
                caught += e.reason() == DropReason.BAD_CHECKSUM ? 1 : 0;
            }
        }
        return caught;
    }
}
