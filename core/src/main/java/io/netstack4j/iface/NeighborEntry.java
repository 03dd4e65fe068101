package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.time.Timer;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayDeque;

/** One ARP cache entry (mutable, owned by {@link ArpLayer}). */
final class NeighborEntry {
    /** What the entry's timer does when it fires. */
    interface Expiry {
        void expired(NeighborEntry e, long now);
    }

    final Ipv4Address address;
    final long createdAt;
    MacAddress mac;
    NeighborState state = NeighborState.INCOMPLETE;
    /** When the mapping was last confirmed (a reply, or a request addressed to us). */
    long confirmedAt;
    /** When a datagram last used the entry. */
    long usedAt;
    /** When the entry entered its current state. */
    long stateSince;
    /** ARP requests sent in the current resolution or probe. */
    int requests;
    /** The entry's one timer, on the stack's wheel: retransmission, REACHABLE→STALE, or garbage collection. */
    final Timer timer;
    /** Datagrams waiting for resolution (only while INCOMPLETE). */
    final ArrayDeque<PacketBuffer> pending = new ArrayDeque<>(4);
    int pendingBytes;
    /** Set once the entry has left the table (so a cached reference to it is not used). */
    boolean removed;

    NeighborEntry(Ipv4Address address, long now, Expiry expiry) {
        this.address = address;
        this.timer = new Timer(t -> expiry.expired(this, t));
        this.createdAt = now;
        this.confirmedAt = now;
        this.usedAt = now;
        this.stateSince = now;
    }

    /** The last time anything showed the entry to be useful. */
    long lastActivity() {
        return Math.max(usedAt, confirmedAt);
    }

    Neighbor snapshot(long now) {
        long since = state == NeighborState.INCOMPLETE ? createdAt : confirmedAt;
        return new Neighbor(address, mac, state, now - since, requests, pending.size());
    }
}
