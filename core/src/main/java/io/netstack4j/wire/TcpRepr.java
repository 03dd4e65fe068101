package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * A TCP segment as a value (RFC 9293 §3.1), for tests, tools and traces; the data path reads
 * segments in place with {@link TcpPacket} and {@link TcpOptions} instead.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options                    |    Padding    |
 * |                             data                              |
 * </pre>
 *
 * <p>{@link #parse} keeps the options this stack understands ({@link Options}); SACK blocks and
 * unknown kinds are skipped, and the reserved bits are not kept. {@link #emit} lays the options out
 * as Linux does, so a segment parsed from a Linux capture re-emits byte for byte.
 *
 * @param sourcePort      0..65535
 * @param destinationPort 0..65535
 * @param seq             SEG.SEQ (32 bits; compare as sequence numbers, RFC 9293 §3.4)
 * @param ack             SEG.ACK, meaningful with {@link TcpPacket#ACK}
 * @param flags           the eight control bits, {@link TcpPacket#FIN} … {@link TcpPacket#CWR}
 * @param window          SEG.WND as sent, before any window scaling, 0..65535
 * @param urgent          the urgent pointer, 0..65535
 * @param options         the options; {@link Options#NONE} for none
 * @param payload         the data (not copied)
 */
public record TcpRepr(int sourcePort, int destinationPort, int seq, int ack, int flags, int window, int urgent,
                      Options options, byte[] payload) {

    public TcpRepr {
        Bytes.check16(sourcePort, "source port");
        Bytes.check16(destinationPort, "destination port");
        Bytes.check8(flags, "flags");
        Bytes.check16(window, "window");
        Bytes.check16(urgent, "urgent pointer");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(payload, "payload");
    }

    /** A segment without options or urgent data. */
    public static TcpRepr of(int sourcePort, int destinationPort, int seq, int ack, int flags, int window,
                             byte[] payload) {
        return new TcpRepr(sourcePort, destinationPort, seq, ack, flags, window, 0, Options.NONE, payload);
    }

    /**
     * Parses the segment at {@code off}: the whole IP payload, {@code len} bytes (TCP has no length
     * field; everything past the header is data).
     *
     * @param srcAddr        the IPv4 source address as 32 bits, for the pseudo-header
     * @param dstAddr        the IPv4 destination address as 32 bits
     * @param verifyChecksum false to skip the checksum (a capture with offloaded checksums)
     * @throws MalformedPacketException TRUNCATED (under 20 bytes), TCP_BAD_DATA_OFFSET (below 5 words
     *                                  or beyond {@code len}), BAD_CHECKSUM, TCP_BAD_OPTION
     */
    public static TcpRepr parse(byte[] b, int off, int len, int srcAddr, int dstAddr, boolean verifyChecksum)
            throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < TcpPacket.HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "TCP segment of %d bytes", len);
        }
        int hl = TcpPacket.headerLength(b, off);
        if (hl < TcpPacket.HEADER_LEN || hl > len) {
            throw new MalformedPacketException(DropReason.TCP_BAD_DATA_OFFSET,
                    "TCP data offset %d words with %d bytes", hl / 4, len);
        }
        if (verifyChecksum
                && Checksum.finish(Checksum.add(b, off, len, Checksum.pseudoHeader(srcAddr, dstAddr, IpProtocol.TCP, len))) != 0) {
            throw new MalformedPacketException(DropReason.BAD_CHECKSUM,
                    "TCP checksum 0x%04x does not verify", TcpPacket.checksum(b, off));
        }
        TcpOptions parsed = new TcpOptions();
        DropReason bad = parsed.parse(b, off);
        if (bad != null) {
            throw new MalformedPacketException(bad, "TCP options of %d bytes", hl - TcpPacket.HEADER_LEN);
        }
        return new TcpRepr(TcpPacket.sourcePort(b, off), TcpPacket.destinationPort(b, off), TcpPacket.seq(b, off),
                TcpPacket.ack(b, off), TcpPacket.flags(b, off), TcpPacket.window(b, off),
                TcpPacket.urgentPointer(b, off), Options.of(parsed), Arrays.copyOfRange(b, off + hl, off + len));
    }

    /** The header length in bytes: 20 plus the options, padded to a multiple of 4. */
    public int headerLen() {
        return TcpPacket.HEADER_LEN + options.length();
    }

    /** Header and data in bytes. */
    public int length() {
        return headerLen() + payload.length;
    }

    /** SEG.LEN (RFC 9293 §3.4): the data octets, plus one for SYN and one for FIN. */
    public int segmentLength() {
        return payload.length + ((flags & TcpPacket.SYN) != 0 ? 1 : 0) + ((flags & TcpPacket.FIN) != 0 ? 1 : 0);
    }

    /** True if every bit of {@code flag} (e.g. {@code TcpPacket.SYN | TcpPacket.ACK}) is set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** The segment, header and data, with its checksum over the pseudo-header of the two addresses. */
    public byte[] emit(int srcAddr, int dstAddr) {
        byte[] b = new byte[length()];
        emit(b, 0, srcAddr, dstAddr);
        return b;
    }

    /**
     * Writes the segment at {@code off} and completes its checksum.
     *
     * @return the bytes written, {@link #length()}
     */
    public int emit(byte[] b, int off, int srcAddr, int dstAddr) {
        int len = length();
        Objects.checkFromIndexSize(off, len, b.length);
        TcpPacket.emit(b, off, sourcePort, destinationPort, seq, ack, flags, window, 0);
        int hl = headerLen();
        b[off + 12] = (byte) (hl / 4 << 4);
        Bytes.put16(b, off + 18, urgent);
        options.emit(b, off + TcpPacket.HEADER_LEN);
        System.arraycopy(payload, 0, b, off + hl, payload.length);
        TcpPacket.finishChecksum(b, off, len, srcAddr, dstAddr, false);
        return len;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpRepr t && t.sourcePort == sourcePort && t.destinationPort == destinationPort
                && t.seq == seq && t.ack == ack && t.flags == flags && t.window == window && t.urgent == urgent
                && t.options.equals(options) && Arrays.equals(t.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourcePort, destinationPort, seq, ack, flags, window, urgent, options)
                * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "TcpRepr[" + sourcePort + " > " + destinationPort + ", flags=" + TcpPacket.flagNames(flags)
                + ", seq=" + Integer.toUnsignedString(seq) + ", ack=" + Integer.toUnsignedString(ack)
                + ", window=" + window + ", urgent=" + urgent + ", options=" + options
                + ", payload=" + IcmpCodec.hex(payload) + "]";
    }

    /**
     * The options this stack understands (RFC 9293 §3.2 MSS; RFC 7323 §2 window scale and §3
     * timestamps; RFC 2018 SACK-permitted).
     *
     * @param mss           the maximum segment size, 0..65535, or -1 when absent
     * @param windowScale   the shift count as sent, 0..255 (a receiver uses at most 14), or -1 when absent
     * @param sackPermitted SACK-permitted present
     * @param timestamps    the timestamps option present
     * @param tsVal         TSval (32 bits); 0 without timestamps
     * @param tsEcr         TSecr (32 bits); 0 without timestamps
     */
    public record Options(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal,
                          int tsEcr) {
        public static final Options NONE = new Options(-1, -1, false, false, 0, 0);

        public Options {
            if (mss != -1) {
                Bytes.check16(mss, "MSS");
            }
            if (windowScale != -1) {
                Bytes.check8(windowScale, "window scale");
            }
            if (!timestamps && (tsVal != 0 || tsEcr != 0)) {
                throw new IllegalArgumentException("tsVal and tsEcr without the timestamps option");
            }
        }

        /** Only an MSS option, as {@link TcpPacket#emit} writes on a SYN. */
        public static Options mss(int mss) {
            return new Options(mss, -1, false, false, 0, 0);
        }

        /** What a Linux SYN offers by default: MSS, SACK-permitted, timestamps (TSecr 0) and window scale. */
        public static Options linuxSyn(int mss, int windowScale, int tsVal) {
            return new Options(mss, windowScale, true, true, tsVal, 0);
        }

        /** Only timestamps, as every segment after the handshake carries once they are agreed. */
        public static Options timestamps(int tsVal, int tsEcr) {
            return new Options(-1, -1, false, true, tsVal, tsEcr);
        }

        /** The values a {@link TcpOptions} holder has just parsed. */
        public static Options of(TcpOptions o) {
            return new Options(o.mss, o.windowScale, o.sackPermitted, o.timestamps, o.tsVal, o.tsEcr);
        }

        /** The bytes {@link #emit} writes, a multiple of 4. */
        public int length() {
            int n = mss >= 0 ? 4 : 0;
            if (timestamps) {
                n += 12;               // SACK_PERM + TS, or NOP NOP TS
            } else if (sackPermitted) {
                n += 4;                // NOP NOP SACK_PERM
            }
            return n + (windowScale >= 0 ? 4 : 0);   // NOP WS
        }

        /**
         * Writes the options at {@code off} in Linux's order, each 4-byte aligned with NOPs: MSS;
         * SACK-permitted and timestamps together (or either alone after two NOPs); NOP and window
         * scale.
         */
        public void emit(byte[] b, int off) {
            int i = off;
            if (mss >= 0) {
                b[i] = TcpOptions.KIND_MSS;
                b[i + 1] = 4;
                Bytes.put16(b, i + 2, mss);
                i += 4;
            }
            if (timestamps) {
                if (sackPermitted) {
                    b[i] = TcpOptions.KIND_SACK_PERMITTED;
                    b[i + 1] = 2;
                } else {
                    b[i] = TcpOptions.KIND_NOP;
                    b[i + 1] = TcpOptions.KIND_NOP;
                }
                b[i + 2] = TcpOptions.KIND_TIMESTAMPS;
                b[i + 3] = 10;
                Bytes.put32(b, i + 4, tsVal);
                Bytes.put32(b, i + 8, tsEcr);
                i += 12;
            } else if (sackPermitted) {
                b[i] = TcpOptions.KIND_NOP;
                b[i + 1] = TcpOptions.KIND_NOP;
                b[i + 2] = TcpOptions.KIND_SACK_PERMITTED;
                b[i + 3] = 2;
                i += 4;
            }
            if (windowScale >= 0) {
                b[i] = TcpOptions.KIND_NOP;
                b[i + 1] = TcpOptions.KIND_WINDOW_SCALE;
                b[i + 2] = 3;
                b[i + 3] = (byte) windowScale;
            }
        }

        @Override
        public String toString() {
            if (equals(NONE)) {
                return "[]";
            }
            StringBuilder sb = new StringBuilder("[");
            if (mss >= 0) {
                sb.append("mss ").append(mss).append(',');
            }
            if (sackPermitted) {
                sb.append("sackOK,");
            }
            if (timestamps) {
                sb.append("TS val ").append(Integer.toUnsignedString(tsVal))
                        .append(" ecr ").append(Integer.toUnsignedString(tsEcr)).append(',');
            }
            if (windowScale >= 0) {
                sb.append("wscale ").append(windowScale).append(',');
            }
            sb.setLength(sb.length() - 1);
            return sb.append(']').toString();
        }
    }
}
