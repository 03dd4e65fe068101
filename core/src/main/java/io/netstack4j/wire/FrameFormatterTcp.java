package io.netstack4j.wire;

import java.util.HexFormat;

/**
 * The TCP part of a {@link FrameFormatter} line, in the words of {@code tcpdump -n -S} (absolute
 * sequence numbers):
 *
 * <pre>
 * Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 7 ecr 0,nop,wscale 7], length 0
 * Flags [P.], seq 1001:1019, ack 5001, win 502, options [nop,nop,TS val 9 ecr 8], length 18
 * Flags [.], ack 1019, win 501, length 0
 * </pre>
 *
 * <p>Flag letters, lowest bit first: F(IN) S(YN) R(ST) P(SH) .(ACK) U(RG) E(CE) W(CWR), "none" if
 * no bit is set. The sequence number is shown when the segment occupies sequence space or resets
 * (SYN, FIN, RST or data), as a range {@code first:next} when it carries data; {@code ack} when ACK
 * is set; {@code urg} when URG is set; every option in the order sent. The header fields are those
 * of RFC 9293 §3.1, the options those of §3.2 and RFC 7323 and RFC 2018. The checksum is not
 * verified (the segment may be ours, leaving with its checksum offloaded).
 */
final class FrameFormatterTcp {
    private static final char[] FLAG_LETTERS = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W'};   // bit 0 .. bit 7

    private FrameFormatterTcp() {
    }

    /** Appends the description of the segment at {@code off}, {@code len} bytes with a valid data offset. */
    static void segment(StringBuilder sb, byte[] b, int off, int len) {
        int flags = TcpPacket.flags(b, off);
        int hl = TcpPacket.headerLength(b, off);
        int dataLen = len - hl;
        sb.append("Flags [");
        for (int i = 0; i < FLAG_LETTERS.length; i++) {
            if ((flags & 1 << i) != 0) {
                sb.append(FLAG_LETTERS[i]);
            }
        }
        if (flags == 0) {
            sb.append("none");
        }
        sb.append(']');
        int seq = TcpPacket.seq(b, off);
        if (dataLen > 0 || (flags & (TcpPacket.SYN | TcpPacket.FIN | TcpPacket.RST)) != 0) {
            sb.append(", seq ").append(Integer.toUnsignedString(seq));
            if (dataLen > 0) {
                sb.append(':').append(Integer.toUnsignedString(seq + dataLen));
            }
        }
        if ((flags & TcpPacket.ACK) != 0) {
            sb.append(", ack ").append(Integer.toUnsignedString(TcpPacket.ack(b, off)));
        }
        sb.append(", win ").append(TcpPacket.window(b, off));
        if ((flags & TcpPacket.URG) != 0) {
            sb.append(", urg ").append(TcpPacket.urgentPointer(b, off));
        }
        if (hl > TcpPacket.HEADER_LEN) {
            sb.append(", options [");
            options(sb, b, off + TcpPacket.HEADER_LEN, off + hl);
            sb.append(']');
        }
        sb.append(", length ").append(dataLen);
    }

    /** Each option between {@code i} and {@code end}, comma-separated; stops at END or a bad length. */
    private static void options(StringBuilder sb, byte[] b, int i, int end) {
        boolean first = true;
        while (i < end) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            int kind = b[i] & 0xFF;
            if (kind == TcpOptions.KIND_END) {
                sb.append("eol");
                return;
            }
            if (kind == TcpOptions.KIND_NOP) {
                sb.append("nop");
                i++;
                continue;
            }
            int len = i + 1 < end ? b[i + 1] & 0xFF : 0;
            if (len < 2 || i + len > end || !option(sb, b, i, kind, len)) {
                sb.append("bad opt");
                return;
            }
            i += len;
        }
    }

    /** Appends one option of {@code len} bytes at {@code i}; false if its length is wrong for its kind. */
    private static boolean option(StringBuilder sb, byte[] b, int i, int kind, int len) {
        switch (kind) {
            case TcpOptions.KIND_MSS -> {
                if (len != 4) {
                    return false;
                }
                sb.append("mss ").append(Bytes.u16(b, i + 2));
            }
            case TcpOptions.KIND_WINDOW_SCALE -> {
                if (len != 3) {
                    return false;
                }
                sb.append("wscale ").append(b[i + 2] & 0xFF);
            }
            case TcpOptions.KIND_SACK_PERMITTED -> {
                if (len != 2) {
                    return false;
                }
                sb.append("sackOK");
            }
            case TcpOptions.KIND_SACK -> {
                if ((len - 2) % 8 != 0) {
                    return false;
                }
                sb.append("sack ").append((len - 2) / 8).append(' ');
                for (int j = i + 2; j < i + len; j += 8) {
                    sb.append('{').append(Integer.toUnsignedString(Bytes.u32(b, j))).append(':')
                            .append(Integer.toUnsignedString(Bytes.u32(b, j + 4))).append('}');
                }
            }
            case TcpOptions.KIND_TIMESTAMPS -> {
                if (len != 10) {
                    return false;
                }
                sb.append("TS val ").append(Integer.toUnsignedString(Bytes.u32(b, i + 2)))
                        .append(" ecr ").append(Integer.toUnsignedString(Bytes.u32(b, i + 6)));
            }
            default -> {
                sb.append("unknown-").append(kind);
                if (len > 2) {
                    sb.append(" 0x").append(HexFormat.of().formatHex(b, i + 2, i + len));
                }
            }
        }
        return true;
    }
}
