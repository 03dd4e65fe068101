package io.netstack4j.wire;

/**
 * What a transport (UDP, TCP) sees of the IP header in front of a segment it receives: the
 * addresses, the protocol and the partial sum of the pseudo-header its checksum covers. Valid only
 * during the call that hands it over (it is a reusable view). IPv4 today; an IPv6 header view will
 * implement it too, with addresses too wide for the {@code int} accessors.
 */
public interface IpHeader {
    /** The IP version, 4 or 6. */
    int version();

    /** The upper-layer protocol (RFC 790 numbers: 6 TCP, 17 UDP). */
    int protocol();

    /** The IPv4 source address as 32 bits, most significant octet first. */
    int sourceV4();

    /** The IPv4 destination address as 32 bits, most significant octet first. */
    int destinationV4();

    /** Time To Live (IPv4) or Hop Limit (IPv6). */
    int ttl();

    /** The length of this IP header in bytes, options included. */
    int headerLength();

    /**
     * The partial Internet checksum sum of the pseudo-header (RFC 768, RFC 9293 §3.1) for an
     * upper-layer segment of {@code upperLength} bytes: fold in the segment with
     * {@link Checksum#add} and {@link Checksum#finish}.
     */
    long pseudoHeaderSum(int upperLength);

    /** The source as a value (allocates: for APIs, not the data path). */
    default Ipv4Address source() {
        return new Ipv4Address(sourceV4());
    }

    /** The destination as a value (allocates: for APIs, not the data path). */
    default Ipv4Address destination() {
        return new Ipv4Address(destinationV4());
    }
}
