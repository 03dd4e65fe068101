package io.netstack4j.socket.dns;

import io.netstack4j.wire.Ipv4Address;

/**
 * One query a {@link DnsLookup} sent: its own socket, its random message ID, the server asked, and
 * whether it went over TCP (the retry of a truncated answer) rather than UDP.
 */
final class DnsAttempt {
    final DnsLookup lookup;
    final DnsTransport.DnsSocket socket;
    final int id;
    final Ipv4Address server;
    final boolean stream;
    /** Queued in the client's ready list. */
    boolean ready;
    boolean closed;

    DnsAttempt(DnsLookup lookup, DnsTransport.DnsSocket socket, int id, Ipv4Address server, boolean stream) {
        this.lookup = lookup;
        this.socket = socket;
        this.id = id;
        this.server = server;
        this.stream = stream;
    }

    void close(long now) {
        if (!closed) {
            closed = true;
            socket.onReadiness(null);
            socket.close(now);
        }
    }
}
