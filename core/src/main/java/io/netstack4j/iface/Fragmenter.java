package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;

/**
 * Hands datagrams to the LAN driver, fragmenting those larger than the MTU (RFC 791 §3.2,
 * "Fragmentation"; RFC 1122 §3.3.3). A datagram that fits goes out in its own buffer, the Ethernet
 * header pushed in front of it; a larger one is cut into fragments, each copied into a buffer of
 * its own with its header written in front.
 */
final class Fragmenter {
    private final EthernetLayer link;
    private final PacketPool pool;
    private final StackStats stats;
    private final int mtu;

    Fragmenter(EthernetLayer link, PacketPool pool, StackStats stats, int mtu) {
        this.link = link;
        this.pool = pool;
        this.stats = stats;
        this.mtu = mtu;
    }

    /** Whether a payload of {@code len} bytes fits one frame behind a 20-byte header. */
    boolean fits(int len) {
        return Ipv4Repr.MIN_HEADER_LEN + len <= mtu;
    }

    int mtu() {
        return mtu;
    }

    /**
     * Sends the datagram in {@code d} (window: a 20-byte header, offset 0, MF clear, then the
     * payload) to {@code mac}; {@code d} is ours from here on. The caller has checked DF.
     */
    void send(PacketBuffer d, long mac, long now) {
        if (d.totalLength() <= mtu || d.segmentSize() > 0) {   // a TCP segment the link cuts up (TSO) is never fragmented
            link.transmit(d, mac, EtherType.IPV4, now);
            return;
        }
        byte[] b = d.array();
        int h = d.start();
        int src = Bytes.u32(b, h + 12);
        int dst = Bytes.u32(b, h + 16);
        int protocol = b[h + 9] & 0xFF;
        int ttl = b[h + 8] & 0xFF;
        int id = Bytes.u16(b, h + 4);
        int df = ((b[h + 6] & 0xFF) << 8) & 0x4000;
        int payload = h + Ipv4Repr.MIN_HEADER_LEN;
        int len = d.length() - Ipv4Repr.MIN_HEADER_LEN;
        // Every fragment but the last carries a multiple of 8 bytes (the offset unit).
        int chunk = (mtu - Ipv4Repr.MIN_HEADER_LEN) & ~7;
        try {
            for (int o = 0; o < len; o += chunk) {
                int n = Math.min(chunk, len - o);
                boolean more = o + n < len;
                PacketBuffer f = pool.acquire();
                System.arraycopy(b, payload + o, f.array(), f.append(n), n);
                Ipv4Packet.emit(f.array(), f.prepend(Ipv4Repr.MIN_HEADER_LEN), src, dst, protocol, ttl, id,
                        df | (more ? 0x2000 : 0) | (o >>> 3), Ipv4Repr.MIN_HEADER_LEN + n);
                stats.ipFragmentsOut++;
                link.transmit(f, mac, EtherType.IPV4, now);
            }
        } finally {
            d.release();
        }
    }
}
