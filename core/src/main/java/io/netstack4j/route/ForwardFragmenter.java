package io.netstack4j.route;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.SendResult;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.Ipv4Repr;

/**
 * Cuts a forwarded datagram into fragments for a link with a smaller MTU (RFC 791 §3.2,
 * "Fragmentation"; RFC 1812 §5.2.6). Unlike the host's {@code iface.Fragmenter}, the datagram may
 * carry options and may be a fragment already: the first fragment keeps the whole header, the
 * others only the options with the copied flag; offsets count from the datagram's own offset, and
 * MF stays set on the last piece of a datagram that had it. Each fragment is copied into a buffer
 * of the outgoing interface's pool.
 */
final class ForwardFragmenter {
    private final RouterStats stats;
    /** The header of the fragments after the first: 20 bytes and the copied options (at most 40). */
    private final byte[] rest = new byte[60];

    ForwardFragmenter(RouterStats stats) {
        this.stats = stats;
    }

    /**
     * Sends {@code d} (window: the datagram, DF clear, longer than {@code out}'s MTU; its TTL
     * already decremented) in fragments to {@code nextHop}; {@code d} is released.
     *
     * @return whether every fragment was accepted (sent or queued for ARP)
     */
    boolean send(PacketBuffer d, RouterInterface out, int nextHop, long now) {
        byte[] b = d.array();
        int h = d.start();
        int hlen = (b[h] & 0x0F) * 4;
        int total = Bytes.u16(b, h + 2);
        int flags = Bytes.u16(b, h + 6);
        boolean moreAfter = (flags & ForwardHeader.FLAG_MF) != 0;
        int offset0 = (flags & ForwardHeader.OFFSET_MASK) * 8;
        System.arraycopy(b, h, rest, 0, Ipv4Repr.MIN_HEADER_LEN);
        int restLen = Ipv4Repr.MIN_HEADER_LEN + ForwardHeader.copiedOptions(b, h, hlen, rest, Ipv4Repr.MIN_HEADER_LEN);
        int mtu = out.mtu();
        int payload = h + hlen;
        int len = total - hlen;
        boolean all = true;
        try {
            int o = 0;
            boolean first = true;
            while (o < len) {
                int headerLen = first ? hlen : restLen;
                // Every fragment but the last carries a multiple of 8 bytes (the offset unit).
                int n = Math.min((mtu - headerLen) & ~7, len - o);
                boolean more = o + n < len || moreAfter;
                PacketBuffer f = out.stack().allocate();
                System.arraycopy(b, payload + o, f.array(), f.append(n), n);
                int at = f.prepend(headerLen);
                byte[] fb = f.array();
                if (first) {
                    System.arraycopy(b, h, fb, at, hlen);
                } else {
                    System.arraycopy(rest, 0, fb, at, restLen);
                }
                fb[at] = (byte) (0x40 | (headerLen / 4));
                Bytes.put16(fb, at + 2, headerLen + n);
                Bytes.put16(fb, at + 6, (more ? ForwardHeader.FLAG_MF : 0) | ((offset0 + o) >>> 3));
                Bytes.put16(fb, at + 10, 0);
                Bytes.put16(fb, at + 10, Checksum.compute(fb, at, headerLen));
                SendResult r = out.stack().transmitDatagram(f, nextHop, now);
                if (r.accepted()) {
                    stats.fragmentsOut++;
                } else {
                    all = false;
                }
                o += n;
                first = false;
            }
        } finally {
            d.release();
        }
        return all;
    }
}
