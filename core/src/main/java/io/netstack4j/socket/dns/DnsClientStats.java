package io.netstack4j.socket.dns;

import java.util.Map;

/**
 * Counters of a {@link DnsClient}, a snapshot.
 *
 * @param lookups            lookups asked for
 * @param literalAnswers     lookups of address literals, answered without asking anyone
 * @param hostsHits          lookups answered by the hosts table
 * @param cacheHits          lookups answered by the cache alone, positively or negatively: no query sent
 * @param queriesSent        queries sent on the network (retries and CNAME re-queries included)
 * @param retries            queries sent after the first for the same name (timeouts and failover)
 * @param tryTimeouts        queries that got no answer in time
 * @param responsesAccepted  responses that matched their query
 * @param mismatchedSource   datagrams dropped: not from the server and port asked (RFC 5452 §9.1)
 * @param mismatchedId       datagrams dropped: another message ID
 * @param mismatchedQuestion datagrams dropped: another question, name (case-insensitively), type or class
 * @param malformed          datagrams dropped: not a DNS response that parses
 * @param truncated          accepted responses with TC set
 * @param tcpQueries         queries sent over TCP, each the retry of a truncated answer (RFC 7766 §5);
 *                           counted in {@code queriesSent} too
 * @param tcpFailures        TCP retries that failed (refused, reset, closed early, timed out): the
 *                           truncated answer was used
 * @param succeeded          lookups that produced addresses
 * @param failures           failed lookups by kind
 * @param callbackErrors     exceptions thrown by lookup callbacks (caught)
 * @param pending            lookups in progress now
 */
public record DnsClientStats(long lookups, long literalAnswers, long hostsHits, long cacheHits, long queriesSent,
                             long retries, long tryTimeouts, long responsesAccepted, long mismatchedSource,
                             long mismatchedId, long mismatchedQuestion, long malformed, long truncated,
                             long tcpQueries, long tcpFailures, long succeeded, Map<DnsErrorKind, Long> failures, long callbackErrors, int pending) {
    public DnsClientStats {
        failures = Map.copyOf(failures);
    }

    /** Datagrams dropped because they did not match the query: source, ID or question. */
    public long mismatched() {
        return mismatchedSource + mismatchedId + mismatchedQuestion;
    }

    /** Failed lookups of {@code kind}. */
    public long failed(DnsErrorKind kind) {
        return failures.getOrDefault(kind, 0L);
    }

    /** Failed lookups, all kinds. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
