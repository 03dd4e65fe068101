package io.netstack4j.iface;

import io.netstack4j.wire.Bytes;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 reassembly (RFC 791 §3.2 "Reassembly", RFC 815), keeping each datagram's fragments as a
 * sorted list of non-overlapping intervals.
 *
 * <ul>
 *   <li>Fragments are grouped by (source, destination, protocol, identification), RFC 791.</li>
 *   <li>An exact duplicate of a fragment held is dropped and counted, and harms nothing.</li>
 *   <li>Any other overlap discards the whole datagram, including fragments still to come
 *       (RFC 5722 §4, which Linux also applies to IPv4): its fragments are freed at once and a
 *       small tombstone (the key and an expiry) catches the rest for one reassembly timeout.</li>
 *   <li>Inconsistent lengths (two different ends, data past the end) discard the datagram the same
 *       way; so does a fragment that would take it past 65,535 bytes (the "ping of death"), with
 *       every fragment held for it.</li>
 *   <li>A datagram not complete {@code reassemblyTimeoutNanos} after its first fragment arrived is
 *       dropped; if its first fragment (offset 0) was received, ICMP Time Exceeded code 1 is sent
 *       (RFC 792; RFC 1122 §3.3.2). Every datagram gets the same timeout, so arrival order is
 *       deadline order: the datagrams and the tombstones are each a FIFO, expired from the head.</li>
 *   <li>Memory: {@link #memory()} counts the fragment bytes held plus an honest estimate of the
 *       objects that hold them ({@link #DATAGRAM_OVERHEAD} per datagram, {@link #FRAGMENT_OVERHEAD}
 *       per fragment, {@link #TOMBSTONE_COST} per tombstone), at most {@code reassemblyMemoryBytes};
 *       at most {@code reassemblyMaxDatagrams} datagrams and {@code reassemblyMaxFragments}
 *       fragments per datagram. A fragment that would pass a limit does not lock reassembly out:
 *       tombstones and then the oldest datagrams are evicted to make room (REASSEMBLY_EVICTED, as
 *       Linux's inet_frag evictor did past ipfrag_high_thresh), so a flood of incomplete or
 *       discarded datagrams only ages the oldest out. Only a datagram with too many fragments, or
 *       one that alone would pass the whole budget, is refused (REASSEMBLY_LIMIT).</li>
 * </ul>
 *
 * Drops are counted per fragment in the ipv4 counters, so every frame is accounted for.
 */
final class Reassembler {
    /**
     * Bytes counted per datagram beyond its fragments' data: the state object, its key with two
     * addresses, the fragment list, the map entry, the first fragment's header copy and record.
     */
    static final int DATAGRAM_OVERHEAD = 320;
    /** Bytes counted per fragment held beyond its data: the interval record and the array header. */
    static final int FRAGMENT_OVERHEAD = 64;
    /** Bytes counted per tombstone of a discarded datagram: its key, expiry and map entry. */
    static final int TOMBSTONE_COST = 128;

    /** Told about a datagram that timed out with its first fragment received. */
    interface TimeoutSink {
        /**
         * @param first       the first fragment's header
         * @param firstPacket the first fragment: header then its data
         */
        void timedOut(Ipv4Repr first, byte[] firstPacket, long now);
    }

    /** A reassembled datagram: {@code packet} holds the (patched) header at 0, then the payload. */
    record Complete(Ipv4Repr ip, byte[] packet) {
    }

    private record Key(Ipv4Address source, Ipv4Address destination, int protocol, int identification) {
    }

    private record Frag(int start, int end, byte[] data) {
    }

    /** What is left of a discarded datagram (RFC 5722 §4): later fragments are dropped under {@code reason}. */
    private record Tombstone(long deadline, DropReason reason) {
    }

    private static final class Datagram {
        final Key key;
        final long deadline;
        final List<Frag> frags = new ArrayList<>();
        int received;
        /** The payload length, known once the last fragment (MF clear) has arrived; else -1. */
        int total = -1;
        byte[] firstHeader;
        Ipv4Repr firstIp;
        /** Bytes counted for this datagram in {@link #memory}, overhead included. */
        int memory = DATAGRAM_OVERHEAD;

        Datagram(Key key, long deadline) {
            this.key = key;
            this.deadline = deadline;
        }
    }

    private final StackConfig config;
    private final StackStats stats;
    private final TimeoutSink timeouts;
    /** Insertion order is deadline order: every datagram gets the same timeout. */
    private final Map<Key, Datagram> datagrams = new LinkedHashMap<>();
    /** Insertion order is deadline order here too (each lives one timeout from its discard). */
    private final Map<Key, Tombstone> tombstones = new LinkedHashMap<>();
    private int memory;
    /** Fragments held in all datagrams. */
    private int fragments;

    Reassembler(StackConfig config, StackStats stats, TimeoutSink timeouts) {
        this.config = config;
        this.stats = stats;
        this.timeouts = timeouts;
    }

    /**
     * Adds a fragment (its header at {@code off}, already verified by {@link Ipv4Repr#parse}).
     *
     * @return the whole datagram when this fragment completes it, else null
     */
    Complete add(Ipv4Repr ip, byte[] b, int off, long now) {
        Key key = new Key(ip.source(), ip.destination(), ip.protocol(), ip.identification());
        if (!tombstones.isEmpty()) {
            Tombstone t = tombstones.get(key);
            if (t != null) {
                if (t.deadline > now) {
                    stats.ipv4.count(t.reason);
                    return null;
                }
                tombstones.remove(key); // expired, not yet polled: the identification may be reused
                memory -= TOMBSTONE_COST;
            }
        }
        Datagram d = datagrams.get(key);
        int start = ip.fragmentOffset();
        int n = ip.payloadLength();
        int end = start + n;
        boolean last = !ip.moreFragments();
        // RFC 791: every fragment but the last carries a non-zero multiple of 8 octets.
        if (n == 0 || (!last && (n & 7) != 0)) {
            stats.ipv4.count(DropReason.BAD_FRAGMENT);
            return null;
        }
        // The whole must fit the 16-bit Total Length (the "ping of death" is a fragment past it):
        // such a datagram can never be delivered, so it goes at once with what is held of it.
        if (ip.headerLength() + end > Ipv4Repr.MAX_TOTAL_LEN) {
            if (d == null) {
                stats.ipv4.count(DropReason.BAD_FRAGMENT);
            } else {
                discard(d, DropReason.BAD_FRAGMENT, now);
            }
            return null;
        }
        int cost = n + FRAGMENT_OVERHEAD + (start == 0 ? ip.headerLength() : 0);
        if (d == null) {
            if (cost + DATAGRAM_OVERHEAD > config.reassemblyMemoryBytes() || config.reassemblyMaxDatagrams() == 0) {
                stats.ipv4.count(DropReason.REASSEMBLY_LIMIT);
                return null;
            }
            while (datagrams.size() >= config.reassemblyMaxDatagrams()) {
                evictOldest(null);
            }
            makeRoom(cost + DATAGRAM_OVERHEAD, null);
            d = new Datagram(key, now + config.reassemblyTimeoutNanos());
            datagrams.put(key, d);
            memory += DATAGRAM_OVERHEAD;
        }
        List<Frag> frags = d.frags;
        int i = insertionPoint(frags, start);
        if (i < frags.size() && frags.get(i).start == start && frags.get(i).end == end) {
            stats.ipv4.count(DropReason.DUPLICATE_FRAGMENT);
            return null;
        }
        if (last ? (d.total >= 0 && d.total != end) || (!frags.isEmpty() && frags.getLast().end > end)
                : d.total >= 0 && end > d.total) {
            discard(d, DropReason.BAD_FRAGMENT, now);
            return null;
        }
        if ((i > 0 && frags.get(i - 1).end > start) || (i < frags.size() && frags.get(i).start < end)) {
            discard(d, DropReason.FRAGMENT_OVERLAP, now);
            return null;
        }
        if (frags.size() >= config.reassemblyMaxFragments() || d.memory + cost > config.reassemblyMemoryBytes()) {
            discard(d, DropReason.REASSEMBLY_LIMIT, now);
            return null;
        }
        makeRoom(cost, d);
        int payloadOff = off + ip.headerLength();
        byte[] data = new byte[n];
        System.arraycopy(b, payloadOff, data, 0, n);
        frags.add(i, new Frag(start, end, data));
        fragments++;
        if (start == 0) {
            d.firstHeader = new byte[ip.headerLength()];
            System.arraycopy(b, off, d.firstHeader, 0, ip.headerLength());
            d.firstIp = ip;
        }
        if (last) {
            d.total = end;
        }
        d.received += n;
        d.memory += cost;
        memory += cost;
        if (d.total >= 0 && d.received == d.total) {
            return complete(d);
        }
        return null;
    }

    /**
     * Evicts until {@code cost} more bytes fit the budget: tombstones first, then the oldest
     * datagrams other than {@code keep}, which the caller has checked can fit on its own.
     */
    private void makeRoom(int cost, Datagram keep) {
        int limit = config.reassemblyMemoryBytes();
        Iterator<Tombstone> ts = tombstones.values().iterator();
        while (memory + cost > limit && ts.hasNext()) {
            ts.next();
            ts.remove();
            memory -= TOMBSTONE_COST;
        }
        while (memory + cost > limit) {
            evictOldest(keep);
        }
    }

    /** Drops the oldest datagram other than {@code keep}, counting each fragment it held. */
    private void evictOldest(Datagram keep) {
        Iterator<Datagram> it = datagrams.values().iterator();
        while (it.hasNext()) {
            Datagram d = it.next();
            if (d != keep) {
                it.remove();
                stats.ipv4.count(DropReason.REASSEMBLY_EVICTED, d.frags.size());
                fragments -= d.frags.size();
                memory -= d.memory;
                return;
            }
        }
        throw new IllegalStateException("nothing to evict"); // the callers' checks rule this out
    }

    /** The index of the first fragment starting at or after {@code start}. */
    private static int insertionPoint(List<Frag> frags, int start) {
        int lo = 0;
        int hi = frags.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (frags.get(mid).start < start) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Drops everything held for {@code d} plus the fragment at hand, and leaves a tombstone in
     * its place for one reassembly timeout (RFC 5722 §4).
     */
    private void discard(Datagram d, DropReason reason, long now) {
        stats.ipv4.count(reason, d.frags.size() + 1);
        fragments -= d.frags.size();
        datagrams.remove(d.key);
        memory -= d.memory;
        makeRoom(TOMBSTONE_COST, null);
        tombstones.put(d.key, new Tombstone(now + config.reassemblyTimeoutNanos(), reason));
        memory += TOMBSTONE_COST;
    }

    private Complete complete(Datagram d) {
        datagrams.remove(d.key);
        memory -= d.memory;
        int ihl = d.firstHeader.length;
        byte[] packet = new byte[ihl + d.total];
        System.arraycopy(d.firstHeader, 0, packet, 0, ihl);
        for (Frag f : d.frags) {
            System.arraycopy(f.data, 0, packet, ihl + f.start, f.data.length);
        }
        Ipv4Repr f = d.firstIp;
        Ipv4Repr ip = new Ipv4Repr(f.source(), f.destination(), f.protocol(), f.ttl(), f.dscpEcn(),
                f.identification(), f.dontFragment(), false, 0, ihl, ihl + d.total);
        // The header as if the datagram had arrived whole (for upper layers and ICMP quotes).
        Bytes.put16(packet, 2, ip.totalLength());
        packet[6] = (byte) (ip.dontFragment() ? 0x40 : 0);
        packet[7] = 0;
        packet[10] = 0;
        packet[11] = 0;
        int sum = Checksum.compute(packet, 0, ihl);
        Bytes.put16(packet, 10, sum);
        stats.ipReassembled++;
        stats.ipFragmentsReassembled += d.frags.size();
        fragments -= d.frags.size();
        return new Complete(ip, packet);
    }

    /**
     * Expires datagrams and tombstones whose time is up; returns the next expiry, or
     * {@code Long.MAX_VALUE}.
     */
    long poll(long now) {
        if (datagrams.isEmpty() && tombstones.isEmpty()) {
            return Long.MAX_VALUE;   // the common case, every loop turn: no iterator allocated
        }
        List<Datagram> expired = null;
        Iterator<Datagram> it = datagrams.values().iterator();
        while (it.hasNext()) {
            Datagram d = it.next();
            if (d.deadline > now) {
                break;
            }
            it.remove();
            memory -= d.memory;
            stats.ipv4.count(DropReason.REASSEMBLY_TIMEOUT, d.frags.size());
            fragments -= d.frags.size();
            if (d.firstHeader != null) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(d);
            }
        }
        Iterator<Tombstone> ts = tombstones.values().iterator();
        while (ts.hasNext() && ts.next().deadline <= now) {
            ts.remove();
            memory -= TOMBSTONE_COST;
        }
        if (expired != null) {
            for (Datagram d : expired) {
                Frag first = d.frags.getFirst();
                byte[] packet = new byte[d.firstHeader.length + first.data.length];
                System.arraycopy(d.firstHeader, 0, packet, 0, d.firstHeader.length);
                System.arraycopy(first.data, 0, packet, d.firstHeader.length, first.data.length);
                timeouts.timedOut(d.firstIp, packet, now);
            }
        }
        return nextDeadline();
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Datagram d : datagrams.values()) {
            next = d.deadline;
            break;
        }
        for (Tombstone t : tombstones.values()) {
            next = Math.min(next, t.deadline);
            break;
        }
        return next;
    }

    /** Bytes counted for reassembly now: fragments held, their overhead, and tombstones. */
    int memory() {
        return memory;
    }

    /** Datagrams under reassembly (tombstones not included). */
    int datagrams() {
        return datagrams.size();
    }

    /** Fragments held, in all datagrams. */
    int fragments() {
        return fragments;
    }

    /** Tombstones of discarded datagrams not yet expired. */
    int tombstones() {
        return tombstones.size();
    }
}
