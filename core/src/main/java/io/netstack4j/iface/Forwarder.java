package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;

/**
 * The forwarding hook of a {@link Stack} that is one interface of a router
 * ({@link Stack#forwarder(Forwarder)}; {@code io.netstack4j.route.Router} installs it). A host has
 * none: {@link Ipv4Input} drops what is not addressed to it (RFC 1122 §3.3.1.4).
 *
 * <p>Called on the thread that owns the stack, from within {@link Stack#receiveFrame} and
 * {@link Stack#poll}.
 */
public interface Forwarder {
    /**
     * A datagram from the link whose destination is none of this interface's addresses nor one of
     * its broadcast addresses. Its header was checked (RFC 1812 §5.2.2: version, IHL, lengths,
     * checksum) and its source is a single host that is not this interface; the window of
     * {@code datagram} holds exactly the datagram (IP header first, link padding cut). The buffer is
     * the forwarder's from here on.
     *
     * @param linkBroadcast whether the frame was a link-layer broadcast (RFC 1812 §5.3.4)
     */
    void forward(PacketBuffer datagram, boolean linkBroadcast, long now);

    /**
     * ARP gave up on the next hop of a datagram whose source is not this stack's (one handed to
     * {@link Stack#transmitDatagram}): the forwarder may send Destination Unreachable (host
     * unreachable, RFC 1812 §5.2.7.1). {@code datagram} (header first) stays the stack's: it is
     * released after the call.
     */
    void nextHopUnreachable(PacketBuffer datagram, long now);
}
