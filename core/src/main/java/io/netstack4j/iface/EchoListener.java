package io.netstack4j.iface;

import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;

/**
 * Receives the echo replies and errors for one ICMP echo identifier (see {@link Icmp#bindEcho}).
 * Called on the thread that owns the stack.
 */
public interface EchoListener {
    /**
     * An Echo Reply (RFC 792 type 0) with this listener's identifier.
     *
     * @param from     the replying host (the reply's source address)
     * @param ttl      the reply's TTL as received
     * @param sequence the sequence number it carries
     * @param data     its data (a fresh array)
     */
    void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long nowNanos);

    /**
     * An ICMP error about one of this identifier's echo requests: Destination Unreachable,
     * Time Exceeded... from a router or the target, or produced locally (reporter = our own
     * address) when ARP could not resolve the next hop (Destination Unreachable, code
     * {@link IcmpRepr#CODE_HOST_UNREACHABLE}).
     *
     * @param reporter who reported it
     * @param error    the error message, quoting the request
     * @param sequence the sequence number of the request it is about
     */
    void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long nowNanos);
}
