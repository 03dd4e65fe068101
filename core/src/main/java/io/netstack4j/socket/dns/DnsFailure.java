package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;

import java.util.List;
import java.util.Objects;

/**
 * A lookup that produced no address.
 *
 * @param query       the name as the caller gave it
 * @param kind        why
 * @param message     a one-line explanation, e.g. {@code "www.example.test: no such name (NXDOMAIN from 198.51.100.53)"}
 * @param cnameChain  the CNAME records followed before the failure (RFC 2308 §2.1: an NXDOMAIN after
 *                    a chain is about the chain's last name)
 * @param server      the server whose response decided the failure, or {@code null} (timeouts, the
 *                    negative cache, local errors)
 * @param queries     queries sent for this lookup
 * @param startedAt   nanoseconds, the caller's time base
 * @param completedAt nanoseconds, the caller's time base
 */
public record DnsFailure(String query, DnsErrorKind kind, String message, List<DnsRecord> cnameChain,
                         Ipv4Address server, int queries, long startedAt, long completedAt) implements DnsOutcome {
    public DnsFailure {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        cnameChain = List.copyOf(cnameChain);
    }
}
