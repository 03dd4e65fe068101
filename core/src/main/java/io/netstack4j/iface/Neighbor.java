package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

/**
 * One ARP cache entry as {@link Stack#neighbors(long)} shows it (like a line of {@code ip neigh}).
 *
 * @param address     the neighbour's IPv4 address
 * @param mac         its MAC address, or null while INCOMPLETE
 * @param state       the entry's state
 * @param ageNanos    time since the entry was last confirmed (or created, while INCOMPLETE)
 * @param requests    ARP requests sent in the current resolution or probe
 * @param queued      datagrams waiting for the address to resolve
 */
public record Neighbor(Ipv4Address address, MacAddress mac, NeighborState state, long ageNanos, int requests,
                       int queued) {
    @Override
    public String toString() {
        return address + (mac == null ? "" : " lladdr " + mac) + " " + state
                + String.format(java.util.Locale.ROOT, " age %.3fs", ageNanos / 1e9)
                + (queued > 0 ? " queued " + queued : "");
    }
}
