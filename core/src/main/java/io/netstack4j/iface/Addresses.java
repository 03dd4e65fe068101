package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.util.List;

/** The interface's addresses and the address classification questions every layer asks. */
final class Addresses {
    private final List<Ipv4Cidr> cidrs;

    Addresses(List<Ipv4Cidr> cidrs) {
        this.cidrs = List.copyOf(cidrs);
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
