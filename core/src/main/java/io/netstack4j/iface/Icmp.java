package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MalformedPacketException;

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

    /** An ICMP message for us ({@code len} bytes at {@code off}). */
    void receive(Ipv4Repr ip, byte[] b, int off, int len, long now) {
        stats.icmpIn++;
        IcmpRepr msg;
        try {
            msg = IcmpRepr.parse(b, off, len);
        } catch (MalformedPacketException e) {
            stats.icmp.count(e.reason());
            return;
        }
        switch (msg) {
            case IcmpRepr.EchoRequest request -> {
                boolean toBroadcast = addresses.isBroadcast(ip.destination());
                if (toBroadcast && !config.answerBroadcastEcho()) {
                    stats.icmp.count(DropReason.BROADCAST_ECHO_IGNORED);
                    return;
                }
                // RFC 1122 §3.2.2.6: the reply's source is the request's specific destination;
                // it carries the same identifier, sequence number and data.
                Ipv4Address src = toBroadcast ? null : ip.destination();
                if (out.sendIcmp(src, ip.source(), request.reply(), 0, now).accepted()) {
                    stats.echoRepliesSent++;
                } else {
                    stats.echoRepliesUnsent++;   // the output path counted why (no route, queue full...)
                }
            }
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
    void localUnreachable(PendingPacket p, long now) {
        Ipv4Repr ip = p.ip();
        byte[] payload = p.payload();
        if (ip.protocol() == IpProtocol.ICMP
                && (payload.length == 0 || (payload[0] & 0xFF) != IcmpRepr.TYPE_ECHO_REQUEST)) {
            return;
        }
        int dataLen = Math.min(payload.length, IcmpErrors.MAX_QUOTE - Ipv4Repr.MIN_HEADER_LEN);
        byte[] quoted = new byte[Ipv4Repr.MIN_HEADER_LEN + dataLen];
        ip.emit(quoted, 0);
        System.arraycopy(payload, 0, quoted, Ipv4Repr.MIN_HEADER_LEN, dataLen);
        QuotedPacket q = new QuotedPacket(ip.source(), ip.destination(), ip.protocol(), ip.identification(),
                quoted, Ipv4Repr.MIN_HEADER_LEN);
        if (deliver(ip.source(), new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_HOST_UNREACHABLE, 0, quoted), q, now)) {
            stats.icmpErrorsLocal++;
        }
    }

    private static void check16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("echo identifier out of range 0..65535: " + v);
        }
    }
}
