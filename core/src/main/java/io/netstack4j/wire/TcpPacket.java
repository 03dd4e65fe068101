package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/**
 * A TCP segment (RFC 9293 §3.1) read and written in place, for the data path: {@link #check}
 * verifies a segment and returns why it fails instead of throwing, the accessors read its fields,
 * {@link #emit} writes a header (with an MSS option on a SYN) in front of data already in place and
 * {@link #finishChecksum} completes it. Nothing is allocated. {@link TcpOptions} parses the options.
 */
public final class TcpPacket {
    /** The fixed header: 20 bytes (data offset 5). */
    public static final int HEADER_LEN = 20;
    /** The largest header: data offset 15, 60 bytes. */
    public static final int MAX_HEADER_LEN = 60;
    /** The MSS option as we send it (kind 2, length 4, RFC 9293 §3.2). */
    public static final int MSS_OPTION_LEN = 4;
    /** The timestamps option as we send it: NOP, NOP, kind 8, length 10, TSval, TSecr (RFC 7323 §3.2, Appendix A). */
    public static final int TIMESTAMPS_OPTION_LEN = 12;
    /** The window-scale option as we send it: NOP, kind 3, length 3, shift (RFC 7323 §2.2). */
    public static final int WINDOW_SCALE_OPTION_LEN = 4;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TcpPacket() {
    }

    /**
     * Checks the segment at {@code off} ({@code len} bytes, the whole IP payload).
     *
     * @param verifyChecksum false when the link has verified the checksum already
     * @return null if well formed, else TRUNCATED (under 20 bytes), TCP_BAD_DATA_OFFSET (below 5
     *         words or beyond {@code len}) or BAD_CHECKSUM
     */
    public static DropReason check(byte[] b, int off, int len, IpHeader ip, boolean verifyChecksum) {
        if (len < HEADER_LEN) {
            return DropReason.TRUNCATED;
        }
        int hl = headerLength(b, off);
        if (hl < HEADER_LEN || hl > len) {
            return DropReason.TCP_BAD_DATA_OFFSET;
        }
        if (verifyChecksum && Checksum.finish(Checksum.add(b, off, len, ip.pseudoHeaderSum(len))) != 0) {
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

    /** SEG.SEQ. */
    public static int seq(byte[] b, int off) {
        return Bytes.u32(b, off + 4);
    }

    /** SEG.ACK (meaningful with ACK set). */
    public static int ack(byte[] b, int off) {
        return Bytes.u32(b, off + 8);
    }

    /** The header length in bytes: Data Offset × 4. */
    public static int headerLength(byte[] b, int off) {
        return (b[off + 12] >> 4 & 0x0F) * 4;
    }

    /** The eight control bits (CWR ECE URG ACK PSH RST SYN FIN). */
    public static int flags(byte[] b, int off) {
        return b[off + 13] & 0xFF;
    }

    /** SEG.WND, unscaled. */
    public static int window(byte[] b, int off) {
        return Bytes.u16(b, off + 14);
    }

    public static int checksum(byte[] b, int off) {
        return Bytes.u16(b, off + 16);
    }

    public static int urgentPointer(byte[] b, int off) {
        return Bytes.u16(b, off + 18);
    }

    /**
     * Writes a header at {@code off}: 20 bytes, or 24 with an MSS option when {@code mss > 0}. The
     * checksum field is left zero for {@link #finishChecksum}.
     *
     * @return the header length written
     */
    public static int emit(byte[] b, int off, int sourcePort, int destinationPort, int seq, int ack, int flags,
                           int window, int mss) {
        return emit(b, off, sourcePort, destinationPort, seq, ack, flags, window, mss, false, 0, 0);
    }

    /**
     * As {@link #emit(byte[], int, int, int, int, int, int, int, int)}, with the timestamps option
     * after the MSS option when {@code timestamps} is set (RFC 7323 §3.2): 32 bytes of header on a
     * data segment, 36 on a SYN.
     *
     * @return the header length written
     */
    public static int emit(byte[] b, int off, int sourcePort, int destinationPort, int seq, int ack, int flags,
                           int window, int mss, boolean timestamps, int tsVal, int tsEcr) {
        return emit(b, off, sourcePort, destinationPort, seq, ack, flags, window, mss, timestamps, tsVal, tsEcr, -1);
    }

    /**
     * As above, with the window-scale option last when {@code windowScale} is 0..14 (a SYN only,
     * RFC 7323 §2.2): 40 bytes of header for a SYN with all three.
     */
    public static int emit(byte[] b, int off, int sourcePort, int destinationPort, int seq, int ack, int flags,
                           int window, int mss, boolean timestamps, int tsVal, int tsEcr, int windowScale) {
        int hl = headerLength(mss, timestamps) + (windowScale >= 0 ? WINDOW_SCALE_OPTION_LEN : 0);
        Bytes.put16(b, off, sourcePort);
        Bytes.put16(b, off + 2, destinationPort);
        Bytes.put32(b, off + 4, seq);
        Bytes.put32(b, off + 8, ack);
        b[off + 12] = (byte) (hl / 4 << 4);
        b[off + 13] = (byte) flags;
        Bytes.put16(b, off + 14, window);
        Bytes.put16(b, off + 16, 0);
        Bytes.put16(b, off + 18, 0);
        if (mss > 0) {
            b[off + 20] = TcpOptions.KIND_MSS;
            b[off + 21] = 4;
            Bytes.put16(b, off + 22, mss);
        }
        if (timestamps) {
            int t = off + (mss > 0 ? HEADER_LEN + MSS_OPTION_LEN : HEADER_LEN);
            b[t] = TcpOptions.KIND_NOP;
            b[t + 1] = TcpOptions.KIND_NOP;
            b[t + 2] = TcpOptions.KIND_TIMESTAMPS;
            b[t + 3] = 10;
            Bytes.put32(b, t + 4, tsVal);
            Bytes.put32(b, t + 8, tsEcr);
        }
        if (windowScale >= 0) {
            int w = off + hl - WINDOW_SCALE_OPTION_LEN;
            b[w] = TcpOptions.KIND_NOP;
            b[w + 1] = TcpOptions.KIND_WINDOW_SCALE;
            b[w + 2] = 3;
            b[w + 3] = (byte) windowScale;
        }
        return hl;
    }

    /** The header length {@link #emit} writes for these options. */
    public static int headerLength(int mss, boolean timestamps) {
        return HEADER_LEN + (mss > 0 ? MSS_OPTION_LEN : 0) + (timestamps ? TIMESTAMPS_OPTION_LEN : 0);
    }

    /**
     * Completes the checksum of the {@code len}-byte segment at {@code off} (header and data) over
     * the pseudo-header of {@code src}, {@code dst}. With {@code partial} the link completes it
     * (transmit checksum offload): the field holds the folded pseudo-header sum and the data are not
     * read.
     */
    public static void finishChecksum(byte[] b, int off, int len, int src, int dst, boolean partial) {
        finishChecksum(b, off, len, b, 0, 0, 0, 0, src, dst, partial);
    }

    /**
     * As {@link #finishChecksum}, for a segment whose data follows the {@code hl}-byte header in
     * other places: {@code len} bytes of {@code a} at {@code off}, then {@code len2} at {@code off2}
     * (gathered by the link; see {@code PacketBuffer#attach}).
     */
    public static void finishChecksum(byte[] b, int at, int hl, byte[] a, int off, int len, int off2, int len2,
                                      int src, int dst, boolean partial) {
        long pseudo = Checksum.pseudoHeader(src, dst, IpProtocol.TCP, hl + len + len2);
        Bytes.put16(b, at + 16, 0);
        if (partial) {
            Bytes.put16(b, at + 16, ~Checksum.finish(pseudo) & 0xFFFF);
            return;
        }
        long sum = Checksum.add(b, at, hl, pseudo);
        sum = Checksum.addAfter(hl, a, off, len, sum);
        sum = Checksum.addAfter(hl + len, a, off2, len2, sum);
        Bytes.put16(b, at + 16, Checksum.finish(sum));
    }

    /** "SYN,ACK"-style flag names, for traces. */
    public static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & 1 << i) != 0) {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(names[i]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
