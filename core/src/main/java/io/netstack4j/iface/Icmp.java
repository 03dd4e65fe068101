package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MalformedPacketException;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * ICMP (RFC 792, RFC 1122 §3.2.2): the echo responder, echo requests and replies for bound
 * identifiers (what {@code ping} uses), and incoming errors handed to whoever sent the datagram they
 * quote: the echo binding of the quoted request's identifier, or the {@link IpProtocolHandler} of
 * the quoted protocol. Use it only on the thread that owns the stack.
 */
public final class Icmp {
    private final StackConfig config;
    private final Addresses addresses;
    private final Ipv4Output out;
    private final IcmpErrors errors;
    private final StackStats stats;
    private final IpProtocolHandler[] handlers;
    /** At most 65,536 bindings: the identifier is 16 bits. */
    private final Map<Integer, EchoListener> echo = new HashMap<>();

    Icmp(StackConfig config, Addresses addresses, Ipv4Output out, IcmpErrors errors, StackStats stats,
         IpProtocolHandler[] handlers) {
        this.config = config;
        this.addresses = addresses;
        this.out = out;
        this.errors = errors;
        this.stats = stats;
        this.handlers = handlers;
    }

    /**
     * Routes echo replies and errors about echo requests with this identifier to {@code listener}.
     *
     * @throws IllegalStateException if another listener holds the identifier
     */
    public void bindEcho(int identifier, EchoListener listener) {
        check16(identifier);
        EchoListener old = echo.putIfAbsent(identifier, listener);
        if (old != null && old != listener) {
            throw new IllegalStateException("echo identifier " + identifier + " is already bound");
        }
    }

    public void unbindEcho(int identifier) {
        echo.remove(identifier);
    }

    public boolean isEchoBound(int identifier) {
        return echo.containsKey(identifier);
    }

    /** Sends an Echo Request (RFC 792 type 8) with the default TTL. */
    public SendResult sendEchoRequest(Ipv4Address dst, int identifier, int sequence, byte[] data, long now) {
        return sendEchoRequest(dst, identifier, sequence, data, 0, now);
    }

    /**
     * Sends an Echo Request. A request larger than the MTU leaves in fragments.
     *
     * @param ttl 1..255, or 0 for the default
     */
    public SendResult sendEchoRequest(Ipv4Address dst, int identifier, int sequence, byte[] data, int ttl, long now) {
        return out.sendIcmp(null, dst, new IcmpRepr.EchoRequest(identifier, sequence, data), ttl, now);
    }

    /**
     * Sends Destination Unreachable about a datagram an upper layer received (for example code 3,
     * port unreachable, from UDP), subject to RFC 1122 §3.2.2's rules and the rate limit. Code 4
     * (fragmentation needed) carries the link's MTU as the next-hop MTU (RFC 1191 §4).
     *
     * @param ip        the datagram's header
     * @param buf       holds the datagram: its header at {@code headerOff}, then its payload
     * @param headerOff where the header starts (the handler's {@code off - ip.headerLength()})
     * @return true if an error was sent
     */
    public boolean sendDestinationUnreachable(int code, Ipv4Repr ip, byte[] buf, int headerOff, long now) {
        return errors.destinationUnreachable(code, ip, buf, headerOff, ip.totalLength(), now);
    }

    /**
     * An ICMP message for us: the window of {@code p} (the IP header {@code ip} just before it);
     * {@code p} is ours. An echo request is answered in its own buffer: type changed, checksum
     * adjusted (RFC 1624), a new IP header pushed in front — no copy, nothing allocated.
     */
    void receive(Ipv4Packet ip, PacketBuffer p, long now) {
        stats.icmpIn++;
        byte[] b = p.array();
        int off = p.start();
        int len = p.length();
        if (len < IcmpRepr.HEADER_LEN) {
            drop(p, DropReason.TRUNCATED);
            return;
        }
        if (!p.checksumVerified() && Checksum.compute(b, off, len) != 0) {
            drop(p, DropReason.BAD_CHECKSUM);
            return;
        }
        if ((b[off] & 0xFF) == IcmpRepr.TYPE_ECHO_REQUEST && b[off + 1] == 0) {
            echoRequest(ip, p, now);
            return;
        }
        IcmpRepr msg;
        try {
            msg = IcmpRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            stats.icmp.count(e.reason());
            return;
        } finally {
            p.release();   // parse copied what the message records keep
        }
        switch (msg) {
            case IcmpRepr.EchoRequest request -> throw new IllegalStateException("answered above");
            case IcmpRepr.EchoReply reply -> {
                EchoListener l = echo.get(reply.identifier());
                if (l == null) {
                    stats.icmp.count(DropReason.NO_LISTENER);
                } else {
                    stats.echoRepliesDelivered++;
                    l.onEchoReply(ip.source(), ip.ttl(), reply.sequence(), reply.data(), now);
                }
            }
            case IcmpRepr.DestinationUnreachable u -> error(ip.source(), u, u.quoted(), now);
            case IcmpRepr.TimeExceeded t -> error(ip.source(), t, t.quoted(), now);
            case IcmpRepr.Other o when o.type() == IcmpRepr.TYPE_PARAMETER_PROBLEM
                    || o.type() == IcmpRepr.TYPE_SOURCE_QUENCH -> error(ip.source(), o, o.body(), now);
            // Redirects (RFC 1122 §3.2.2.2), timestamps, address masks...: not handled.
            case IcmpRepr.Other o -> stats.icmp.count(DropReason.UNSUPPORTED);
        }
    }

    private void echoRequest(Ipv4Packet ip, PacketBuffer p, long now) {
        int dst = ip.destinationV4();
        boolean toBroadcast = addresses.isBroadcast(dst);
        if (toBroadcast && !config.answerBroadcastEcho()) {
            drop(p, DropReason.BROADCAST_ECHO_IGNORED);
            return;
        }
        // RFC 1122 §3.2.2.6: the reply's source is the request's specific destination; it carries
        // the same identifier, sequence number and data. RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'),
        // m the old type/code word (8, 0), m' the new one (0, 0).
        byte[] b = p.array();
        int off = p.start();
        int hc = Bytes.u16(b, off + 2);
        int sum = (~hc & 0xFFFF) + (~(IcmpRepr.TYPE_ECHO_REQUEST << 8) & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        int checksum = ~sum & 0xFFFF;
        b[off] = (byte) IcmpRepr.TYPE_ECHO_REPLY;
        Bytes.put16(b, off + 2, checksum);
        int requester = ip.sourceV4();
        if (out.send(p, toBroadcast ? 0 : dst, requester, IpProtocol.ICMP, 0, false, now).accepted()) {
            stats.icmpOut++;
            stats.echoRepliesSent++;
        } else {
            stats.echoRepliesUnsent++;   // the output path counted why (no route, queue full...)
        }
    }

    private void drop(PacketBuffer p, DropReason reason) {
        stats.icmp.count(reason);
        p.release();
    }

    /** An error received from {@code reporter}: find who sent the quoted datagram. */
    private void error(Ipv4Address reporter, IcmpRepr msg, byte[] quoted, long now) {
        stats.icmpErrorsIn++;
        QuotedPacket q;
        try {
            q = QuotedPacket.parse(quoted);
        } catch (MalformedPacketException e) {
            stats.icmp.count(e.reason());
            return;
        }
        if (!addresses.isLocal(q.source())) {
            // About a datagram we did not send.
            stats.icmp.count(DropReason.IP_NOT_FOR_US);
            return;
        }
        if (deliver(reporter, msg, q, now)) {
            stats.icmpErrorsDelivered++;
        } else {
            stats.icmp.count(DropReason.NO_LISTENER);
        }
    }

    private boolean deliver(Ipv4Address reporter, IcmpRepr msg, QuotedPacket q, long now) {
        if (q.protocol() == IpProtocol.ICMP) {
            if (q.payloadLength() >= IcmpRepr.HEADER_LEN
                    && (q.bytes()[q.payloadOffset()] & 0xFF) == IcmpRepr.TYPE_ECHO_REQUEST) {
                EchoListener l = echo.get(q.payloadU16(4));
                if (l != null) {
                    l.onError(reporter, msg, q.payloadU16(6), now);
                    return true;
                }
            }
            return false;
        }
        IpProtocolHandler h = handlers[q.protocol()];
        if (h == null) {
            return false;
        }
        h.onIcmpError(reporter, msg, q, now);
        return true;
    }

    /**
     * ARP gave up on the next hop of a datagram we originated: tell its sender "host unreachable"
     * (RFC 1122 §2.3.2.1 lets the link layer report this; Linux's ping shows it as
     * "From <our address> ... Destination Host Unreachable"). Our own replies and errors are
     * simply lost.
     */
    void localUnreachable(PacketBuffer datagram, long now) {
        byte[] b = datagram.array();
        int h = datagram.start();
        int protocol = b[h + 9] & 0xFF;
        int payloadLen = datagram.length() - Ipv4Repr.MIN_HEADER_LEN;
        if (protocol == IpProtocol.ICMP
                && (payloadLen == 0 || (b[h + Ipv4Repr.MIN_HEADER_LEN] & 0xFF) != IcmpRepr.TYPE_ECHO_REQUEST)) {
            return;
        }
        int dataLen = Math.min(payloadLen, IcmpErrors.MAX_QUOTE - Ipv4Repr.MIN_HEADER_LEN);
        byte[] quoted = Arrays.copyOfRange(b, h, h + Ipv4Repr.MIN_HEADER_LEN + dataLen);
        QuotedPacket q = new QuotedPacket(Ipv4Address.read(b, h + 12), Ipv4Address.read(b, h + 16), protocol,
                Bytes.u16(b, h + 4), quoted, Ipv4Repr.MIN_HEADER_LEN);
        Ipv4Address source = q.source();
        if (deliver(source, new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_HOST_UNREACHABLE, 0, quoted), q, now)) {
            stats.icmpErrorsLocal++;
        }
    }

    private static void check16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("echo identifier out of range 0..65535: " + v);
        }
    }
}
