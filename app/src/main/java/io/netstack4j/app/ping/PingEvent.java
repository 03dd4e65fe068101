package io.netstack4j.app.ping;

import io.netstack4j.wire.Ipv4Address;

/** What happened to one echo request, as the ping loop reports it. */
public sealed interface PingEvent {
    int sequence();

    /** An echo reply: {@code bytes} of ICMP, the IP TTL, the round-trip time. */
    record Reply(int sequence, Ipv4Address from, int bytes, int ttl, long rttNanos, boolean duplicate,
                 boolean dataMatches) implements PingEvent {
    }

    /** An ICMP error about the request (or the stack's own "host unreachable" when ARP fails). */
    record Error(int sequence, Ipv4Address reporter, String message) implements PingEvent {
    }
}
