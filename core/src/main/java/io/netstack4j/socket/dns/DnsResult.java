package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.Ipv4Address;

import java.util.List;
import java.util.Objects;

/**
 * A successful lookup: at least one address.
 *
 * @param query         the name as the caller gave it
 * @param canonicalName the name the addresses belong to: the end of the CNAME chain (RFC 1034 §3.6.2),
 *                      or the name asked if there was no alias
 * @param addresses     the addresses, in the order the answer gave them, never empty
 * @param answers       dig's "answer section": the CNAME records followed, then the A records, each
 *                      with the TTL left when the lookup ended (a cached record's TTL counts down); the
 *                      A records of a {@link Source#HOSTS} or {@link Source#LITERAL} result have TTL 0
 * @param source        where the answer came from
 * @param server        the server whose response completed the lookup, or {@code null} if none did
 * @param authoritative the AA bit of that response (false without one)
 * @param truncated     the TC bit of any response used (RFC 1035 §4.2.1), which the retry over TCP did
 *                      not replace (no TCP, or it failed): the addresses may be incomplete
 * @param overTcp       the response that completed the lookup came over TCP (the retry of a truncated
 *                      UDP answer, RFC 7766 §5)
 * @param queries       queries sent for this lookup
 * @param startedAt     nanoseconds, the caller's time base
 * @param completedAt   nanoseconds, the caller's time base
 */
public record DnsResult(String query, DnsName canonicalName, List<Ipv4Address> addresses, List<DnsRecord> answers,
                        Source source, Ipv4Address server, boolean authoritative, boolean truncated, boolean overTcp,
                        int queries,
                        long startedAt, long completedAt) implements DnsOutcome {
    /** Where the addresses came from. */
    public enum Source {
        /** The name was an address literal, {@code 198.51.100.7}. */
        LITERAL,
        /** The hosts table. */
        HOSTS,
        /** The cache alone: no query was sent. */
        CACHE,
        /** At least one DNS query (part of a CNAME chain may have come from the cache). */
        DNS
    }

    public DnsResult {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(canonicalName, "canonicalName");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a result holds at least one address");
        }
        answers = List.copyOf(answers);
        Objects.requireNonNull(source, "source");
    }

    /** The CNAME records of {@link #answers}, in chain order. */
    public List<DnsRecord> cnameChain() {
        return answers.stream().filter(r -> r.type() == DnsType.CNAME).toList();
    }
}
