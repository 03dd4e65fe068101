package io.netstack4j.iface;

import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;

/**
 * An upper-layer protocol (UDP, TCP...) registered with {@link Stack#registerProtocol}. Called on
 * the thread that owns the stack.
 */
public interface IpProtocolHandler {
    /**
     * A datagram for this protocol, addressed to this host (after reassembly).
     *
     * <p>The payload is the {@code len} bytes at {@code off}; the IP header, {@code ip.headerLength()}
     * bytes, immediately precedes it (so an ICMP error can quote it: see
     * {@link Icmp#sendDestinationUnreachable}). The buffer is only valid during the call.
     */
    void receive(Ipv4Repr ip, byte[] buf, int off, int len, long nowNanos);

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
