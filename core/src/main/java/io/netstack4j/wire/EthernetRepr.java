package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Objects;

/**
 * An Ethernet II header (RFC 894; IEEE 802.3 Clause 3): destination MAC, source MAC, EtherType.
 * Frames are handled without preamble and without FCS, as a TAP device or a capture sees them.
 *
 * @param destination the destination MAC address
 * @param source      the source MAC address
 * @param etherType   the EtherType, {@link EtherType#MIN_ETHER_TYPE}..0xFFFF
 */
public record EthernetRepr(MacAddress destination, MacAddress source, int etherType) {
    /** Destination (6) + source (6) + EtherType (2). */
    public static final int HEADER_LEN = 14;
    /**
     * The smallest frame on the wire without FCS (64 - 4): shorter frames are padded by the
     * sender (IEEE 802.3 Clause 4.2.3.3). A virtual link or a veth need not pad.
     */
    public static final int MIN_FRAME_LEN = 60;

    public EthernetRepr {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        if (etherType < EtherType.MIN_ETHER_TYPE || etherType > 0xFFFF) {
            throw new IllegalArgumentException("not an EtherType: " + etherType);
        }
    }

    /**
     * Parses the header at {@code off}; the payload starts at {@code off + HEADER_LEN}.
     *
     * @param len the length of the whole frame at {@code off}
     * @throws MalformedPacketException TRUNCATED if shorter than 14 bytes; UNSUPPORTED for an
     *                                  IEEE 802.3 length field (below 0x0600) instead of an EtherType
     */
    public static EthernetRepr parse(byte[] b, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "Ethernet frame of %d bytes, header needs %d", len, HEADER_LEN);
        }
        int type = Bytes.u16(b, off + 12);
        if (type < EtherType.MIN_ETHER_TYPE) {
            throw new MalformedPacketException(DropReason.UNSUPPORTED,
                    "IEEE 802.3 length field %d instead of an EtherType", type);
        }
        return new EthernetRepr(MacAddress.read(b, off), MacAddress.read(b, off + 6), type);
    }

    /** Writes the 14-byte header at {@code off}. */
    public void emit(byte[] b, int off) {
        Objects.checkFromIndexSize(off, HEADER_LEN, b.length);
        destination.write(b, off);
        source.write(b, off + 6);
        Bytes.put16(b, off + 12, etherType);
    }
}
