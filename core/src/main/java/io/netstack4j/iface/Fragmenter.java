package io.netstack4j.iface;

import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;

/**
 * Puts datagrams on the link, fragmenting those larger than the MTU (RFC 791 §3.2,
 * "Fragmentation"; RFC 1122 §3.3.3). Each frame is built in the one transmit buffer: the payload
 * (or the fragment's slice of it) is copied to {@link #PAYLOAD_OFFSET}, then the IPv4 header and the
 * Ethernet header are written in the space reserved in front of it.
 */
final class Fragmenter {
    /** Ethernet header, then a 20-byte IPv4 header, then the payload. */
    static final int PAYLOAD_OFFSET = EthernetLayer.HEADER_LEN + Ipv4Repr.MIN_HEADER_LEN;

    private final EthernetLayer link;
    private final StackStats stats;
    private final int mtu;
    private final byte[] tx;

    Fragmenter(EthernetLayer link, StackStats stats, int mtu) {
        this.link = link;
        this.stats = stats;
        this.mtu = mtu;
        this.tx = new byte[EthernetLayer.HEADER_LEN + mtu];
    }

    /** The transmit buffer: a payload written at {@link #PAYLOAD_OFFSET} is sent without a copy. */
    byte[] buffer() {
        return tx;
    }

    /** Whether a payload of {@code len} bytes fits one frame (so it can be written in place). */
    boolean fits(int len) {
        return Ipv4Repr.MIN_HEADER_LEN + len <= mtu;
    }

    /**
     * Sends datagram {@code ip} (a 20-byte header, offset 0, MF clear; Total Length matching
     * {@code len}) to {@code mac}. The caller has checked DF against the MTU.
     */
    void send(Ipv4Repr ip, byte[] payload, int off, int len, MacAddress mac, long now) {
        if (fits(len)) {
            if (payload != tx || off != PAYLOAD_OFFSET) {
                System.arraycopy(payload, off, tx, PAYLOAD_OFFSET, len);
            }
            ip.emit(tx, EthernetLayer.HEADER_LEN);
            link.transmit(mac, EtherType.IPV4, tx, Ipv4Repr.MIN_HEADER_LEN + len, now);
            return;
        }
        // Every fragment but the last carries a multiple of 8 bytes (the offset unit).
        int chunk = (mtu - Ipv4Repr.MIN_HEADER_LEN) & ~7;
        for (int o = 0; o < len; o += chunk) {
            int n = Math.min(chunk, len - o);
            boolean more = o + n < len;
            System.arraycopy(payload, off + o, tx, PAYLOAD_OFFSET, n);
            ip.withFragment(o, more, n).emit(tx, EthernetLayer.HEADER_LEN);
            stats.ipFragmentsOut++;
            link.transmit(mac, EtherType.IPV4, tx, Ipv4Repr.MIN_HEADER_LEN + n, now);
        }
    }
}
