package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;

import java.util.Arrays;

/**
 * Sends ICMP error messages about datagrams we received, under the rules of RFC 1122 §3.2.2: never
 * about an ICMP error message, a datagram sent to an IP broadcast or multicast address (or as a
 * link-layer broadcast, which {@link Ipv4Input} only accepts for IP broadcasts), a fragment other
 * than the first, or a datagram whose source is not a single host. What passes is rate-limited by
 * a token bucket. The error quotes the original header and as much data as keeps the error
 * datagram within 576 bytes (RFC 1812 §4.3.2.3).
 */
final class IcmpErrors {
    /** Bytes of the original we may quote: 576 minus our IPv4 and ICMP headers. */
    static final int MAX_QUOTE = IcmpRepr.MAX_ERROR_DATAGRAM - Ipv4Repr.MIN_HEADER_LEN - IcmpRepr.HEADER_LEN;

    private final Addresses addresses;
    private final Ipv4Output out;
    private final StackStats stats;
    private final IcmpRateLimiter limiter;
    /** The MTU of our link, the next hop of everything this host sends. */
    private final int mtu;

    IcmpErrors(StackConfig config, Addresses addresses, Ipv4Output out, StackStats stats) {
        this.mtu = config.mtu();
        this.addresses = addresses;
        this.out = out;
        this.stats = stats;
        this.limiter = new IcmpRateLimiter(config.icmpErrorsPerSecond(), config.icmpErrorBurst());
    }

    /**
     * Sends Destination Unreachable about the datagram whose header is at {@code b[off]} (its
     * {@code ip.totalLength()} bytes, or fewer when only part is at hand). Code 4, fragmentation
     * needed and DF set, carries the MTU of the next hop (RFC 1191 §4): for a host with one link,
     * that link's MTU; every other code leaves the field zero (RFC 792 "unused").
     *
     * @return true if the error was sent (or queued for ARP)
     */
    boolean destinationUnreachable(int code, Ipv4Repr ip, byte[] b, int off, int len, long now) {
        if (!permitted(ip, b, off, len, now)) {
            return false;
        }
        byte[] quoted = quote(b, off, len, ip);
        int nextHopMtu = code == IcmpRepr.CODE_FRAGMENTATION_NEEDED ? mtu : 0;
        return send(ip, new IcmpRepr.DestinationUnreachable(code, nextHopMtu, quoted), now);
    }

    /** Sends Time Exceeded code 1 about a datagram whose reassembly timed out (its first fragment). */
    void reassemblyTimedOut(Ipv4Repr first, byte[] firstPacket, long now) {
        if (permitted(first, firstPacket, 0, firstPacket.length, now)) {
            byte[] quoted = quote(firstPacket, 0, firstPacket.length, first);
            send(first, new IcmpRepr.TimeExceeded(IcmpRepr.CODE_REASSEMBLY_TIME_EXCEEDED, quoted), now);
        }
    }

    private boolean send(Ipv4Repr about, IcmpRepr error, long now) {
        Ipv4Address src = addresses.isLocal(about.destination()) ? about.destination() : null;
        if (out.sendIcmp(src, about.source(), error, 0, now).accepted()) {
            stats.icmpErrorsSent++;
            return true;
        }
        return false;
    }

    private static byte[] quote(byte[] b, int off, int len, Ipv4Repr ip) {
        int n = Math.min(Math.min(len, ip.totalLength()), MAX_QUOTE);
        return Arrays.copyOfRange(b, off, off + n);
    }

    /** RFC 1122 §3.2.2, then the rate limit. */
    private boolean permitted(Ipv4Repr ip, byte[] b, int off, int len, long now) {
        boolean allowed = ip.fragmentOffset() == 0                       // (d) not a non-initial fragment
                && !addresses.isBroadcast(ip.destination())          // (b)(c) not to a broadcast...
                && !ip.destination().isMulticast()                   // ... or multicast address
                && addresses.isUnicastHost(ip.source())              // (e) source is a single host
                && !aboutIcmpError(ip, b, off, len);                 // (a) not about an ICMP error
        if (!allowed) {
            stats.icmpErrorsSuppressed++;
            return false;
        }
        if (!limiter.tryAcquire(now)) {
            stats.icmp.count(DropReason.ICMP_RATE_LIMITED);
            return false;
        }
        return true;
    }

    private static boolean aboutIcmpError(Ipv4Repr ip, byte[] b, int off, int len) {
        if (ip.protocol() != IpProtocol.ICMP) {
            return false;
        }
        int typeAt = off + ip.headerLength();
        // A datagram too short to tell is treated as an error message: say nothing.
        return typeAt >= off + len || IcmpRepr.isError(b[typeAt] & 0xFF);
    }
}
