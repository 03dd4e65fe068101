package io.netstack4j.route;

import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Ipv4Repr;

/**
 * What a router does to an IPv4 header in place: the TTL decrement with its incremental checksum
 * update (RFC 1624), and the options a fragment keeps (RFC 791 §3.1, the copied flag) or a router
 * refuses (source routes, RFC 7126). Static and pure.
 */
final class ForwardHeader {
    /** The flags and fragment offset word (RFC 791 §3.1). */
    static final int FLAG_DF = 0x4000;
    static final int FLAG_MF = 0x2000;
    static final int OFFSET_MASK = 0x1FFF;
    static final int OPTION_END = 0;
    static final int OPTION_NOP = 1;
    /** Loose and strict source and record route (RFC 791 §3.1). */
    static final int OPTION_LSRR = 131;
    static final int OPTION_SSRR = 137;
    /** The copied flag: the option goes into every fragment. */
    private static final int COPIED = 0x80;

    private ForwardHeader() {
    }

    /**
     * Decrements the TTL of the header at {@code b[off]} (TTL at least 1) and updates its checksum
     * by RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), m the old TTL/protocol word and m' the new one:
     * no pass over the header (RFC 1812 §5.3.1, §5.2.2 allows the incremental update).
     */
    static void decrementTtl(byte[] b, int off) {
        int m = Bytes.u16(b, off + 8);
        int m2 = m - 0x100;
        int hc = Bytes.u16(b, off + 10);
        int sum = (~hc & 0xFFFF) + (~m & 0xFFFF) + m2;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        Bytes.put16(b, off + 8, m2);
        Bytes.put16(b, off + 10, ~sum & 0xFFFF);
    }

    /** Whether the options of the header at {@code b[off]} ({@code hlen} bytes) hold a source route. */
    static boolean hasSourceRoute(byte[] b, int off, int hlen) {
        int i = off + Ipv4Repr.MIN_HEADER_LEN;
        int end = off + hlen;
        while (i < end) {
            int type = b[i] & 0xFF;
            if (type == OPTION_END) {
                return false;
            }
            if (type == OPTION_NOP) {
                i++;
                continue;
            }
            if (type == OPTION_LSRR || type == OPTION_SSRR) {
                return true;
            }
            int len = i + 1 < end ? b[i + 1] & 0xFF : 0;
            if (len < 2) {
                return false;   // malformed: stop reading
            }
            i += len;
        }
        return false;
    }

    /**
     * Copies the options of the header at {@code b[off]} ({@code hlen} bytes) that carry the copied
     * flag to {@code out[at..)}, padded with End of Option List to a multiple of 4 (RFC 791,
     * fragmentation: "the options not copied are removed").
     *
     * @return how many bytes were written (0..40)
     */
    static int copiedOptions(byte[] b, int off, int hlen, byte[] out, int at) {
        int i = off + Ipv4Repr.MIN_HEADER_LEN;
        int end = off + hlen;
        int n = 0;
        while (i < end) {
            int type = b[i] & 0xFF;
            if (type == OPTION_END) {
                break;
            }
            if (type == OPTION_NOP) {
                i++;
                continue;
            }
            int len = i + 1 < end ? b[i + 1] & 0xFF : 0;
            if (len < 2 || i + len > end) {
                break;   // malformed: keep what came before
            }
            if ((type & COPIED) != 0) {
                System.arraycopy(b, i, out, at + n, len);
                n += len;
            }
            i += len;
        }
        while ((n & 3) != 0) {
            out[at + n++] = OPTION_END;
        }
        return n;
    }
}
