package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.Ipv4Address;

import java.util.List;

/**
 * How a {@link DnsClient} asks (the knobs of resolv.conf's {@code nameserver}, {@code timeout},
 * {@code attempts} and {@code rotate}).
 *
 * @param servers            the servers, in order of preference (may be empty: hosts and cache only)
 * @param port               the servers' port, 53 (RFC 1035 §4.2)
 * @param tryTimeoutNanos    how long one query waits for its answer before the next is sent
 * @param attemptsPerServer  how many times each server is asked per name; the queries go round the
 *                           servers: first server, second, ..., first again
 * @param deadlineNanos      the most a whole lookup may take, CNAME re-queries included: the lookup
 *                           ends by then, with an answer or an error
 * @param maxCnameChain      the most CNAME links followed (a longer chain, or a loop, fails)
 * @param maxPendingLookups  the most lookups in progress at once; more fail at once (OVERLOADED)
 * @param ednsPayloadSize    if not 0, queries carry an EDNS OPT record advertising this UDP payload
 *                           size (RFC 6891 §6.2.5, 512..65535); 0 sends plain RFC 1035 queries
 * @param rotate             start each lookup at the next server in turn, spreading the load
 * @param tcpTimeoutNanos    how long the retry over TCP of a truncated answer (RFC 7766 §5) may take,
 *                           connection included, before the truncated answer is used after all; 0
 *                           turns the retry off (the lookup's deadline bounds it too)
 */
public record DnsClientConfig(List<Ipv4Address> servers, int port, long tryTimeoutNanos, int attemptsPerServer,
                              long deadlineNanos, int maxCnameChain, int maxPendingLookups, int ednsPayloadSize,
                              boolean rotate, long tcpTimeoutNanos) {
    /**
     * No servers, port 53, 1 s per try, 2 tries per server, 5 s in all, chains of 8, 256 pending, no
     * EDNS, 2 s for a retry over TCP.
     */
    public static final DnsClientConfig DEFAULT = new DnsClientConfig(List.of(), DnsMessage.PORT,
            1_000_000_000L, 2, 5_000_000_000L, 8, 256, 0, false, 2_000_000_000L);

    public DnsClientConfig {
        servers = List.copyOf(servers);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 1..65535: " + port);
        }
        if (tryTimeoutNanos <= 0 || deadlineNanos <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (attemptsPerServer < 1 || maxCnameChain < 0 || maxPendingLookups < 1) {
            throw new IllegalArgumentException("attempts and pending lookups at least 1, chain at least 0");
        }
        if (ednsPayloadSize != 0 && (ednsPayloadSize < DnsMessage.MAX_UDP_LEN || ednsPayloadSize > 0xFFFF)) {
            throw new IllegalArgumentException("EDNS payload size 0 or 512..65535: " + ednsPayloadSize);
        }
        if (tcpTimeoutNanos < 0) {
            throw new IllegalArgumentException("TCP timeout must be 0 (off) or positive");
        }
    }

    public DnsClientConfig withServers(List<Ipv4Address> v) {
        return new DnsClientConfig(v, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withServers(Ipv4Address... v) {
        return withServers(List.of(v));
    }

    public DnsClientConfig withPort(int v) {
        return new DnsClientConfig(servers, v, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withTryTimeout(long nanos) {
        return new DnsClientConfig(servers, port, nanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withAttemptsPerServer(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, v, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withDeadline(long nanos) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, nanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withMaxCnameChain(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, v,
                maxPendingLookups, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withMaxPendingLookups(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                v, ednsPayloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withEdns(int payloadSize) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, payloadSize, rotate, tcpTimeoutNanos);
    }

    public DnsClientConfig withRotate(boolean v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, v, tcpTimeoutNanos);
    }

    /** The bound on the retry over TCP of a truncated answer; 0 turns it off. */
    public DnsClientConfig withTcpTimeout(long nanos) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate, nanos);
    }
}
