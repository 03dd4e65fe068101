package io.netstack4j.iface;

/** What became of a datagram handed to the stack for sending. */
public enum SendResult {
    /** Handed to the LAN adapter (as one frame or as fragments). */
    SENT,
    /**
     * Waiting in the ARP queue of its next hop (RFC 826 resolution under way); it leaves when
     * the address resolves, or the sender hears "host unreachable" when resolution gives up.
     */
    QUEUED,
    /** No route to the destination (nor a usable source address). */
    NO_ROUTE,
    /** The given source address is not one of this host's addresses. */
    INVALID_SOURCE,
    /** Larger than the MTU with Don't Fragment set (RFC 791 §3.2, RFC 1191). */
    FRAGMENTATION_NEEDED,
    /** The datagram would exceed 65,535 bytes (RFC 791 Total Length). */
    TOO_LARGE,
    /** A bounded queue (ARP pending queue, neighbor cache, loopback queue) was full; dropped and counted. */
    QUEUE_FULL;

    /** True when the datagram left or will leave by itself (SENT or QUEUED). */
    public boolean accepted() {
        return this == SENT || this == QUEUED;
    }
}
