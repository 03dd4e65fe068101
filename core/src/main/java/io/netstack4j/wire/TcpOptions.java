package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/**
 * The options of one TCP segment (RFC 9293 §3.1, §3.2), parsed into a reusable holder: one per
 * stack, filled by {@link #parse} for each segment, so nothing is allocated per segment. Only MSS
 * is used today; window scale (RFC 7323 §2), timestamps (RFC 7323 §3) and SACK-permitted (RFC 2018)
 * are recognised and recorded, so a Linux peer that offers them falls back cleanly when our SYN+ACK
 * does not echo them. Unknown kinds are skipped by their length (RFC 9293 §3.1: "must be prepared to
 * handle an illegal option length").
 */
public final class TcpOptions {
    public static final byte KIND_END = 0;
    public static final byte KIND_NOP = 1;
    public static final byte KIND_MSS = 2;
    public static final byte KIND_WINDOW_SCALE = 3;
    public static final byte KIND_SACK_PERMITTED = 4;
    public static final byte KIND_SACK = 5;
    public static final byte KIND_TIMESTAMPS = 8;

    /** The MSS option's value, or -1 when absent. */
    public int mss = -1;
    /** The window-scale shift, or -1 when absent. */
    public int windowScale = -1;
    public boolean sackPermitted;
    public boolean timestamps;
    public int tsVal;
    public int tsEcr;

    /** Clears every field. */
    public void clear() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
    }

    /**
     * Parses the options of the segment at {@code off} (between byte 20 and its header length).
     *
     * @return null, or TCP_BAD_OPTION when an option's length is below 2 or runs past the header,
     *         or a known option has the wrong length
     */
    public DropReason parse(byte[] b, int off) {
        clear();
        int end = off + TcpPacket.headerLength(b, off);
        int i = off + TcpPacket.HEADER_LEN;
        while (i < end) {
            int kind = b[i] & 0xFF;
            if (kind == KIND_END) {
                return null;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return DropReason.TCP_BAD_OPTION;
            }
            int len = b[i + 1] & 0xFF;
            if (len < 2 || i + len > end) {
                return DropReason.TCP_BAD_OPTION;
            }
            switch (kind) {
                case KIND_MSS -> {
                    if (len != 4) {
                        return DropReason.TCP_BAD_OPTION;
                    }
                    mss = Bytes.u16(b, i + 2);
                }
                case KIND_WINDOW_SCALE -> {
                    if (len != 3) {
                        return DropReason.TCP_BAD_OPTION;
                    }
                    windowScale = Math.min(14, b[i + 2] & 0xFF);   // RFC 7323 §2.3: at most 14
                }
                case KIND_SACK_PERMITTED -> {
                    if (len != 2) {
                        return DropReason.TCP_BAD_OPTION;
                    }
                    sackPermitted = true;
                }
                case KIND_TIMESTAMPS -> {
                    if (len != 10) {
                        return DropReason.TCP_BAD_OPTION;
                    }
                    timestamps = true;
                    tsVal = Bytes.u32(b, i + 2);
                    tsEcr = Bytes.u32(b, i + 6);
                }
                default -> {
                    // SACK blocks and unknown kinds: skipped by length.
                }
            }
            i += len;
        }
        return null;
    }
}
