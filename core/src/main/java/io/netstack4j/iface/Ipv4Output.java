package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayDeque;

/**
 * The IPv4 output path (RFC 791, RFC 1122 §3.3): source address selection, routing to a next hop,
 * the DF check against the MTU, the identification counter, then either straight to the
 * {@link Fragmenter} (next hop's MAC known, or a broadcast) or into ARP's queue. Datagrams to our
 * own addresses are looped back through a bounded queue that {@link Stack#poll} drains.
 */
final class Ipv4Output {
    private final StackConfig config;
    private final Addresses addresses;
    private final Routes routes;
    private final Fragmenter fragmenter;
    private final StackStats stats;
    private final ArrayDeque<byte[]> loopback = new ArrayDeque<>();
    private ArpLayer arp;
    /** RFC 791 Identification: one counter for all datagrams (RFC 6864 permits this for atomic ones). */
    private int nextId;

    Ipv4Output(StackConfig config, Addresses addresses, Routes routes, Fragmenter fragmenter, StackStats stats) {
        this.config = config;
        this.addresses = addresses;
        this.routes = routes;
        this.fragmenter = fragmenter;
        this.stats = stats;
        // Start hosts at different points so that two hosts' datagrams rarely share IDs.
        this.nextId = (int) (config.mac().bits() ^ (config.mac().bits() >>> 16)) & 0xFFFF;
    }

    void connect(ArpLayer arp) {
        this.arp = arp;
    }

    /**
     * Sends a datagram. {@code src} null means "choose": the address of the route towards
     * {@code dst}. A payload already written at {@link Fragmenter#PAYLOAD_OFFSET} of the transmit
     * buffer is sent without being copied.
     *
     * @param ttl 1..255, or 0 for the configured default
     */
    SendResult send(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, boolean dontFragment,
                    byte[] payload, int off, int len, long now) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl out of range 0..255: " + ttl);
        }
        if (len < 0 || len > Ipv4Repr.MAX_TOTAL_LEN - Ipv4Repr.MIN_HEADER_LEN) {
            return SendResult.TOO_LARGE;
        }
        if (src != null && !addresses.isLocal(src)) {
            return SendResult.INVALID_SOURCE;
        }
        int hops = ttl == 0 ? config.defaultTtl() : ttl;
        if (addresses.isLocal(dst)) {
            return loop(src == null ? dst : src, dst, protocol, hops, dontFragment, payload, off, len);
        }
        MacAddress mac = null;
        Ipv4Address nextHop = null;
        if (addresses.isBroadcast(dst)) {
            // RFC 1122 §3.3.6: IP broadcasts go out as link-layer broadcasts.
            mac = MacAddress.BROADCAST;
            if (src == null) {
                src = dst.isLimitedBroadcast() ? addresses.primary() : addresses.localFor(dst);
            }
        } else if (dst.isMulticast() || dst.isUnspecified() || dst.isLoopback()) {
            src = null; // no multicast support yet; 0.0.0.0 and 127/8 never leave a host
        } else {
            Route r = routes.lookup(dst);
            if (r != null) {
                nextHop = Routes.nextHop(r, dst);
                if (src == null) {
                    src = r.source();
                }
            }
        }
        if (src == null || (mac == null && nextHop == null)) {
            stats.ipv4.count(DropReason.NO_ROUTE);
            return SendResult.NO_ROUTE;
        }
        if (dontFragment && !fragmenter.fits(len)) {
            stats.ipv4.count(DropReason.FRAGMENT_NEEDED);
            return SendResult.FRAGMENTATION_NEEDED;
        }
        Ipv4Repr ip = Ipv4Repr.of(src, dst, protocol, hops, takeId(), dontFragment, len);
        if (mac == null) {
            mac = arp.lookup(nextHop, now);
        }
        if (mac == null) {
            SendResult r = arp.enqueue(nextHop, ip, payload, off, len, now);
            if (r == SendResult.QUEUED) {
                stats.ipOut++;
            }
            return r;
        }
        stats.ipOut++;
        fragmenter.send(ip, payload, off, len, mac, now);
        return SendResult.SENT;
    }

    /**
     * Sends an ICMP message, written in place in the transmit buffer when it fits one frame.
     *
     * @param ttl 1..255, or 0 for the default
     */
    SendResult sendIcmp(Ipv4Address src, Ipv4Address dst, IcmpRepr msg, int ttl, long now) {
        int len = msg.length();
        byte[] b;
        int off;
        if (fragmenter.fits(len)) {
            b = fragmenter.buffer();
            off = Fragmenter.PAYLOAD_OFFSET;
        } else {
            b = new byte[len];
            off = 0;
        }
        msg.emit(b, off);
        SendResult r = send(src, dst, IpProtocol.ICMP, ttl, false, b, off, len, now);
        if (r.accepted()) {
            stats.icmpOut++;
        }
        return r;
    }

    /** ARP resolved the next hop of a queued datagram. */
    void sendResolved(PendingPacket p, MacAddress mac, long now) {
        fragmenter.send(p.ip(), p.payload(), 0, p.payload().length, mac, now);
    }

    private SendResult loop(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, boolean df,
                            byte[] payload, int off, int len) {
        if (loopback.size() >= config.loopbackQueue()) {
            stats.ipv4.count(DropReason.QUEUE_FULL);
            return SendResult.QUEUE_FULL;
        }
        // The loopback interface has a 64 KiB MTU: no fragmentation, no DF check.
        byte[] packet = new byte[Ipv4Repr.MIN_HEADER_LEN + len];
        Ipv4Repr.of(src, dst, protocol, ttl, takeId(), df, len).emit(packet, 0);
        System.arraycopy(payload, off, packet, Ipv4Repr.MIN_HEADER_LEN, len);
        loopback.add(packet);
        stats.ipOut++;
        stats.ipLoopback++;
        return SendResult.SENT;
    }

    /** The next looped-back datagram, or null. */
    byte[] pollLoopback() {
        return loopback.poll();
    }

    boolean hasLoopback() {
        return !loopback.isEmpty();
    }

    private int takeId() {
        int id = nextId;
        nextId = (nextId + 1) & 0xFFFF;
        return id;
    }
}
