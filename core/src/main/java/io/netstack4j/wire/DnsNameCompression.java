package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reading and writing domain names with message compression (RFC 1035 §4.1.4).
 *
 * <p>A name on the wire is a sequence of labels (a length octet 1..63 and that many octets),
 * ending either with the zero-length root label or with a pointer: two octets {@code 11} +
 * a 14-bit offset from the start of the message, standing for the rest of the name found there.
 *
 * <p>Reading is defensive, since a pointer can be aimed anywhere:
 * <ul>
 *   <li>every pointer must point <em>strictly before</em> the place where the labels being read
 *       began (the start of the name, or the target of the previous pointer). Compressors only
 *       ever point at names written earlier, whose own pointers point earlier still, so real
 *       messages pass; a pointer to itself, to a later pointer, or two pointers aimed at each other
 *       cannot, so no loop is possible ({@link DropReason#DNS_COMPRESSION_LOOP});</li>
 *   <li>a pointer beyond the message is {@link DropReason#DNS_POINTER_OUT_OF_RANGE};</li>
 *   <li>at most {@value #MAX_POINTERS} pointers per name, and the assembled name is at most 255
 *       octets, so the work per name is bounded whatever the message
 *       ({@link DropReason#DNS_COMPRESSION_LOOP}, {@link DropReason#DNS_BAD_NAME});</li>
 *   <li>the label types {@code 01} and {@code 10} (a length octet of 64..191: the extended labels
 *       of RFC 6891 §5, or a label over 63 octets) are {@link DropReason#DNS_BAD_NAME};</li>
 *   <li>every octet read lies inside the message ({@link DropReason#TRUNCATED} otherwise).</li>
 * </ul>
 *
 * <p>Writing compresses greedily: for each name, the longest suffix already written at an offset a
 * pointer can reach (below 2^14) is replaced by a pointer to it. Suffixes are matched octet for
 * octet (case-sensitively), so a name always reads back with the case it was written with.
 */
final class DnsNameCompression {
    /** The most pointers followed while reading one name (a name has at most 127 labels). */
    static final int MAX_POINTERS = 127;
    /** The largest offset a 14-bit pointer can hold. */
    static final int MAX_POINTER_OFFSET = 0x3FFF;

    private DnsNameCompression() {
    }

    /** Reads the name at the reader's position and leaves the reader just after it (after its first pointer). */
    static DnsName read(DnsReader r, String what) throws MalformedPacketException {
        byte[] b = r.b;
        byte[] out = new byte[DnsName.MAX_LENGTH];
        int n = 0;
        int p = r.pos;
        int segmentStart = p;   // where the labels now being read began
        int resume = -1;        // where the reader continues: after the first pointer
        int pointers = 0;
        while (true) {
            if (p >= r.end) {
                throw truncated(r, what);
            }
            int len = b[p] & 0xFF;
            int kind = len >>> 6;
            if (kind == 0) {
                if (len == 0) {
                    out[n++] = 0;
                    p++;
                    break;
                }
                if (n + 1 + len + 1 > DnsName.MAX_LENGTH) {
                    throw new MalformedPacketException(DropReason.DNS_BAD_NAME,
                            "%s is longer than 255 octets (at offset %d)", what, p - r.start);
                }
                if (1 + len > r.end - p) {
                    throw truncated(r, what);
                }
                System.arraycopy(b, p, out, n, 1 + len);
                n += 1 + len;
                p += 1 + len;
            } else if (kind == 3) {
                if (2 > r.end - p) {
                    throw truncated(r, what);
                }
                int target = (len & 0x3F) << 8 | (b[p + 1] & 0xFF);
                int at = r.start + target;
                if (at >= r.end) {
                    throw new MalformedPacketException(DropReason.DNS_POINTER_OUT_OF_RANGE,
                            "compression pointer in %s at offset %d to offset %d, beyond the message's %d octets",
                            what, p - r.start, target, r.end - r.start);
                }
                if (at >= segmentStart) {
                    throw new MalformedPacketException(DropReason.DNS_COMPRESSION_LOOP,
                            "compression pointer in %s at offset %d to offset %d, not before offset %d",
                            what, p - r.start, target, segmentStart - r.start);
                }
                if (++pointers > MAX_POINTERS) {
                    throw new MalformedPacketException(DropReason.DNS_COMPRESSION_LOOP,
                            "more than %2$d compression pointers in %1$s", what, MAX_POINTERS);
                }
                if (resume < 0) {
                    resume = p + 2;
                }
                p = at;
                segmentStart = at;
            } else {
                throw new MalformedPacketException(DropReason.DNS_BAD_NAME,
                        "label type 0x%2$02x in %1$s at offset %3$d (an extended label, or a label over 63 octets)",
                        what, len & 0xC0, p - r.start);
            }
        }
        r.pos = resume >= 0 ? resume : p;
        return new DnsName(Arrays.copyOf(out, n));
    }

    private static MalformedPacketException truncated(DnsReader r, String what) {
        return new MalformedPacketException(DropReason.TRUNCATED, "DNS message ends inside %s", what);
    }

    /**
     * Writes {@code name}: with a compression table, the labels up to the longest suffix already in
     * the table and then a pointer to it (recording the new suffixes); without one, uncompressed.
     *
     * @param table suffix (its uncompressed wire form as ISO-8859-1 text) → offset in the message;
     *              null to write without compression
     */
    static void write(DnsWriter w, DnsName name, Map<String, Integer> table) {
        byte[] wire = name.wire();
        if (table == null) {
            w.bytes(wire, 0, wire.length);
            return;
        }
        int p = 0;
        while (wire[p] != 0) {
            String suffix = new String(wire, p, wire.length - p, StandardCharsets.ISO_8859_1);
            Integer at = table.get(suffix);
            if (at != null) {
                w.u16(0xC000 | at);
                return;
            }
            if (w.offset() <= MAX_POINTER_OFFSET) {
                table.put(suffix, w.offset());
            }
            int n = 1 + wire[p];
            w.bytes(wire, p, n);
            p += n;
        }
        w.u8(0);
    }
}
