package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/**
 * UDP (RFC 768) read and written in place, for the data path: {@link #check} verifies a datagram and
 * returns why it fails instead of throwing, the accessors read its fields, {@link #emit} writes a
 * header and the checksum in front of a payload already in place. {@link UdpRepr} remains the value
 * type for tests, tools and the API.
 */
public final class UdpPacket {
    public static final int HEADER_LEN = UdpRepr.HEADER_LEN;

    private UdpPacket() {
    }

    /**
     * Checks the datagram at {@code off} ({@code len} bytes, the IP payload) against the
     * pseudo-header sum of its IP header.
     *
     * @param pseudoHeaderSum {@link IpHeader#pseudoHeaderSum} for the UDP Length (read it with
     *                        {@link #length} after checking {@code len >= 8})
     * @param verifyChecksum  false when the link has verified the checksum already
     * @return null if well formed, else TRUNCATED (fewer than 8 bytes, or Length beyond {@code len}),
     *         BAD_LENGTH (Length below 8) or BAD_CHECKSUM (non-zero and does not verify)
     */
    public static DropReason check(byte[] b, int off, int len, IpHeader ip, boolean verifyChecksum) {
        if (len < HEADER_LEN) {
            return DropReason.TRUNCATED;
        }
        int length = length(b, off);
        if (length < HEADER_LEN) {
            return DropReason.BAD_LENGTH;
        }
        if (length > len) {
            return DropReason.TRUNCATED;
        }
        if (verifyChecksum && checksum(b, off) != 0
                && Checksum.finish(Checksum.add(b, off, length, ip.pseudoHeaderSum(length))) != 0) {
            return DropReason.BAD_CHECKSUM;
        }
        return null;
    }

    public static int sourcePort(byte[] b, int off) {
        return Bytes.u16(b, off);
    }

    public static int destinationPort(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    /** The Length field: header and data. */
    public static int length(byte[] b, int off) {
        return Bytes.u16(b, off + 4);
    }

    /** The Checksum field; 0 means the sender computed none (RFC 768). */
    public static int checksum(byte[] b, int off) {
        return Bytes.u16(b, off + 6);
    }

    /**
     * Writes the header at {@code off} in front of {@code payloadLength} bytes already in place at
     * {@code off + 8}, with the checksum over the pseudo-header, header and data, computed once
     * (a computed zero is sent as all ones, RFC 768).
     */
    public static void emit(byte[] b, int off, int sourcePort, int destinationPort, int payloadLength, int src,
                            int dst) {
        emit(b, off, sourcePort, destinationPort, payloadLength, src, dst, false);
    }

    /**
     * As {@link #emit(byte[], int, int, int, int, int, int)}; with {@code partial}, the checksum is
     * left to the link (transmit checksum offload): the field holds only the folded pseudo-header
     * sum (Linux's {@code CHECKSUM_PARTIAL}) and the data are not read.
     */
    public static void emit(byte[] b, int off, int sourcePort, int destinationPort, int payloadLength, int src,
                            int dst, boolean partial) {
        int length = HEADER_LEN + payloadLength;
        Bytes.put16(b, off, sourcePort);
        Bytes.put16(b, off + 2, destinationPort);
        Bytes.put16(b, off + 4, length);
        Bytes.put16(b, off + 6, 0);
        if (partial) {
            // The complement of finish() is the folded sum itself.
            Bytes.put16(b, off + 6, ~Checksum.finish(Checksum.pseudoHeader(src, dst, IpProtocol.UDP, length)) & 0xFFFF);
            return;
        }
        int sum = Checksum.finish(Checksum.add(b, off, length, Checksum.pseudoHeader(src, dst, IpProtocol.UDP, length)));
        if (sum == 0) {
            sum = 0xFFFF;
        }
        Bytes.put16(b, off + 6, sum);
    }
}
