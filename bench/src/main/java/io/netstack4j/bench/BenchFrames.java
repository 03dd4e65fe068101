package io.netstack4j.bench;

import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;

/**
 * What the in-process JMH benchmarks share: a bare {@link Stack} ("us") and frames from a peer on
 * its LAN, built with the wire codecs. No adapter, no thread.
 */
final class BenchFrames {
    static final MacAddress OURS = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:02");
    static final Ipv4Address OUR_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address PEER_IP = Ipv4Address.parse("198.51.100.2");
    /** Where an IPv4 payload starts in a frame: after the Ethernet and the 20-byte IPv4 header. */
    static final int PAYLOAD = EthernetRepr.HEADER_LEN + Ipv4Repr.MIN_HEADER_LEN;

    private BenchFrames() {
    }

    /** Our stack at {@link #OUR_IP}/24, sending into {@code sink}. */
    static Stack stack(FrameSink sink) {
        return new Stack(StackConfig.builder("bench").mac(OURS).address(OUR_IP + "/24").build(), sink);
    }

    /** A frame from the peer to us carrying {@code ip}'s header; its payload (at {@link #PAYLOAD}) is left for the caller. */
    static byte[] ipv4Frame(Ipv4Repr ip) {
        byte[] frame = new byte[PAYLOAD + ip.payloadLength()];
        new EthernetRepr(OURS, PEER, EtherType.IPV4).emit(frame, 0);
        ip.emit(frame, EthernetRepr.HEADER_LEN);
        return frame;
    }
}
