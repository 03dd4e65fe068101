package io.netstack4j.wire;

import java.util.HexFormat;

/**
 * A 48-bit IEEE 802 MAC address held in the low 48 bits of a {@code long}.
 *
 * @param bits the address, most significant octet first, in bits 47..0
 */
public record MacAddress(long bits) {
    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** 00:00:00:00:00:00, the "unknown" target of an ARP request (RFC 826). */
    public static final MacAddress ZERO = new MacAddress(0L);
    /** Length of a MAC address in octets. */
    public static final int LENGTH = 6;

    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(bits));
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'). */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    /** Reads six octets at {@code off}. */
    public static MacAddress read(byte[] b, int off) {
        return new MacAddress(Bytes.u48(b, off));
    }

    /** Writes six octets at {@code off}. */
    public void write(byte[] b, int off) {
        Bytes.put48(b, off, bits);
    }

    /** A locally administered unicast address (bit 1 of the first octet set, bit 0 clear). */
    public static MacAddress locallyAdministered(long random) {
        long v = random & 0xFFFF_FFFF_FFFFL;
        v |= 0x0200_0000_0000L;
        v &= ~0x0100_0000_0000L;
        return new MacAddress(v);
    }

    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** Group (multicast or broadcast) addresses have the I/G bit of the first octet set. */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        write(b, 0);
        return b;
    }

    @Override
    public String toString() {
        byte[] b = toBytes();
        return HexFormat.ofDelimiter(":").formatHex(b);
    }
}
