package io.netstack4j.iface;

import io.netstack4j.wire.Bytes;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MalformedPacketException;

/**
 * The original datagram quoted in an ICMP error (RFC 792: "Internet Header + 64 bits of Original
 * Data Datagram"; RFC 1812 §4.3.2.3: as much as fits in 576 bytes). The quoted header's Total Length
 * describes the whole original, which the quote usually is not, so it is read field by field.
 *
 * @param source        the original source (normally this host)
 * @param destination   the original destination
 * @param protocol      the original protocol
 * @param identification the original identification
 * @param bytes         the quote as received: header, then the start of the payload
 * @param payloadOffset where the quoted payload starts in {@code bytes} (the header length)
 */
public record QuotedPacket(Ipv4Address source, Ipv4Address destination, int protocol, int identification,
                           byte[] bytes, int payloadOffset) {
    /** How many payload bytes were quoted. */
    public int payloadLength() {
        return bytes.length - payloadOffset;
    }

    /** The unsigned 16-bit value at {@code i} bytes into the quoted payload (ports, echo identifier...). */
    public int payloadU16(int i) {
        int p = payloadOffset + i;
        return Bytes.u16(bytes, p);
    }

    /**
     * Reads a quote: an IPv4 header of at least 20 bytes and at least 8 payload bytes
     * (RFC 792 promises 64 bits of the original data).
     *
     * @throws MalformedPacketException TRUNCATED, BAD_VERSION or BAD_HEADER_LENGTH
     */
    public static QuotedPacket parse(byte[] q) throws MalformedPacketException {
        if (q.length < 20) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "quoted datagram of %d bytes", q.length);
        }
        if ((q[0] & 0xF0) != 0x40) {
            throw new MalformedPacketException(DropReason.BAD_VERSION, "quoted datagram is not IPv4");
        }
        int ihl = (q[0] & 0x0F) * 4;
        if (ihl < 20) {
            throw new MalformedPacketException(DropReason.BAD_HEADER_LENGTH, "quoted IHL %d", ihl / 4);
        }
        if (q.length < ihl + 8) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "quote has %d payload bytes, RFC 792 promises 8", q.length - ihl);
        }
        return new QuotedPacket(Ipv4Address.read(q, 12), Ipv4Address.read(q, 16), q[9] & 0xFF,
                Bytes.u16(q, 4), q, ihl);
    }
}
