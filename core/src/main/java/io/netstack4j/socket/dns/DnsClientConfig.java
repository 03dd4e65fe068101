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
 */
public record DnsClientConfig(List<Ipv4Address> servers, int port, long tryTimeoutNanos, int attemptsPerServer,
                              long deadlineNanos, int maxCnameChain, int maxPendingLookups, int ednsPayloadSize,
                              boolean rotate) {
    /** No servers, port 53, 1 s per try, 2 tries per server, 5 s in all, chains of 8, 256 pending, no EDNS. */
    public static final DnsClientConfig DEFAULT = new DnsClientConfig(List.of(), DnsMessage.PORT,
            1_000_000_000L, 2, 5_000_000_000L, 8, 256, 0, false);

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
    }

    public DnsClientConfig withServers(List<Ipv4Address> v) {
        return new DnsClientConfig(v, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withServers(Ipv4Address... v) {
        return withServers(List.of(v));
    }

    public DnsClientConfig withPort(int v) {
        return new DnsClientConfig(servers, v, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withTryTimeout(long nanos) {
        return new DnsClientConfig(servers, port, nanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withAttemptsPerServer(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, v, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withDeadline(long nanos) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, nanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withMaxCnameChain(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, v,
                maxPendingLookups, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withMaxPendingLookups(int v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                v, ednsPayloadSize, rotate);
    }

    public DnsClientConfig withEdns(int payloadSize) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, payloadSize, rotate);
    }

    public DnsClientConfig withRotate(boolean v) {
        return new DnsClientConfig(servers, port, tryTimeoutNanos, attemptsPerServer, deadlineNanos, maxCnameChain,
                maxPendingLookups, ednsPayloadSize, v);
    }
}
