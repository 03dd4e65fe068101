package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.MacAddress;

/**
 * The LAN driver: Ethernet II framing (RFC 894) in and out. Accepts frames addressed to our MAC or
 * to the broadcast address; multicast and other hosts' unicast are dropped as NOT_FOR_US. Hands ARP
 * to {@link ArpLayer} and IPv4 to {@link Ipv4Input}. Addresses are compared as 48-bit values read
 * straight from the frame: nothing is allocated per frame.
 */
final class EthernetLayer {
    static final int HEADER_LEN = EthernetRepr.HEADER_LEN;
    private static final long BROADCAST = MacAddress.BROADCAST.bits();
    /** The I/G bit: set in group (multicast and broadcast) addresses. */
    private static final long GROUP_BIT = 0x0100_0000_0000L;

    private final MacAddress mac;
    private final long macBits;
    private final FrameSink sink;
    private final StackStats stats;
    private ArpLayer arp;
    private Ipv4Input ipv4;

    EthernetLayer(MacAddress mac, FrameSink sink, StackStats stats) {
        this.mac = mac;
        this.macBits = mac.bits();
        this.sink = sink;
        this.stats = stats;
    }

    void connect(ArpLayer arp, Ipv4Input ipv4) {
        this.arp = arp;
        this.ipv4 = ipv4;
    }

    MacAddress mac() {
        return mac;
    }

    /** One frame, window on the whole frame; the buffer is ours from here on. */
    void receive(PacketBuffer p, long now) {
        int len = p.length();
        stats.rxFrames++;
        stats.rxBytes += len;
        byte[] b = p.array();
        int off = p.start();
        if (len < HEADER_LEN) {
            drop(p, DropReason.TRUNCATED);
            return;
        }
        int type = Bytes.u16(b, off + 12);
        if (type < EtherType.MIN_ETHER_TYPE) {
            // An IEEE 802.3 length field instead of an EtherType.
            drop(p, DropReason.UNSUPPORTED);
            return;
        }
        long dst = Bytes.u48(b, off);
        boolean broadcast = dst == BROADCAST;
        if (!broadcast && dst != macBits) {
            // Another host's unicast (a switch flooding an unknown address) or multicast, which we
            // have not joined (no IGMP yet).
            drop(p, DropReason.NOT_FOR_US);
            return;
        }
        if ((Bytes.u48(b, off + 6) & GROUP_BIT) != 0) {
            // IEEE 802: a source address is always an individual address.
            drop(p, DropReason.BAD_SOURCE);
            return;
        }
        p.advance(HEADER_LEN);
        switch (type) {
            case EtherType.ARP -> {
                arp.receive(b, p.start(), p.length(), now);
                p.release();
            }
            case EtherType.IPV4 -> ipv4.receive(p, broadcast, now);
            default -> drop(p, DropReason.UNSUPPORTED);
        }
    }

    private void drop(PacketBuffer p, DropReason reason) {
        stats.link.count(reason);
        p.release();
    }

    /**
     * Pushes the Ethernet header in front of the packet in {@code p} and hands the frame to the
     * sink (with any data attached, for the link to gather; cut up when it carries a segment size,
     * TSO), then releases {@code p}.
     * Frames are not padded to 60 bytes: a TAP device or a virtual
     * LAN does not need it.
     */
    void transmit(PacketBuffer p, long dst, int etherType, long now) {
        byte[] b = p.array();
        int off = p.prepend(HEADER_LEN);
        Bytes.put48(b, off, dst);
        Bytes.put48(b, off + 6, macBits);
        Bytes.put16(b, off + 12, etherType);
        stats.txFrames++;
        stats.txBytes += p.totalLength();
        try {
            sink.transmit(p, now);
        } finally {
            p.release();
        }
    }

    /**
     * Writes the Ethernet header at {@code frame[0..14)} in front of the {@code payloadLen} bytes
     * already at {@code frame[14..)}, and hands the frame to the sink (ARP's own frames).
     */
    void transmit(MacAddress dst, int etherType, byte[] frame, int payloadLen, long now) {
        new EthernetRepr(dst, mac, etherType).emit(frame, 0);
        int len = HEADER_LEN + payloadLen;
        stats.txFrames++;
        stats.txBytes += len;
        sink.transmit(frame, 0, len, now);
    }
}
