package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The IPv4 output path (RFC 791, RFC 1122 §3.3): source address selection, routing to a next hop,
 * the DF check against the MTU, the identification counter, the header pushed in front of the
 * segment in its own buffer, then the {@link Fragmenter} (next hop's MAC known, or a broadcast) or
 * ARP's queue. Datagrams to our own addresses are looped back through a bounded queue that
 * {@link Stack#poll} drains. Nothing is copied or allocated on the way unless the datagram must be
 * fragmented.
 */
final class Ipv4Output {
    /** The header this layer writes: no options. */
    static final int HEADER_LEN = Ipv4Repr.MIN_HEADER_LEN;
    /** Our own addresses go over the loopback, whose MTU is 64 KiB (no fragmentation, no DF check). */
    static final int LOOPBACK_MTU = Ipv4Repr.MAX_TOTAL_LEN;
    private static final long BROADCAST_MAC = MacAddress.BROADCAST.bits();

    private final StackConfig config;
    private final Addresses addresses;
    private final Routes routes;
    private final Fragmenter fragmenter;
    private final PacketPool pool;
    /** Buffers for datagrams larger than a frame ({@link #bufferFor}); null until the first. */
    private PacketPool largePool;
    /** The most free 64-KiB buffers kept (1 MiB). */
    private static final int LARGE_POOL_FREE_BUFFERS = 16;
    private final StackStats stats;
    private final ArrayDeque<PacketBuffer> loopback = new ArrayDeque<>();
    private ArpLayer arp;
    /** RFC 791 Identification: one counter for all datagrams (RFC 6864 permits this for atomic ones). */
    private int nextId;

    Ipv4Output(StackConfig config, Addresses addresses, Routes routes, Fragmenter fragmenter, PacketPool pool,
               StackStats stats) {
        this.config = config;
        this.addresses = addresses;
        this.routes = routes;
        this.fragmenter = fragmenter;
        this.pool = pool;
        this.stats = stats;
        // Start hosts at different points so that two hosts' datagrams rarely share IDs.
        this.nextId = (int) (config.mac().bits() ^ (config.mac().bits() >>> 16)) & 0xFFFF;
    }

    void connect(ArpLayer arp) {
        this.arp = arp;
    }

    /**
     * Sends the segment in {@code p} (its window: the IP payload) in a datagram; {@code p} is ours
     * from here on. {@code src} 0 means "choose": the address of the route towards {@code dst}.
     *
     * @param ttl 1..255, or 0 for the configured default
     */
    SendResult send(PacketBuffer p, int src, int dst, int protocol, int ttl, boolean dontFragment, long now) {
        if (ttl < 0 || ttl > 255) {
            p.release();
            throw new IllegalArgumentException("ttl out of range 0..255: " + ttl);
        }
        int len = p.totalLength();
        if (len > Ipv4Repr.MAX_TOTAL_LEN - HEADER_LEN) {
            p.release();
            return SendResult.TOO_LARGE;
        }
        if (src != 0 && !addresses.isLocal(src)) {
            p.release();
            return SendResult.INVALID_SOURCE;
        }
        int hops = ttl == 0 ? config.defaultTtl() : ttl;
        if (addresses.isLocal(dst)) {
            return loop(flat(p), src == 0 ? dst : src, dst, protocol, hops, dontFragment);
        }
        long mac = -1;
        int nextHop = 0;
        if (addresses.isBroadcast(dst)) {
            // RFC 1122 §3.3.6: IP broadcasts go out as link-layer broadcasts.
            mac = BROADCAST_MAC;
            if (src == 0) {
                Ipv4Address s = dst == -1 ? addresses.primary() : addresses.localFor(new Ipv4Address(dst));
                src = s == null ? 0 : s.bits();
            }
        } else if ((dst >>> 28) == 0xE || dst == 0 || (dst >>> 24) == 127) {
            src = 0; // no multicast support yet; 0.0.0.0 and 127/8 never leave a host
        } else {
            Route r = routes.lookup(dst);
            if (r != null) {
                nextHop = r.gateway() == null ? dst : r.gateway().bits();
                if (src == 0) {
                    src = r.source().bits();
                }
            }
        }
        if (src == 0 || (mac == -1 && nextHop == 0)) {
            stats.ipv4.count(DropReason.NO_ROUTE);
            p.release();
            return SendResult.NO_ROUTE;
        }
        if (dontFragment && !fragmenter.fits(len)) {
            stats.ipv4.count(DropReason.FRAGMENT_NEEDED);
            p.release();
            return SendResult.FRAGMENTATION_NEEDED;
        }
        p = withHeadroom(p);
        int flags = dontFragment ? 0x4000 : 0;
        Ipv4Packet.emit(p.array(), p.prepend(HEADER_LEN), src, dst, protocol, hops, takeId(), flags, HEADER_LEN + len);
        if (mac == -1) {
            mac = arp.lookup(nextHop, now);
        }
        if (mac == -1) {
            SendResult r = arp.enqueue(nextHop, flat(p), now);   // kept: its data must be its own
            if (r == SendResult.QUEUED) {
                stats.ipOut++;
            }
            return r;
        }
        stats.ipOut++;
        fragmenter.send(p.segmentSize() == 0 && !fragmenter.fits(len) ? flat(p) : p, mac, now);
        return SendResult.SENT;
    }

    /**
     * As {@link #send(PacketBuffer, int, int, int, int, boolean, long)}, from a payload in an array:
     * it is copied into a buffer from the pool (or a buffer of its own when larger than one).
     */
    SendResult send(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, boolean dontFragment,
                    byte[] payload, int off, int len, long now) {
        if (len < 0 || len > Ipv4Repr.MAX_TOTAL_LEN - HEADER_LEN) {
            return SendResult.TOO_LARGE;
        }
        PacketBuffer p = bufferFor(len);
        System.arraycopy(payload, off, p.array(), p.append(len), len);
        return send(p, src == null ? 0 : src.bits(), dst.bits(), protocol, ttl, dontFragment, now);
    }

    /**
     * A buffer whose window can take {@code len} bytes: from the pool, else from the pool of buffers
     * for whole 64-KiB datagrams (made on first use: segments the link cuts up, TSO, and datagrams
     * IP fragments), else one of its own.
     */
    PacketBuffer bufferFor(int len) {
        if (PacketPool.HEADROOM + len <= pool.bufferSize()) {
            return pool.acquire();
        }
        if (len <= Ipv4Repr.MAX_TOTAL_LEN) {
            if (largePool == null) {
                largePool = PacketPool.forMtu(pool.name() + "-64k", Ipv4Repr.MAX_TOTAL_LEN, LARGE_POOL_FREE_BUFFERS);
            }
            return largePool.acquire();
        }
        byte[] big = new byte[PacketPool.HEADROOM + len];
        return PacketBuffer.wrap(big, PacketPool.HEADROOM, 0);
    }

    /** The pool of 64-KiB buffers, or null while none was needed. */
    PacketPool largePool() {
        return largePool;
    }

    /**
     * Sends an ICMP message, written in a buffer of its own.
     *
     * @param ttl 1..255, or 0 for the default
     */
    SendResult sendIcmp(Ipv4Address src, Ipv4Address dst, IcmpRepr msg, int ttl, long now) {
        int len = msg.length();
        PacketBuffer p = bufferFor(len);
        msg.emit(p.array(), p.append(len));
        SendResult r = send(p, src == null ? 0 : src.bits(), dst.bits(), IpProtocol.ICMP, ttl, false, now);
        if (r.accepted()) {
            stats.icmpOut++;
        }
        return r;
    }

    /**
     * Sends a whole datagram built elsewhere (header in place, at most the MTU: a router's forwarded
     * datagram or fragment, or its own ICMP message) to {@code nextHop} on this link: through ARP's
     * queue while the next hop resolves. {@code d} is ours from here on. Not counted as ours in
     * {@code ipOut}: the caller counts it.
     */
    SendResult sendDatagram(PacketBuffer d, int nextHop, long now) {
        d = withHeadroom(d);
        long mac = arp.lookup(nextHop, now);
        if (mac == -1) {
            return arp.enqueue(nextHop, flat(d), now);
        }
        fragmenter.send(d, mac, now);
        return SendResult.SENT;
    }

    /** ARP resolved the next hop of a queued datagram (header in place): ours from here on. */
    void sendResolved(PacketBuffer datagram, MacAddress mac, long now) {
        fragmenter.send(datagram, mac.bits(), now);
    }

    private SendResult loop(PacketBuffer p, int src, int dst, int protocol, int ttl, boolean df) {
        if (loopback.size() >= config.loopbackQueue()) {
            stats.ipv4.count(DropReason.QUEUE_FULL);
            p.release();
            return SendResult.QUEUE_FULL;
        }
        p = withHeadroom(p);
        int len = p.length();
        Ipv4Packet.emit(p.array(), p.prepend(HEADER_LEN), src, dst, protocol, ttl, takeId(), df ? 0x4000 : 0,
                HEADER_LEN + len);
        loopback.add(p);
        stats.ipOut++;
        stats.ipLoopback++;
        return SendResult.SENT;
    }

    /**
     * {@code p} itself if it has room in front for our header and Ethernet's, else a copy that has
     * (a reassembled datagram answered in place has only its own header's room).
     */
    private PacketBuffer withHeadroom(PacketBuffer p) {
        if (p.headroom() >= HEADER_LEN + EthernetLayer.HEADER_LEN) {
            return p;
        }
        return copied(p);
    }

    /**
     * {@code p} with any attached data copied in behind its window ({@link PacketBuffer#linearize}),
     * or copied whole into a buffer that has room: for a packet that is kept (ARP's queue, the
     * loopback queue) or cut into fragments, whose bytes must all be its own.
     */
    private PacketBuffer flat(PacketBuffer p) {
        return p.linearize() ? p : copied(p);
    }

    /** A copy of the whole packet in a new buffer with full headroom; {@code p} is released. */
    private PacketBuffer copied(PacketBuffer p) {
        int len = p.totalLength();
        PacketBuffer q = bufferFor(len);
        p.copyTotalTo(q.array(), q.append(len));
        q.segmentSize(p.segmentSize());
        p.release();
        return q;
    }

    /** The next looped-back datagram (window: header and payload), or null. */
    PacketBuffer pollLoopback() {
        return loopback.poll();
    }

    boolean hasLoopback() {
        return !loopback.isEmpty();
    }

    /** The looped-back datagrams not yet delivered (for the leak check). */
    void forEachHeld(Consumer<PacketBuffer> c) {
        loopback.forEach(c);
    }

    private int takeId() {
        int id = nextId;
        nextId = (nextId + 1) & 0xFFFF;
        return id;
    }
}
