package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpHeader;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;

/**
 * An upper-layer protocol (UDP, TCP...) registered with {@link Stack#registerProtocol}: the transport
 * seam. Called on the thread that owns the stack. A transport implements
 * {@link #receive(IpHeader, PacketBuffer, long)} (the data path: no copy, nothing allocated), or the
 * older {@link #receive(Ipv4Repr, byte[], int, int, long)} (a header record and bytes valid during
 * the call), and sends through {@link NetworkLayer}.
 */
public interface IpProtocolHandler {
    /**
     * A datagram for this protocol, addressed to this host (after reassembly). The window of
     * {@code segment} is the IP payload (the transport's header first); the IP header, {@code
     * ip.headerLength()} bytes, lies just before it in the array, so an ICMP error can quote it.
     * The handler owns {@code segment}: it keeps it (a queued datagram) or releases it. {@code ip}
     * is a view valid only during the call.
     *
     * <p>The default hands the older form a record and the bytes, then releases the buffer.
     */
    default void receive(IpHeader ip, PacketBuffer segment, long nowNanos) {
        try {
            Ipv4Repr r = ((Ipv4Packet) ip).toRepr();
            receive(r, segment.array(), segment.start(), segment.length(), nowNanos);
        } finally {
            segment.release();
        }
    }

    /**
     * The older form of {@link #receive(IpHeader, PacketBuffer, long)}: the payload is the {@code len}
     * bytes at {@code off}, the IP header immediately before it. The buffer is only valid during the
     * call. A handler must implement one of the two forms.
     */
    default void receive(Ipv4Repr ip, byte[] buf, int off, int len, long nowNanos) {
        throw new UnsupportedOperationException(getClass().getName() + " implements no receive method");
    }

    /**
     * The last frame of a burst of input has been processed (the loop read a batch from the LAN
     * adapter): a transport may now send what it held back to coalesce, such as one acknowledgement
     * for several segments. The default does nothing.
     */
    default void endOfInputBurst(long nowNanos) {
    }

    /**
     * An ICMP error (RFC 792, RFC 1122 §3.2.2) about a datagram of this protocol that this host
     * sent, or a locally produced Destination Unreachable (code 1, host unreachable) when ARP
     * gave up on the next hop. The default ignores it.
     *
     * @param reporter who reported it (our own address for a local error)
     * @param error    the ICMP message
     * @param quoted   the quoted original datagram, parsed
     */
    default void onIcmpError(Ipv4Address reporter, IcmpRepr error, QuotedPacket quoted, long nowNanos) {
    }
}
