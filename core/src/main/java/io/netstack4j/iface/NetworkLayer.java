package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;

/**
 * What a transport (UDP, TCP) needs of the network layer on the way out: buffers with room for the
 * headers below it, the size of segment a destination takes unfragmented, the source address a
 * route gives, and the send itself. Addresses are 32-bit IPv4 values (an IPv6 network layer will
 * add its own forms); {@link Stack} implements it. Loop thread only.
 */
public interface NetworkLayer {
    /**
     * An empty buffer from the stack's pool: a transport writes its header and payload at
     * {@link PacketBuffer#start()} (the headroom in front is for IP and Ethernet) and passes it to
     * {@link #send}. Its {@link PacketBuffer#tailroom()} is at least the interface MTU.
     */
    PacketBuffer allocate();

    /**
     * A buffer whose window can take {@code len} bytes behind the headroom: {@link #allocate()} when
     * the pool's buffers are large enough, else one of its own (a datagram larger than the link's
     * frames, which IP fragments anyway).
     */
    PacketBuffer allocate(int len);

    /**
     * The largest transport segment (header and data) that reaches {@code dst} without IP
     * fragmentation: the MTU of the interface the route uses (65,535 for our own addresses, looped
     * back) minus the IP header this layer writes. A TCP MSS is this minus the TCP header.
     */
    int maxPayload(int dst);

    /**
     * Segmentation offload (TSO) towards {@code dst}: the largest TCP segment (header and data) the
     * link takes in one buffer and cuts into segments that fit {@link #maxPayload}, or 0 if it
     * does not (no offload on the link; our own addresses). A transport that uses it sets the
     * buffer's {@link PacketBuffer#segmentSize(int)} to its MSS, allocates the buffer with
     * {@link #allocate(int)}, and leaves in the checksum field only the folded pseudo-header sum,
     * for the link to complete ({@code CHECKSUM_PARTIAL}).
     */
    int maxSegmentationPayload(int dst);

    /** The length of the IP header this layer puts in front of a segment (20: no options). */
    int headerLength();

    /** The source address a datagram to {@code dst} would carry, or 0 if there is no route. */
    int sourceAddressFor(int dst);

    /**
     * Whether the link completes UDP and TCP checksums ({@code LinkCapabilities.txChecksumOffload}):
     * a transport may then leave in the checksum field only the folded sum of the pseudo-header
     * ({@code CHECKSUM_PARTIAL}) and skip the pass over its data.
     */
    boolean txChecksumOffload();

    /** Whether {@code a} is one of this host's addresses. */
    boolean isLocalAddress(int a);

    /**
     * Sends {@code segment} (its window: the transport header and data) in an IP datagram. The
     * network layer owns the buffer from here on, whatever the result.
     *
     * @param src          our address to send from, or 0 for the route's
     * @param ttl          1..255, or 0 for the default
     * @param dontFragment DF: a datagram larger than the MTU then fails with FRAGMENTATION_NEEDED
     */
    SendResult send(PacketBuffer segment, int src, int dst, int protocol, int ttl, boolean dontFragment, long now);
}
