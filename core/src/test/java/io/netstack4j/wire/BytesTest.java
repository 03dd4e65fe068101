package io.netstack4j.wire;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shared big-endian field helpers, against {@link ByteBuffer}'s (big-endian by default). */
class BytesTest {
    @Property(tries = 500)
    void readsAndWritesAsByteBuffer(@ForAll int v, @ForAll @IntRange(min = 0, max = 12) int at) {
        byte[] b = new byte[16];
        Bytes.put32(b, at, v);
        assertEquals(v, ByteBuffer.wrap(b).getInt(at));
        assertEquals(v, Bytes.u32(b, at));
        assertEquals(v >>> 16, Bytes.u16(b, at));
        assertEquals(v & 0xFFFF, Bytes.u16(b, at + 2));
        byte[] c = new byte[16];
        Bytes.put16(c, at, v);
        assertEquals((short) v, ByteBuffer.wrap(c).getShort(at));
        assertEquals(v & 0xFFFF, Bytes.u16(c, at), "unsigned, low 16 bits only");
        assertEquals(0, c[at + 2], "writes two bytes, no more");
    }

    @Test
    void unsignedAtTheTop() {
        byte[] b = {(byte) 0xFF, (byte) 0xFE, (byte) 0x80, 0};
        assertEquals(0xFFFE, Bytes.u16(b, 0));
        assertEquals(0xFFFE_8000, Bytes.u32(b, 0));
        Bytes.put16(b, 2, 0x1_2345);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x23, 0x45}, b);
    }

    @Test
    void fieldChecks() {
        Bytes.check16(0xFFFF, "x");
        Bytes.check8(0xFF, "x");
        assertEquals("x out of range 0..65535: 65536",
                assertThrows(IllegalArgumentException.class, () -> Bytes.check16(0x1_0000, "x")).getMessage());
        assertEquals("y out of range 0..255: -1",
                assertThrows(IllegalArgumentException.class, () -> Bytes.check8(-1, "y")).getMessage());
    }

    @Test
    void udpPortsHaveTheirOwnCheck() {
        assertEquals("UDP source port out of range 0..65535: 65536",
                assertThrows(IllegalArgumentException.class, () -> UdpRepr.of(65536, 53, 0)).getMessage());
        assertEquals("UDP destination port out of range 0..65535: -1",
                assertThrows(IllegalArgumentException.class, () -> UdpRepr.of(53, -1, 0)).getMessage());
        assertEquals(0, UdpRepr.checkPort(0, "source port"), "0 is a valid source port (no reply port)");
        assertEquals(65535, UdpRepr.checkPort(65535, "port"));
    }
}
