package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.util.List;

/** The interface's addresses and the address classification questions every layer asks. */
final class Addresses {
    private final List<Ipv4Cidr> cidrs;
    /** The same addresses as 32-bit values, for the per-packet checks (no objects). */
    private final int[] local;
    /** The directed broadcast address of each subnet that has one (not /31, /32). */
    private final int[] directedBroadcast;

    Addresses(List<Ipv4Cidr> cidrs) {
        this.cidrs = List.copyOf(cidrs);
        this.local = this.cidrs.stream().mapToInt(c -> c.address().bits()).toArray();
        this.directedBroadcast = this.cidrs.stream().filter(c -> c.prefixLength() < 31)
                .mapToInt(c -> c.broadcast().bits()).toArray();
    }

    /** As {@link #isLocal(Ipv4Address)}, for an address as 32 bits. */
    boolean isLocal(int a) {
        for (int l : local) {
            if (l == a) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #isBroadcast(Ipv4Address)}, for an address as 32 bits. */
    boolean isBroadcast(int a) {
        if (a == -1) {
            return true;
        }
        for (int b : directedBroadcast) {
            if (b == a) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #isUnicastHost(Ipv4Address)}, for an address as 32 bits. */
    boolean isUnicastHost(int a) {
        int top = a >>> 28;
        return a != 0 && !isBroadcast(a) && top != 0xE && top != 0xF && (a >>> 24) != 127;
    }

    List<Ipv4Cidr> all() {
        return cidrs;
    }

    /** The first address, or null when the interface has none. */
    Ipv4Address primary() {
        return cidrs.isEmpty() ? null : cidrs.getFirst().address();
    }

    /** One of this host's own unicast addresses. */
    boolean isLocal(Ipv4Address a) {
        for (Ipv4Cidr c : cidrs) {
            if (c.address().equals(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The directed broadcast address of one of our subnets (RFC 919, RFC 922). A /31 (RFC 3021)
     * or /32 has none.
     */
    boolean isDirectedBroadcast(Ipv4Address a) {
        for (Ipv4Cidr c : cidrs) {
            if (c.prefixLength() < 31 && c.broadcast().equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** The limited broadcast or one of our subnets' directed broadcasts. */
    boolean isBroadcast(Ipv4Address a) {
        return a.isLimitedBroadcast() || isDirectedBroadcast(a);
    }

    /**
     * Whether {@code a} can be the source of a datagram from a single host (RFC 1122 §3.2.1.3,
     * §3.2.2 (e)): not 0.0.0.0, not a broadcast, not multicast, not class E, not loopback.
     */
    boolean isUnicastHost(Ipv4Address a) {
        int top = a.bits() >>> 28;
        return !a.isUnspecified() && !isBroadcast(a) && !a.isMulticast() && top != 0xF && !a.isLoopback();
    }

    /** Our address in the subnet of {@code peer}, else the primary address (null if none). */
    Ipv4Address localFor(Ipv4Address peer) {
        for (Ipv4Cidr c : cidrs) {
            if (c.contains(peer)) {
                return c.address();
            }
        }
        return primary();
    }
}
