package io.netstack4j.route;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.IcmpRateLimiter;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;

import java.util.Arrays;

/**
 * The ICMP messages a router originates about datagrams it forwards (RFC 1812 §4.3): Time Exceeded
 * (§5.3.1), Destination Unreachable, net (§5.2.7.1, no route) or host (ARP gave up), and
 * Fragmentation Needed with the next-hop MTU (RFC 1191 §4); and the echo replies for its address on
 * another interface than the request came in on. Errors follow RFC 1812 §4.3.2.7 (never about an
 * ICMP error, a non-first fragment, or a datagram to a broadcast or multicast address), quote the
 * original header and as much data as keeps the error within 576 bytes (RFC 792 asks for 8 bytes,
 * RFC 1812 §4.3.2.3 for as much as fits), are rate-limited by one token bucket per router, and
 * leave from the address of the interface they leave through (RFC 1812 §4.3.2.4), routed like any
 * datagram.
 */
final class RouterIcmp {
    /** Bytes of the original quoted at most: 576 minus our IPv4 and ICMP headers. */
    static final int MAX_QUOTE = IcmpRepr.MAX_ERROR_DATAGRAM - Ipv4Repr.MIN_HEADER_LEN - IcmpRepr.HEADER_LEN;

    private final RouteTable table;
    private final ForwardFragmenter fragmenter;
    private final RouterStats stats;
    private final IcmpRateLimiter limiter;
    private final int ttl;
    /** RFC 791 Identification of the datagrams the router originates. */
    private int nextId;

    RouterIcmp(RouteTable table, ForwardFragmenter fragmenter, RouterStats stats, IcmpRateLimiter limiter, int ttl) {
        this.table = table;
        this.fragmenter = fragmenter;
        this.stats = stats;
        this.limiter = limiter;
        this.ttl = ttl;
    }

    /** Time Exceeded, code 0: the TTL would reach 0 here (RFC 1812 §5.3.1). */
    void timeExceeded(Ipv4Packet ip, long now) {
        if (error(IcmpRepr.TYPE_TIME_EXCEEDED, IcmpRepr.CODE_TTL_EXCEEDED, 0, ip, now)) {
            stats.timeExceededSent++;
        }
    }

    /** Destination Unreachable, net unreachable: no route (RFC 1812 §5.2.7.1). */
    void netUnreachable(Ipv4Packet ip, long now) {
        if (error(IcmpRepr.TYPE_DEST_UNREACHABLE, IcmpRepr.CODE_NET_UNREACHABLE, 0, ip, now)) {
            stats.netUnreachableSent++;
        }
    }

    /** Destination Unreachable, host unreachable: ARP gave up on the next hop. */
    void hostUnreachable(Ipv4Packet ip, long now) {
        if (error(IcmpRepr.TYPE_DEST_UNREACHABLE, IcmpRepr.CODE_HOST_UNREACHABLE, 0, ip, now)) {
            stats.hostUnreachableSent++;
        }
    }

    /** Fragmentation Needed and DF set, with the MTU of the next hop (RFC 1191 §4). */
    void fragmentationNeeded(Ipv4Packet ip, int nextHopMtu, long now) {
        if (error(IcmpRepr.TYPE_DEST_UNREACHABLE, IcmpRepr.CODE_FRAGMENTATION_NEEDED, nextHopMtu, ip, now)) {
            stats.fragmentationNeededSent++;
        }
    }

    private boolean error(int type, int code, int nextHopMtu, Ipv4Packet ip, long now) {
        if (ip.fragmentOffset() != 0 || aboutIcmpError(ip)) {
            stats.icmpErrorsSuppressed++;
            return false;
        }
        RouteEntry back = table.lookup(ip.sourceV4());
        if (back == null) {
            stats.icmpDrops.count(DropReason.NO_ROUTE);
            return false;
        }
        if (!limiter.tryAcquire(now)) {
            stats.icmpDrops.count(DropReason.ICMP_RATE_LIMITED);
            return false;
        }
        int n = Math.min(ip.totalLength(), MAX_QUOTE);
        byte[] quote = Arrays.copyOfRange(ip.array(), ip.offset(), ip.offset() + n);
        IcmpRepr msg = type == IcmpRepr.TYPE_TIME_EXCEEDED ? new IcmpRepr.TimeExceeded(code, quote)
                : new IcmpRepr.DestinationUnreachable(code, nextHopMtu, quote);
        RouterInterface out = back.iface();
        PacketBuffer p = out.stack().allocate();
        int len = msg.length();
        msg.emit(p.array(), p.append(len));
        return send(p, out, back.nextHop(ip.sourceV4()), out.addressBits(), ip.sourceV4(), now);
    }

    /** RFC 1812 §4.3.2.7: no error about an ICMP error (nor about a datagram too short to tell). */
    private static boolean aboutIcmpError(Ipv4Packet ip) {
        if (ip.protocol() != IpProtocol.ICMP) {
            return false;
        }
        return ip.payloadLength() < 1 || IcmpRepr.isError(ip.array()[ip.payloadOffset()] & 0xFF);
    }

    /**
     * An echo request (or anything else) for the router's address on another interface than the one
     * it came in on: the router answers echo requests itself (RFC 1812 §4.3.3.6), in the request's
     * own buffer as the stack does (type changed, checksum adjusted by RFC 1624, a new header); other
     * datagrams are dropped and counted. {@code p} is ours.
     *
     * @return whether a reply was sent
     */
    boolean echo(Ipv4Packet ip, PacketBuffer p, long now) {
        byte[] b = p.array();
        int off = ip.payloadOffset();
        int len = ip.payloadLength();
        if (ip.protocol() != IpProtocol.ICMP || ip.isFragment() || len < IcmpRepr.HEADER_LEN
                || (b[off] & 0xFF) != IcmpRepr.TYPE_ECHO_REQUEST || b[off + 1] != 0) {
            stats.drops.count(DropReason.UNSUPPORTED);
            p.release();
            return false;
        }
        if (!p.checksumVerified() && Checksum.compute(b, off, len) != 0) {
            stats.drops.count(DropReason.BAD_CHECKSUM);
            p.release();
            return false;
        }
        int requester = ip.sourceV4();
        int self = ip.destinationV4();
        RouteEntry back = table.lookup(requester);
        if (back == null) {
            stats.drops.count(DropReason.NO_ROUTE);
            p.release();
            return false;
        }
        // RFC 1624 eqn. 3 for the type/code word: 8,0 becomes 0,0.
        int hc = Bytes.u16(b, off + 2);
        int sum = (~hc & 0xFFFF) + (~(IcmpRepr.TYPE_ECHO_REQUEST << 8) & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        b[off] = (byte) IcmpRepr.TYPE_ECHO_REPLY;
        Bytes.put16(b, off + 2, ~sum & 0xFFFF);
        p.advance(ip.headerLength());
        RouterInterface out = back.iface();
        // RFC 1122 §3.2.2.6: the reply's source is the address the request was sent to.
        if (send(p, out, back.nextHop(requester), self, requester, now)) {
            stats.echoRepliesSent++;
            return true;
        }
        return false;
    }

    /**
     * Pushes a header in front of the ICMP message in {@code p} and sends it, in fragments if it is
     * larger than {@code out}'s MTU (an echo reply on a narrower way back); {@code p} is given away.
     */
    private boolean send(PacketBuffer p, RouterInterface out, int nextHop, int src, int dst, long now) {
        int total = Ipv4Repr.MIN_HEADER_LEN + p.length();
        Ipv4Packet.emit(p.array(), p.prepend(Ipv4Repr.MIN_HEADER_LEN), src, dst, IpProtocol.ICMP, ttl, takeId(), 0,
                total);
        if (total > out.mtu()) {
            return fragmenter.send(p, out, nextHop, now);
        }
        return out.stack().transmitDatagram(p, nextHop, now).accepted();
    }

    private int takeId() {
        int id = nextId;
        nextId = (nextId + 1) & 0xFFFF;
        return id;
    }
}
