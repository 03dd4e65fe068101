package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ARP translation table (RFC 826), bounded: when full, creating an entry evicts the least
 * recently active STALE entry, else PROBE, else REACHABLE. INCOMPLETE entries (with datagrams
 * waiting) are never evicted; when every entry is INCOMPLETE, nothing new is created.
 */
final class ArpCache {
    private final Map<Ipv4Address, NeighborEntry> entries = new HashMap<>();
    private final int capacity;
    private final NeighborEntry.Expiry expiry;
    /** Bytes waiting in all pending queues together. */
    private long pendingBytes;
    private long evictions;

    ArpCache(int capacity, NeighborEntry.Expiry expiry) {
        this.capacity = capacity;
        this.expiry = expiry;
    }

    NeighborEntry get(Ipv4Address a) {
        return entries.get(a);
    }

    /** A new INCOMPLETE entry for {@code a}, or null if the table is full of INCOMPLETE entries. */
    NeighborEntry create(Ipv4Address a, long now) {
        if (entries.size() >= capacity && !evictOne()) {
            return null;
        }
        NeighborEntry e = new NeighborEntry(a, now, expiry);
        entries.put(a, e);
        return e;
    }

    private boolean evictOne() {
        NeighborEntry victim = null;
        for (NeighborEntry e : entries.values()) {
            if (e.state == NeighborState.INCOMPLETE) {
                continue;
            }
            if (victim == null || rank(e) < rank(victim)
                    || (rank(e) == rank(victim) && e.lastActivity() < victim.lastActivity())) {
                victim = e;
            }
        }
        if (victim == null) {
            return false;
        }
        remove(victim);
        evictions++;
        return true;
    }

    /** Eviction preference: stale first, then probing, then reachable. */
    private static int rank(NeighborEntry e) {
        return switch (e.state) {
            case STALE -> 0;
            case PROBE -> 1;
            case REACHABLE -> 2;
            case INCOMPLETE -> 3;
        };
    }

    /** Removes {@code e} and disarms its timer. */
    void remove(NeighborEntry e) {
        e.removed = true;
        e.timer.cancel();
        if (entries.remove(e.address) == e) {
            pendingBytes -= e.pendingBytes;
        }
    }

    void addPending(NeighborEntry e, PacketBuffer p) {
        int n = p.length();
        e.pending.add(p);
        e.pendingBytes += n;
        pendingBytes += n;
    }

    /** Takes every waiting datagram out of {@code e}'s queue. */
    List<PacketBuffer> takePending(NeighborEntry e) {
        List<PacketBuffer> out = new ArrayList<>(e.pending);
        e.pending.clear();
        pendingBytes -= e.pendingBytes;
        e.pendingBytes = 0;
        return out;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    long evictions() {
        return evictions;
    }

    int size() {
        return entries.size();
    }

    Collection<NeighborEntry> entries() {
        return entries.values();
    }
}
