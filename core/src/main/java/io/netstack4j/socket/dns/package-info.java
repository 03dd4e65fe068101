/**
 * DNS over UDP (RFC 1034, RFC 1035): the stub resolver and a small authoritative server.
 *
 * <p>{@link io.netstack4j.socket.dns.DnsClient} resolves names to IPv4 addresses: address
 * literals, then the {@link io.netstack4j.socket.dns.HostsTable}, then the
 * {@link io.netstack4j.socket.dns.DnsCache} (TTLs, negative caching per RFC 2308), then A queries
 * to the configured servers with a random ID and source port per query (RFC 5452), retries,
 * failover and a deadline; it follows CNAME chains (bounded) and tells NXDOMAIN, NODATA, SERVFAIL
 * and TIMEOUT apart ({@link io.netstack4j.socket.dns.DnsErrorKind}). Outcomes are
 * {@link io.netstack4j.socket.dns.DnsResult} or {@link io.netstack4j.socket.dns.DnsFailure}.
 *
 * <p>{@link io.netstack4j.socket.dns.DnsServer} answers from {@link io.netstack4j.socket.dns.Zone}s
 * (A and CNAME records, loadable from text) with authority; {@link io.netstack4j.socket.dns.DnsServerEndpoint}
 * puts it on UDP port 53.
 *
 * <p>Messages are encoded and parsed by {@link io.netstack4j.wire.DnsMessage}, which rejects
 * compression loops and pointers past the end. Everything here is pure protocol code: used on the
 * thread that owns the stack, time passed in as {@code long} nanoseconds, no locks, no clock reads.
 * The blocking facade for application threads is {@link io.netstack4j.api.Resolver}.
 */
package io.netstack4j.socket.dns;
