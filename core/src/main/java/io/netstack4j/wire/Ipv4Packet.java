package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/**
 * A reusable, checked view of an IPv4 header in a byte array (smoltcp's {@code Ipv4Packet}): no
 * record and no address object per packet. {@link #wrap} points it at a packet and runs every check
 * of RFC 791 §3.1 once, returning the reason a packet fails instead of throwing; after a successful
 * wrap the accessors read fields straight from the array and cannot fail. Owned by one thread, like
 * the layer that holds it. {@link Ipv4Repr} remains the value type for tests, tools and the API.
 */
public final class Ipv4Packet implements IpHeader {
    private byte[] b;
    private int off;
    private int headerLength;
    private int totalLength;

    /**
     * Points the view at the packet at {@code off} ({@code len} bytes available; bytes past Total
     * Length, such as Ethernet padding, are allowed) and checks it.
     *
     * @param verifyChecksum false when the link has verified the header checksum already
     * @return null if the header is well formed, else why not: TRUNCATED (fewer than 20 bytes, or
     *         Total Length beyond {@code len}), BAD_VERSION, BAD_HEADER_LENGTH (IHL below 5 or beyond
     *         {@code len}), BAD_LENGTH (Total Length below the header length), BAD_CHECKSUM
     */
    public DropReason wrap(byte[] b, int off, int len, boolean verifyChecksum) {
        this.b = b;
        this.off = off;
        if (len < Ipv4Repr.MIN_HEADER_LEN) {
            return DropReason.TRUNCATED;
        }
        int v = b[off] & 0xFF;
        if (v >>> 4 != 4) {
            return DropReason.BAD_VERSION;
        }
        headerLength = (v & 0x0F) * 4;
        if (headerLength < Ipv4Repr.MIN_HEADER_LEN || headerLength > len) {
            return DropReason.BAD_HEADER_LENGTH;
        }
        totalLength = Bytes.u16(b, off + 2);
        if (totalLength < headerLength) {
            return DropReason.BAD_LENGTH;
        }
        if (totalLength > len) {
            return DropReason.TRUNCATED;
        }
        if (verifyChecksum && Checksum.compute(b, off, headerLength) != 0) {
            return DropReason.BAD_CHECKSUM;
        }
        return null;
    }

    @Override
    public int version() {
        return 4;
    }

    public byte[] array() {
        return b;
    }

    /** Where the header starts in {@link #array()}. */
    public int offset() {
        return off;
    }

    @Override
    public int headerLength() {
        return headerLength;
    }

    public int totalLength() {
        return totalLength;
    }

    public int payloadLength() {
        return totalLength - headerLength;
    }

    /** Where the payload starts in {@link #array()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    public int dscpEcn() {
        return b[off + 1] & 0xFF;
    }

    public int identification() {
        return Bytes.u16(b, off + 4);
    }

    public boolean dontFragment() {
        return (Bytes.u16(b, off + 6) & Ipv4Repr.FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (Bytes.u16(b, off + 6) & Ipv4Repr.FLAG_MF) != 0;
    }

    /** The fragment offset in bytes. */
    public int fragmentOffset() {
        return (Bytes.u16(b, off + 6) & Ipv4Repr.OFFSET_MASK) * 8;
    }

    /** True for every fragment of a fragmented datagram, the first included. */
    public boolean isFragment() {
        return (Bytes.u16(b, off + 6) & (Ipv4Repr.FLAG_MF | Ipv4Repr.OFFSET_MASK)) != 0;
    }

    @Override
    public int ttl() {
        return b[off + 8] & 0xFF;
    }

    @Override
    public int protocol() {
        return b[off + 9] & 0xFF;
    }

    @Override
    public int sourceV4() {
        return Bytes.u32(b, off + 12);
    }

    @Override
    public int destinationV4() {
        return Bytes.u32(b, off + 16);
    }

    @Override
    public long pseudoHeaderSum(int upperLength) {
        return Checksum.pseudoHeader(sourceV4(), destinationV4(), protocol(), upperLength);
    }

    /** The header as a value (allocates: for the slow paths, reassembly and ICMP errors). */
    public Ipv4Repr toRepr() {
        return new Ipv4Repr(source(), destination(), protocol(), ttl(), dscpEcn(), identification(),
                dontFragment(), moreFragments(), fragmentOffset(), headerLength, totalLength);
    }

    /**
     * Writes a 20-byte header with its checksum at {@code off} (RFC 791 §3.1): version 4, IHL 5,
     * DSCP/ECN 0, no options.
     *
     * @param flagsOffset the DF and MF flags and the fragment offset in 8-byte units, as on the wire
     */
    public static void emit(byte[] b, int off, int src, int dst, int protocol, int ttl, int identification,
                            int flagsOffset, int totalLength) {
        b[off] = 0x45;
        b[off + 1] = 0;
        b[off + 2] = (byte) (totalLength >>> 8);
        b[off + 3] = (byte) totalLength;
        b[off + 4] = (byte) (identification >>> 8);
        b[off + 5] = (byte) identification;
        b[off + 6] = (byte) (flagsOffset >>> 8);
        b[off + 7] = (byte) flagsOffset;
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        b[off + 10] = 0;
        b[off + 11] = 0;
        Bytes.put32(b, off + 12, src);
        Bytes.put32(b, off + 16, dst);
        int sum = Checksum.compute(b, off, Ipv4Repr.MIN_HEADER_LEN);
        b[off + 10] = (byte) (sum >>> 8);
        b[off + 11] = (byte) sum;
    }
}
