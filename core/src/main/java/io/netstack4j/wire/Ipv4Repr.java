package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Objects;

/**
 * An IPv4 header (RFC 791 §3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Version|  IHL  |   DSCP/ECN    |          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options (IHL > 5)                          |
 * </pre>
 *
 * <p>Options are not interpreted: {@link #parse} skips them by IHL (the payload begins at
 * {@code headerLength}) and {@link #emit} writes only 20-byte headers. The reserved flag bit
 * is ignored on input and written as zero.
 *
 * @param source         source address
 * @param destination    destination address
 * @param protocol       payload protocol ({@link IpProtocol}), 0..255
 * @param ttl            time to live, 0..255
 * @param dscpEcn        the former type-of-service octet: DSCP (RFC 2474) and ECN (RFC 3168), 0..255
 * @param identification 0..65535
 * @param dontFragment   DF flag
 * @param moreFragments  MF flag
 * @param fragmentOffset the fragment offset in BYTES (the header field times 8), 0..65528
 * @param headerLength   the header length in bytes (IHL * 4), 20..60
 * @param totalLength    header plus payload in bytes, headerLength..65535
 */
public record Ipv4Repr(Ipv4Address source, Ipv4Address destination, int protocol, int ttl, int dscpEcn,
                       int identification, boolean dontFragment, boolean moreFragments,
                       int fragmentOffset, int headerLength, int totalLength) {
    /** A header without options. */
    public static final int MIN_HEADER_LEN = 20;
    /** IHL 15. */
    public static final int MAX_HEADER_LEN = 60;
    /** The Total Length field is 16 bits. */
    public static final int MAX_TOTAL_LEN = 0xFFFF;
    /** The default TTL that RFC 1700 recommended and Linux uses. */
    public static final int DEFAULT_TTL = 64;

    static final int FLAG_DF = 0x4000;
    static final int FLAG_MF = 0x2000;
    static final int OFFSET_MASK = 0x1FFF;

    public Ipv4Repr {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        check(protocol, 0, 255, "protocol");
        check(ttl, 0, 255, "ttl");
        check(dscpEcn, 0, 255, "dscpEcn");
        check(identification, 0, 0xFFFF, "identification");
        check(fragmentOffset, 0, OFFSET_MASK * 8, "fragmentOffset");
        if ((fragmentOffset & 7) != 0) {
            throw new IllegalArgumentException("fragmentOffset must be a multiple of 8: " + fragmentOffset);
        }
        check(headerLength, MIN_HEADER_LEN, MAX_HEADER_LEN, "headerLength");
        if ((headerLength & 3) != 0) {
            throw new IllegalArgumentException("headerLength must be a multiple of 4: " + headerLength);
        }
        check(totalLength, headerLength, MAX_TOTAL_LEN, "totalLength");
    }

    /**
     * A header for a fresh, unfragmented datagram: no options, DSCP/ECN 0, MF clear, offset 0.
     *
     * @param payloadLength the length of what follows the 20-byte header
     */
    public static Ipv4Repr of(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, int identification,
                              boolean dontFragment, int payloadLength) {
        return new Ipv4Repr(src, dst, protocol, ttl, 0, identification, dontFragment, false, 0,
                MIN_HEADER_LEN, MIN_HEADER_LEN + payloadLength);
    }

    /**
     * This header for one fragment (RFC 791 §3.2, "Fragmentation"): same addresses, protocol,
     * TTL, identification and DF; the given offset (bytes, multiple of 8), MF flag and payload
     * length; a 20-byte header.
     */
    public Ipv4Repr withFragment(int fragmentOffset, boolean moreFragments, int payloadLength) {
        return new Ipv4Repr(source, destination, protocol, ttl, dscpEcn, identification, dontFragment,
                moreFragments, fragmentOffset, MIN_HEADER_LEN, MIN_HEADER_LEN + payloadLength);
    }

    /**
     * Parses and verifies the header at {@code off}. The payload is the {@link #payloadLength()}
     * bytes at {@code off + headerLength()}.
     *
     * @param len the bytes available at {@code off}; bytes beyond Total Length (Ethernet padding)
     *            are allowed and ignored
     * @throws MalformedPacketException TRUNCATED (fewer than 20 bytes, or Total Length beyond
     *                                  {@code len}), BAD_VERSION (not 4), BAD_HEADER_LENGTH (IHL below 5
     *                                  or beyond {@code len}), BAD_LENGTH (Total Length below the header
     *                                  length), BAD_CHECKSUM (RFC 791 §3.1 "Header Checksum")
     */
    public static Ipv4Repr parse(byte[] b, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < MIN_HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "IPv4 packet of %d bytes", len);
        }
        int version = (b[off] & 0xFF) >>> 4;
        if (version != 4) {
            throw new MalformedPacketException(DropReason.BAD_VERSION, "IP version %d", version);
        }
        int headerLength = (b[off] & 0x0F) * 4;
        if (headerLength < MIN_HEADER_LEN || headerLength > len) {
            throw new MalformedPacketException(DropReason.BAD_HEADER_LENGTH,
                    "IHL %d with %d bytes available", headerLength / 4, len);
        }
        int totalLength = Bytes.u16(b, off + 2);
        if (totalLength < headerLength) {
            throw new MalformedPacketException(DropReason.BAD_LENGTH,
                    "total length %d below header length %d", totalLength, headerLength);
        }
        if (totalLength > len) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "total length %d but only %d bytes", totalLength, len);
        }
        if (Checksum.compute(b, off, headerLength) != 0) {
            throw new MalformedPacketException(DropReason.BAD_CHECKSUM,
                    "IPv4 header checksum 0x%04x does not verify", Bytes.u16(b, off + 10));
        }
        int flagsOffset = Bytes.u16(b, off + 6);
        return new Ipv4Repr(Ipv4Address.read(b, off + 12), Ipv4Address.read(b, off + 16),
                b[off + 9] & 0xFF, b[off + 8] & 0xFF, b[off + 1] & 0xFF, Bytes.u16(b, off + 4),
                (flagsOffset & FLAG_DF) != 0, (flagsOffset & FLAG_MF) != 0,
                (flagsOffset & OFFSET_MASK) * 8, headerLength, totalLength);
    }

    /**
     * Writes a 20-byte header with its checksum at {@code off}.
     *
     * @throws IllegalStateException if {@link #headerLength()} is not 20 (options are never emitted;
     *                               build a header with {@link #of} or {@link #withFragment})
     */
    public void emit(byte[] b, int off) {
        if (headerLength != MIN_HEADER_LEN) {
            throw new IllegalStateException("cannot emit IPv4 options (header length " + headerLength + ")");
        }
        Objects.checkFromIndexSize(off, MIN_HEADER_LEN, b.length);
        b[off] = 0x45;
        b[off + 1] = (byte) dscpEcn;
        Bytes.put16(b, off + 2, totalLength);
        Bytes.put16(b, off + 4, identification);
        int flagsOffset = (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0) | (fragmentOffset >>> 3);
        Bytes.put16(b, off + 6, flagsOffset);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        b[off + 10] = 0;
        b[off + 11] = 0;
        source.write(b, off + 12);
        destination.write(b, off + 16);
        int sum = Checksum.compute(b, off, MIN_HEADER_LEN);
        Bytes.put16(b, off + 10, sum);
    }

    /** Total Length minus the header length. */
    public int payloadLength() {
        return totalLength - headerLength;
    }

    /** True for every fragment of a fragmented datagram, the first included (MF set or offset non-zero). */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    private static void check(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + v);
        }
    }

}
