package io.netstack4j.route;

import io.netstack4j.stats.DropCounters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A router's forwarding counters (each interface's own stack keeps the link, ARP and ICMP ones).
 * Every datagram the interfaces hand over is counted once:
 * {@code received == forwarded + local + forwardDrops().total()}. Written by the router's thread
 * only; read them there.
 */
public final class RouterStats {
    final DropCounters drops = new DropCounters("forward");
    final DropCounters icmpDrops = new DropCounters("router-icmp");

    /** Datagrams for other hosts handed over by the interfaces. */
    long received;
    /** Accepted by the outgoing interface: sent, or queued while ARP resolves the next hop. */
    long forwarded;
    /** For the router's address on another interface than the one they came in on. */
    long local;
    /** Forwarded datagrams that had to be cut into fragments, and the fragments sent. */
    long fragmented;
    long fragmentsOut;
    /** Forwarded datagrams whose next hop ARP then gave up on (a subset of {@link #forwarded}). */
    long unresolved;
    long timeExceededSent;
    long netUnreachableSent;
    long hostUnreachableSent;
    long fragmentationNeededSent;
    long echoRepliesSent;
    /** ICMP errors not sent by RFC 1812 §4.3.2.7's rules (about an ICMP error, a non-first fragment...). */
    long icmpErrorsSuppressed;

    RouterStats() {
    }

    /** Why datagrams for other hosts were not forwarded. */
    public DropCounters forwardDrops() {
        return drops;
    }

    /** ICMP messages the router meant to send and did not (rate limit, no route back). */
    public DropCounters icmpDrops() {
        return icmpDrops;
    }

    public long received() {
        return received;
    }

    public long forwarded() {
        return forwarded;
    }

    public long local() {
        return local;
    }

    public long fragmented() {
        return fragmented;
    }

    public long fragmentsOut() {
        return fragmentsOut;
    }

    public long timeExceededSent() {
        return timeExceededSent;
    }

    public long netUnreachableSent() {
        return netUnreachableSent;
    }

    public long hostUnreachableSent() {
        return hostUnreachableSent;
    }

    public long fragmentationNeededSent() {
        return fragmentationNeededSent;
    }

    public long echoRepliesSent() {
        return echoRepliesSent;
    }

    /** The counters by name, in a fixed order (like {@code netstat -s}'s forwarding lines). */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("forward.received", received);
        m.put("forward.forwarded", forwarded);
        m.put("forward.local", local);
        m.put("forward.fragmented", fragmented);
        m.put("forward.fragments.out", fragmentsOut);
        m.put("forward.unresolved", unresolved);
        m.put("icmp.time.exceeded.sent", timeExceededSent);
        m.put("icmp.net.unreachable.sent", netUnreachableSent);
        m.put("icmp.host.unreachable.sent", hostUnreachableSent);
        m.put("icmp.fragmentation.needed.sent", fragmentationNeededSent);
        m.put("icmp.echo.replies.sent", echoRepliesSent);
        m.put("icmp.errors.suppressed", icmpErrorsSuppressed);
        return m;
    }

    @Override
    public String toString() {
        return counters() + " " + drops + " " + icmpDrops;
    }
}
