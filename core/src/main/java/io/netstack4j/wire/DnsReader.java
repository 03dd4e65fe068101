package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Arrays;

/**
 * A read cursor over one DNS message: every read is bounds-checked against the end of the
 * message and fails with {@link DropReason#TRUNCATED}, never with an index exception. Names are
 * read by {@link DnsNameCompression#read}, which may look back anywhere in the message.
 */
final class DnsReader {
    /** The message's bytes; {@link #start} is its first octet, the origin of compression offsets. */
    final byte[] b;
    final int start;
    /** One past the message's last octet. */
    final int end;
    /** The absolute index of the next octet to read. */
    int pos;

    DnsReader(byte[] b, int off, int len) {
        this.b = b;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    /** Octets left before the end of the message. */
    int remaining() {
        return end - pos;
    }

    /** Fails unless {@code n} more octets are there; {@code what} names them in the detail. */
    void need(int n, String what) throws MalformedPacketException {
        if (n > end - pos) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "DNS message ends %2$d octets inside %1$s at offset %3$d", what, n - (end - pos), pos - start);
        }
    }

    int u8(String what) throws MalformedPacketException {
        need(1, what);
        return b[pos++] & 0xFF;
    }

    int u16(String what) throws MalformedPacketException {
        need(2, what);
        int v = Bytes.u16(b, pos);
        pos += 2;
        return v;
    }

    long u32(String what) throws MalformedPacketException {
        need(4, what);
        long v = Integer.toUnsignedLong(Bytes.u32(b, pos));
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String what) throws MalformedPacketException {
        need(n, what);
        byte[] v = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return v;
    }

    DnsName name(String what) throws MalformedPacketException {
        return DnsNameCompression.read(this, what);
    }
}
