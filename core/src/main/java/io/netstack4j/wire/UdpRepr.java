package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Objects;

/**
 * A UDP header (RFC 768).
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * |   Source Port   | Destination Port|
 * |     Length      |    Checksum     |
 * |          data octets ...
 * </pre>
 *
 * <p>The checksum covers an IPv4 pseudo-header (source, destination, zero, protocol 17, UDP
 * length), the header and the data. On IPv4 a transmitted checksum of zero means "none"
 * (RFC 768; RFC 1122 §4.1.3.4 lets a receiver accept it): {@link #parse} accepts it, and
 * {@link #emit} always computes one, sending a computed zero as 0xFFFF (its ones' complement
 * equivalent).
 *
 * @param sourcePort      0..65535 (0: no reply port, RFC 768)
 * @param destinationPort 0..65535
 * @param length          header plus data in bytes, {@link #HEADER_LEN}..65535
 */
public record UdpRepr(int sourcePort, int destinationPort, int length) {
    /** Source port, destination port, length, checksum. */
    public static final int HEADER_LEN = 8;
    /** The Length field is 16 bits. */
    public static final int MAX_LEN = 0xFFFF;

    public UdpRepr {
        checkPort(sourcePort, "source port");
        checkPort(destinationPort, "destination port");
        if (length < HEADER_LEN || length > MAX_LEN) {
            throw new IllegalArgumentException("length out of range 8..65535: " + length);
        }
    }

    /**
     * Checks a UDP port number (RFC 768: 16 bits; 0 is allowed, meaning "no reply port" as a
     * source, and reserved as a destination).
     *
     * @param what names the port in the message ("source port", "destination port", ...)
     * @return {@code port}
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public static int checkPort(int port, String what) {
        if ((port & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("UDP " + what + " out of range 0..65535: " + port);
        }
        return port;
    }

    /** A header for {@code payloadLength} data bytes. */
    public static UdpRepr of(int sourcePort, int destinationPort, int payloadLength) {
        return new UdpRepr(sourcePort, destinationPort, HEADER_LEN + payloadLength);
    }

    /**
     * Parses and verifies the datagram at {@code off}. The data is the {@link #payloadLength()}
     * bytes at {@code off + HEADER_LEN}.
     *
     * @param len the IP payload length. A Length field below it leaves trailing bytes that are not
     *            part of the datagram (they are ignored, as Linux trims them); one above it is a
     *            truncated datagram.
     * @param src the IPv4 source address, for the pseudo-header
     * @param dst the IPv4 destination address, for the pseudo-header
     * @throws MalformedPacketException TRUNCATED (fewer than 8 bytes, or Length beyond {@code len}),
     *                                  BAD_LENGTH (Length below 8), BAD_CHECKSUM (non-zero and does not verify)
     */
    public static UdpRepr parse(byte[] b, int off, int len, Ipv4Address src, Ipv4Address dst)
            throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "UDP datagram of %d bytes", len);
        }
        int length = Bytes.u16(b, off + 4);
        if (length < HEADER_LEN) {
            throw new MalformedPacketException(DropReason.BAD_LENGTH, "UDP length %d below 8", length);
        }
        if (length > len) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "UDP length %d but only %d bytes", length, len);
        }
        int checksum = Bytes.u16(b, off + 6);
        if (checksum != 0) {
            long acc = Checksum.pseudoHeader(src, dst, IpProtocol.UDP, length);
            if (Checksum.finish(Checksum.add(b, off, length, acc)) != 0) {
                throw new MalformedPacketException(DropReason.BAD_CHECKSUM,
                        "UDP checksum 0x%04x does not verify", checksum);
            }
        }
        return new UdpRepr(Bytes.u16(b, off), Bytes.u16(b, off + 2), length);
    }

    /**
     * Writes the header at {@code off} and the checksum over the pseudo-header, the header and
     * the {@link #payloadLength()} data bytes, which must already be in place at
     * {@code off + HEADER_LEN}.
     */
    public void emit(byte[] b, int off, Ipv4Address src, Ipv4Address dst) {
        Objects.checkFromIndexSize(off, length, b.length);
        Bytes.put16(b, off, sourcePort);
        Bytes.put16(b, off + 2, destinationPort);
        Bytes.put16(b, off + 4, length);
        b[off + 6] = 0;
        b[off + 7] = 0;
        int sum = Checksum.finish(Checksum.add(b, off, length, Checksum.pseudoHeader(src, dst, IpProtocol.UDP, length)));
        if (sum == 0) {
            sum = 0xFFFF;   // RFC 768: a computed zero is transmitted as all ones
        }
        Bytes.put16(b, off + 6, sum);
    }

    /** Length minus the 8-byte header. */
    public int payloadLength() {
        return length - HEADER_LEN;
    }

}
