package io.netstack4j.stats;

/**
 * Why a frame or packet was dropped. Every drop in the stack is counted under one of these,
 * so that a test (or a user) can account for every frame that went in.
 */
public enum DropReason {
    // Parse failures (wire)
    TRUNCATED("shorter than its header or its stated length"),
    BAD_LENGTH("a length field is inconsistent"),
    BAD_CHECKSUM("checksum does not verify"),
    BAD_VERSION("IP version is not 4"),
    BAD_HEADER_LENGTH("IHL below 5 or beyond the packet"),
    UNSUPPORTED("a protocol, hardware type or operation we do not handle"),
    // DNS messages (RFC 1035 §4.1.4 name compression, §3.1 name syntax)
    DNS_BAD_NAME("a DNS name has a label over 63 bytes or a reserved label type, or is over 255 bytes"),
    DNS_COMPRESSION_LOOP("a DNS compression pointer does not point strictly backwards (a loop or a forward pointer)"),
    DNS_POINTER_OUT_OF_RANGE("a DNS compression pointer points beyond the end of the message"),
    // Link
    NOT_FOR_US("destination MAC is neither ours nor broadcast"),
    QUEUE_FULL("a bounded queue was full"),
    // ARP / IPv4
    ARP_NOT_FOR_US("ARP target is not one of our addresses"),
    ARP_UNRESOLVED("ARP gave up resolving the next hop"),
    IP_NOT_FOR_US("destination address is not ours"),
    BAD_SOURCE("source address is broadcast, multicast or otherwise invalid"),
    NO_ROUTE("no route to the destination"),
    TTL_EXPIRED("TTL reached zero"),
    NOT_FORWARDED("a broadcast, multicast or martian destination, which a router never forwards (RFC 1812 §5.3.4, §5.3.5, §5.3.7)"),
    SOURCE_ROUTED("a datagram with a source route option, dropped by a router (RFC 7126 §4.3, §4.4)"),
    FRAGMENT_NEEDED("larger than the MTU with DF set"),
    FRAGMENT_OVERLAP("overlapping fragment (RFC 5722)"),
    BAD_FRAGMENT("fragment sizes disagree, or the datagram would exceed 65,535 bytes"),
    DUPLICATE_FRAGMENT("an exact copy of a fragment already held for reassembly"),
    REASSEMBLY_TIMEOUT("reassembly timed out"),
    REASSEMBLY_LIMIT("a datagram too large for the reassembly limits (fragments per datagram, memory)"),
    REASSEMBLY_EVICTED("the oldest incomplete datagram was evicted to make room for reassembly"),
    // ICMP
    ICMP_RATE_LIMITED("ICMP error suppressed by the rate limit"),
    NO_LISTENER("no socket wants it"),
    BROADCAST_ECHO_IGNORED("echo request to a broadcast address, ignored (RFC 1122 §3.2.2.6)"),
    // TCP (RFC 9293 §3.10.7)
    TCP_BAD_DATA_OFFSET("TCP data offset below 5 words or beyond the segment"),
    TCP_BAD_OPTION("a TCP option runs past the header or has a bad length"),
    TCP_BAD_FLAGS("a flag combination no state accepts (SYN with FIN or RST, no flag at all)"),
    TCP_LISTEN_ACK("an ACK to a listening socket that no SYN cookie explains (answered with RST)"),
    TCP_LISTEN_OVERFLOW("a SYN to a listener whose SYN queue and accept queue are full"),
    TCP_UNACCEPTABLE("a segment outside the receive window (RFC 9293 §3.10.7.4, first check)"),
    TCP_OUT_OF_ORDER_FULL("an out-of-order segment with the reassembly queue full"),
    TCP_CLOSED("a segment for a connection that no longer takes data"),
    // Fault injection (virtual LAN)
    INJECTED_LOSS("dropped by the fault injector"),
    BANDWIDTH_LIMIT("dropped by the bandwidth limiter's queue");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
