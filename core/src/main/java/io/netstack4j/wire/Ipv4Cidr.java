package io.netstack4j.wire;

/**
 * An IPv4 address with a prefix length, {@code 198.51.100.2/24}: an interface address, or a
 * route's destination network.
 */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {
    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range 0..32: " + prefixLength);
        }
    }

    /** Parses {@code A.B.C.D/N}; a bare address is taken as /32. */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ipv4Cidr(Ipv4Address.parse(text), 32);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), prefix);
    }

    /** The netmask as an int, e.g. 0xFFFFFF00 for /24. */
    public int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public Ipv4Address network() {
        return new Ipv4Address(address.bits() & mask());
    }

    /** The directed broadcast address of this network (RFC 919/922). */
    public Ipv4Address broadcast() {
        return new Ipv4Address(address.bits() | ~mask());
    }

    public boolean contains(Ipv4Address a) {
        return contains(a.bits());
    }

    /** Whether the address {@code bits} (32 bits, network order) is in this network. */
    public boolean contains(int bits) {
        return ((bits ^ address.bits()) & mask()) == 0;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
