package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;

/**
 * The LAN driver: Ethernet II framing (RFC 894) in and out. Accepts frames addressed to our MAC or
 * to the broadcast address; multicast and other hosts' unicast are dropped as NOT_FOR_US. Hands ARP
 * to {@link ArpLayer} and IPv4 to {@link Ipv4Input}.
 */
final class EthernetLayer {
    static final int HEADER_LEN = EthernetRepr.HEADER_LEN;

    private final MacAddress mac;
    private final FrameSink sink;
    private final StackStats stats;
    private ArpLayer arp;
    private Ipv4Input ipv4;

    EthernetLayer(MacAddress mac, FrameSink sink, StackStats stats) {
        this.mac = mac;
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

    void receive(byte[] b, int off, int len, long now) {
        stats.rxFrames++;
        stats.rxBytes += len;
        EthernetRepr eth;
        try {
            eth = EthernetRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            stats.link.count(e.reason());
            return;
        }
        MacAddress dst = eth.destination();
        boolean broadcast = dst.isBroadcast();
        if (!broadcast && !dst.equals(mac)) {
            // Another host's unicast (a switch flooding an unknown address) or multicast, which we
            // have not joined (no IGMP yet).
            stats.link.count(DropReason.NOT_FOR_US);
            return;
        }
        if (eth.source().isMulticast()) {
            // IEEE 802: a source address is always an individual address.
            stats.link.count(DropReason.BAD_SOURCE);
            return;
        }
        int payloadOff = off + HEADER_LEN;
        int payloadLen = len - HEADER_LEN;
        switch (eth.etherType()) {
            case EtherType.ARP -> arp.receive(b, payloadOff, payloadLen, now);
            case EtherType.IPV4 -> ipv4.receive(b, payloadOff, payloadLen, broadcast, now);
            default -> stats.link.count(DropReason.UNSUPPORTED);
        }
    }

    /**
     * Writes the Ethernet header at {@code frame[0..14)} in front of the {@code payloadLen} bytes
     * already at {@code frame[14..)}, and hands the frame to the sink. Frames are not padded to
     * 60 bytes: a TAP device or a virtual LAN does not need it.
     */
    void transmit(MacAddress dst, int etherType, byte[] frame, int payloadLen, long now) {
        new EthernetRepr(dst, mac, etherType).emit(frame, 0);
        int len = HEADER_LEN + payloadLen;
        stats.txFrames++;
        stats.txBytes += len;
        sink.transmit(frame, 0, len, now);
    }
}
