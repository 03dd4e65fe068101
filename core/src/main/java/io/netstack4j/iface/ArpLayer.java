package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.stats.DropReason;
import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ARP (RFC 826): answers requests for our addresses, learns senders by the RFC's merge-flag rule,
 * resolves next hops with a bounded queue of datagrams per unresolved address, and ages entries:
 *
 * <pre>
 *   (new) --request sent--> INCOMPLETE --reply / request to us--> REACHABLE --reachable time--> STALE
 *   INCOMPLETE --no answer after arpMaxRequests--> (removed; queued datagrams: host unreachable)
 *   STALE --used--> PROBE (unicast requests) --answer--> REACHABLE, --no answer--> (removed)
 *   STALE --unused for arpStaleGcNanos--> (removed)
 * </pre>
 *
 * Unlike smoltcp, the datagram that starts a resolution is queued, not dropped. Each entry owns one
 * timer on the stack's {@link TimerWheel} (retransmission or probe, REACHABLE→STALE, garbage
 * collection), so only the entries that are due are ever touched.
 */
final class ArpLayer {
    /** Sends a queued datagram now that its next hop's MAC is known. */
    interface ResolvedSink {
        /** {@code datagram} (header in place) is the sink's from here on. */
        void send(PacketBuffer datagram, MacAddress mac, long now);
    }

    /** Tells the local sender that a queued datagram's next hop did not answer. */
    interface UnreachableSink {
        /** {@code datagram} stays ARP's (it is released after the call). */
        void unreachable(PacketBuffer datagram, long now);
    }

    private final StackConfig config;
    private final Addresses addresses;
    private final EthernetLayer link;
    private final StackStats stats;
    private final ArpCache cache;
    /** ARP frames are built here, never in the IP transmit buffer, so a probe sent while a
     *  datagram is being built cannot overwrite it. */
    private final byte[] frame = new byte[EthernetLayer.HEADER_LEN + ArpRepr.LEN];
    private ResolvedSink resolved;
    /** The entry the last lookup found (a one-entry cache in front of the table: no key object). */
    private NeighborEntry last;
    private UnreachableSink unreachable;
    private final TimerWheel timers;

    ArpLayer(StackConfig config, Addresses addresses, EthernetLayer link, StackStats stats, TimerWheel timers) {
        this.config = config;
        this.addresses = addresses;
        this.link = link;
        this.stats = stats;
        this.timers = timers;
        this.cache = new ArpCache(config.neighborCacheSize(), this::expired);
    }

    void connect(ResolvedSink resolved, UnreachableSink unreachable) {
        this.resolved = resolved;
        this.unreachable = unreachable;
    }

    /**
     * Gratuitous ARP when the interface comes up: for each address, a broadcast request whose
     * sender and target are that address (an ARP announcement, RFC 5227 §2.3), so that neighbours
     * holding an old mapping update it by RFC 826's merge rule.
     */
    void announce(long now) {
        for (var c : addresses.all()) {
            send(ArpRepr.REQUEST, c.address(), MacAddress.ZERO, c.address(), MacAddress.BROADCAST, now);
            stats.arpRequestsSent++;
        }
    }

    /**
     * The MAC address to use for {@code nextHop} now, or null if it must be resolved first. Using
     * a STALE entry starts re-confirming it (PROBE).
     */
    MacAddress lookup(Ipv4Address nextHop, long now) {
        NeighborEntry e = cache.get(nextHop);
        return e == null ? null : use(e, now);
    }

    /**
     * As {@link #lookup(Ipv4Address, long)} for an address as 32 bits, the MAC as 48 bits or -1:
     * the data path's form, which makes no objects when the next hop is the one last looked up.
     */
    long lookup(int nextHop, long now) {
        NeighborEntry e = last;
        if (e == null || e.address.bits() != nextHop || e.removed) {
            e = cache.get(new Ipv4Address(nextHop));
            if (e == null) {
                return -1;
            }
            last = e;
        }
        MacAddress mac = use(e, now);
        return mac == null ? -1 : mac.bits();
    }

    private MacAddress use(NeighborEntry e, long now) {
        if (e.state == NeighborState.INCOMPLETE) {
            return null;
        }
        e.usedAt = now;
        if (e.state == NeighborState.STALE) {
            setState(e, NeighborState.PROBE, now);
            e.requests = 0;
            sendRequest(e, now);
        }
        return e.mac;
    }

    /**
     * Queues a datagram (its whole buffer, header in place: no copy) for an unresolved next hop,
     * starting resolution if none is under way. The buffer is ARP's from here on.
     *
     * @return QUEUED, or QUEUE_FULL (counted, the buffer released) if the entry's or the global queue
     *         bound, or the cache bound, is reached
     */
    SendResult enqueue(int nextHop, PacketBuffer datagram, long now) {
        Ipv4Address hop = new Ipv4Address(nextHop);
        NeighborEntry e = cache.get(hop);
        if (e == null) {
            e = cache.create(hop, now);
            if (e == null) {
                stats.arp.count(DropReason.QUEUE_FULL);
                datagram.release();
                return SendResult.QUEUE_FULL;
            }
            sendRequest(e, now);
        } else if (e.state != NeighborState.INCOMPLETE) {
            datagram.release();
            throw new IllegalStateException("enqueue for a resolved neighbour " + hop);
        }
        int len = datagram.length();
        if (e.pending.size() >= config.arpPendingPackets() || e.pendingBytes + len > config.arpPendingBytes()
                || cache.pendingBytes() + len > config.arpPendingTotalBytes()) {
            stats.arp.count(DropReason.QUEUE_FULL);
            datagram.release();
            return SendResult.QUEUE_FULL;
        }
        cache.addPending(e, datagram);
        return SendResult.QUEUED;
    }

    /** Every datagram waiting for resolution (for the leak check). */
    void forEachHeld(java.util.function.Consumer<PacketBuffer> c) {
        for (NeighborEntry e : cache.entries()) {
            e.pending.forEach(c);
        }
    }

    /** An ARP packet ({@code len} bytes at {@code off}, Ethernet header stripped). */
    void receive(byte[] b, int off, int len, long now) {
        stats.arpIn++;
        ArpRepr arp;
        try {
            arp = ArpRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            stats.arp.count(e.reason());
            return;
        }
        MacAddress sha = arp.senderHardware();
        Ipv4Address spa = arp.senderProtocol();
        if (sha.isMulticast() || sha.equals(MacAddress.ZERO) || sha.equals(link.mac())
                || addresses.isLocal(spa)) {
            // A group or zero sender MAC is bogus; our own MAC or address from elsewhere is a
            // conflict (RFC 5227 §2.4) that must not poison the table.
            stats.arp.count(DropReason.BAD_SOURCE);
            return;
        }
        boolean forUs = addresses.isLocal(arp.targetProtocol());
        // 0.0.0.0 (an RFC 5227 probe) and broadcast senders are answered but never learned.
        boolean learnable = addresses.isUnicastHost(spa);
        // RFC 826, "Packet Reception": if <protocol type, sender protocol address> is already in
        // the table, update its hardware address and set Merge_flag.
        boolean merged = false;
        if (learnable) {
            NeighborEntry e = cache.get(spa);
            if (e != null) {
                update(e, sha, forUs, now);
                merged = true;
            }
        }
        if (!forUs) {
            if (!merged) {
                stats.arp.count(DropReason.ARP_NOT_FOR_US);
            }
            return;
        }
        // "Am I the target protocol address? Yes: if Merge_flag is false, add the triplet."
        if (!merged && learnable) {
            NeighborEntry e = cache.create(spa, now);
            if (e != null) {
                update(e, sha, true, now);
            }
        }
        if (arp.isRequest()) {
            // "Swap hardware and protocol fields, putting the local hardware and protocol addresses
            // in the sender fields, set the opcode to reply, send to the new target hardware address."
            send(ArpRepr.REPLY, arp.targetProtocol(), sha, spa, sha, now);
            stats.arpRepliesSent++;
        }
    }

    /**
     * Merges a sender's mapping into its entry. A packet addressed to us (a reply, or a request
     * for our address) confirms the neighbour: REACHABLE. Overheard traffic only changes an
     * entry whose address differs (or was unknown), and leaves it STALE, to be re-confirmed on use.
     */
    private void update(NeighborEntry e, MacAddress sha, boolean confirmed, long now) {
        boolean wasIncomplete = e.state == NeighborState.INCOMPLETE;
        if (confirmed) {
            e.mac = sha;
            e.confirmedAt = now;
            e.requests = 0;
            setState(e, NeighborState.REACHABLE, now);
            schedule(e, now + config.arpReachableNanos());
        } else if (e.mac == null || !e.mac.equals(sha)) {
            e.mac = sha;
            e.requests = 0;
            setState(e, NeighborState.STALE, now);
            schedule(e, now + config.arpStaleGcNanos());
        } else {
            return;
        }
        if (wasIncomplete) {
            stats.arpResolved++;
        }
        if (!e.pending.isEmpty()) {
            List<PacketBuffer> out = cache.takePending(e);
            MacAddress mac = e.mac;
            if (e.state == NeighborState.STALE) {
                lookup(e.address, now); // used while stale: start re-confirming
            }
            e.usedAt = now;
            for (PacketBuffer p : out) {
                resolved.send(p, mac, now);
            }
        }
    }

    /** {@code e}'s timer fired: its retransmission, its reachable time or its garbage collection is due. */
    private void expired(NeighborEntry e, long now) {
        switch (e.state) {
            case INCOMPLETE, PROBE -> {
                if (e.requests < config.arpMaxRequests()) {
                    sendRequest(e, now);
                } else {
                    boolean resolving = e.state == NeighborState.INCOMPLETE;
                    cache.remove(e);
                    if (resolving) {
                        gaveUp(e, now);
                    }
                }
            }
            case REACHABLE -> {
                setState(e, NeighborState.STALE, now);
                schedule(e, now + config.arpStaleGcNanos());
            }
            case STALE -> cache.remove(e);
        }
    }

    /**
     * A resolution failed: its datagrams are reported unreachable, after the entry is gone (a
     * listener may send again, creating a fresh entry for the same address).
     */
    private void gaveUp(NeighborEntry e, long now) {
        stats.arpGaveUp++;
        for (PacketBuffer p : e.pending) {
            stats.arp.count(DropReason.ARP_UNRESOLVED);
            try {
                unreachable.unreachable(p, now);
            } finally {
                p.release();
            }
        }
        e.pending.clear();
    }

    /** Entries sorted by address, as {@code ip neigh} lists them. */
    List<Neighbor> snapshot(long now) {
        List<Neighbor> out = new ArrayList<>();
        for (NeighborEntry e : cache.entries()) {
            out.add(e.snapshot(now));
        }
        out.sort(Comparator.comparing(Neighbor::address));
        return out;
    }

    long evictions() {
        return cache.evictions();
    }

    /**
     * Sends the next request of a resolution (broadcast) or a probe (unicast to the known MAC,
     * RFC 1122 §2.3.2.1) and arms the retransmission timer.
     */
    private void sendRequest(NeighborEntry e, long now) {
        Ipv4Address src = addresses.localFor(e.address);
        if (src != null) {
            MacAddress dst = e.state == NeighborState.PROBE ? e.mac : MacAddress.BROADCAST;
            send(ArpRepr.REQUEST, src, MacAddress.ZERO, e.address, dst, now);
            stats.arpRequestsSent++;
        }
        e.requests++;
        schedule(e, now + config.arpRetransmitNanos());
    }

    private void send(int op, Ipv4Address spa, MacAddress tha, Ipv4Address tpa, MacAddress ethDst, long now) {
        new ArpRepr(op, link.mac(), spa, tha, tpa).emit(frame, EthernetLayer.HEADER_LEN);
        link.transmit(ethDst, EtherType.ARP, frame, ArpRepr.LEN, now);
    }

    private void setState(NeighborEntry e, NeighborState s, long now) {
        e.state = s;
        e.stateSince = now;
    }

    private void schedule(NeighborEntry e, long at) {
        timers.schedule(e.timer, at);
    }
}
