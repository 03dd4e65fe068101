package io.netstack4j.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A write cursor for one DNS message, with the name compression table. Without an array it only
 * counts, which is how a message's length is known before it is written: compression depends only
 * on the offsets, so counting and writing make the same choices.
 */
final class DnsWriter {
    private final byte[] b;     // null: count only
    private final int start;
    private int pos;
    private final Map<String, Integer> table;

    /**
     * @param b        where to write, or null to count only
     * @param off      where the message starts (compression offsets are relative to it)
     * @param compress whether to compress names (RFC 1035 §4.1.4)
     */
    DnsWriter(byte[] b, int off, boolean compress) {
        this.b = b;
        this.start = off;
        this.pos = off;
        this.table = compress ? new HashMap<>() : null;
    }

    /** Octets written so far: the offset of the next one from the start of the message. */
    int offset() {
        return pos - start;
    }

    void u8(int v) {
        if (b != null) {
            Objects.checkIndex(pos, b.length);
            b[pos] = (byte) v;
        }
        pos++;
    }

    void u16(int v) {
        if (b != null) {
            Objects.checkFromIndexSize(pos, 2, b.length);
            Bytes.put16(b, pos, v);
        }
        pos += 2;
    }

    void u32(long v) {
        u16((int) (v >>> 16) & 0xFFFF);
        u16((int) v & 0xFFFF);
    }

    void bytes(byte[] v, int off, int len) {
        if (b != null) {
            Objects.checkFromIndexSize(pos, len, b.length);
            System.arraycopy(v, off, b, pos, len);
        }
        pos += len;
    }

    /** Overwrites the 16-bit value at {@code offset} (from the start of the message), e.g. an RDLENGTH. */
    void patchU16(int offset, int v) {
        if (b != null) {
            Bytes.put16(b, start + offset, v);
        }
    }

    void name(DnsName name) {
        DnsNameCompression.write(this, name, table);
    }
}
