package io.netstack4j.wire;

/** IP protocol numbers (IANA "Assigned Internet Protocol Numbers", RFC 790 originally). */
public final class IpProtocol {
    /** Internet Control Message Protocol (RFC 792). */
    public static final int ICMP = 1;
    /** Transmission Control Protocol (RFC 9293). */
    public static final int TCP = 6;
    /** User Datagram Protocol (RFC 768). */
    public static final int UDP = 17;

    private IpProtocol() {
    }

    /** A short name for traces: "ICMP", "TCP", "UDP", or "proto N". */
    public static String name(int protocol) {
        return switch (protocol) {
            case ICMP -> "ICMP";
            case TCP -> "TCP";
            case UDP -> "UDP";
            default -> "proto " + protocol;
        };
    }
}
