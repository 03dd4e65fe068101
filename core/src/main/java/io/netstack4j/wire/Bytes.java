package io.netstack4j.wire;

/**
 * Big-endian ("network byte order", RFC 791 Appendix B) reads and writes of 16-, 32- and 48-bit fields,
 * and the range checks of field values, shared by every codec. Callers check bounds first (a
 * {@code parse} checks the length once); these do no checks of their own beyond Java's.
 */
public final class Bytes {
    private Bytes() {
    }

    /** The unsigned 16-bit value at {@code b[i]}, {@code b[i + 1]}. */
    public static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /** The 32-bit value at {@code b[i..i + 3]} (as an int: use {@link Integer#toUnsignedLong} for the unsigned value). */
    public static int u32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    /** Writes the low 16 bits of {@code v} at {@code b[i]}, {@code b[i + 1]}. */
    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /** Writes {@code v} at {@code b[i..i + 3]}. */
    public static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** The 48-bit value at {@code b[i..i + 5]} (a MAC address), in the low bits of a long. */
    public static long u48(byte[] b, int i) {
        return (long) u16(b, i) << 32 | (u32(b, i + 2) & 0xFFFF_FFFFL);
    }

    /** Writes the low 48 bits of {@code v} at {@code b[i..i + 5]}. */
    public static void put48(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 32));
        put32(b, i + 2, (int) v);
    }

    /** Checks that {@code v} fits an 8-bit field named {@code name}. */
    static void check8(int v, String name) {
        if ((v & ~0xFF) != 0) {
            throw new IllegalArgumentException(name + " out of range 0..255: " + v);
        }
    }

    /** Checks that {@code v} fits a 16-bit field named {@code name}. */
    static void check16(int v, String name) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(name + " out of range 0..65535: " + v);
        }
    }
}
