package io.netstack4j.wire;

/**
 * EtherType values (IEEE 802.3 Clause 3.2.6, IANA "IEEE 802 Numbers") that the stack handles.
 * Values below {@link #MIN_ETHER_TYPE} are IEEE 802.3 length fields, not types.
 */
public final class EtherType {
    /** Internet Protocol version 4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol (RFC 826). */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q VLAN tag (recognised by the formatter only; the stack does not handle VLANs). */
    public static final int VLAN = 0x8100;
    /** IPv6 (recognised by the formatter only). */
    public static final int IPV6 = 0x86DD;
    /** The smallest value that is an EtherType rather than an 802.3 length (1536). */
    public static final int MIN_ETHER_TYPE = 0x0600;

    private EtherType() {
    }

    /** A short name for traces: "IPv4", "ARP", or the value in hex. */
    public static String name(int etherType) {
        return switch (etherType) {
            case IPV4 -> "IPv4";
            case ARP -> "ARP";
            case VLAN -> "802.1Q";
            case IPV6 -> "IPv6";
            default -> String.format("ethertype 0x%04x", etherType);
        };
    }
}
