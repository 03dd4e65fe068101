/**
 * DNS over UDP (RFC 1034, RFC 1035), and over TCP for answers too long for UDP (RFC 7766): the stub
 * resolver and a small authoritative server.
 *
 * <p>{@link io.netstack4j.socket.dns.DnsClient} resolves names to IPv4 addresses: address
 * literals, then the {@link io.netstack4j.socket.dns.HostsTable}, then the
 * {@link io.netstack4j.socket.dns.DnsCache} (TTLs, negative caching per RFC 2308), then A queries
 * to the configured servers with a random ID and source port per query (RFC 5452), retries,
 * failover and a deadline; a truncated answer is asked again over TCP
 * ({@link io.netstack4j.socket.dns.DnsTcpSocket}, non-blocking on the stack's thread); it follows
 * CNAME chains (bounded) and tells NXDOMAIN, NODATA, SERVFAIL
 * and TIMEOUT apart ({@link io.netstack4j.socket.dns.DnsErrorKind}). Outcomes are
 * {@link io.netstack4j.socket.dns.DnsResult} or {@link io.netstack4j.socket.dns.DnsFailure}.
 *
 * <p>{@link io.netstack4j.socket.dns.DnsServer} answers from {@link io.netstack4j.socket.dns.Zone}s
 * (A and CNAME records, loadable from text) with authority; {@link io.netstack4j.socket.dns.DnsServerEndpoint}
 * puts it on UDP port 53 (the TCP side, with a thread per connection, is the app's
 * {@code DnsTcpServer}).
 *
 * <p>Messages are encoded and parsed by {@link io.netstack4j.wire.DnsMessage}, which rejects
 * compression loops and pointers past the end. Everything here is pure protocol code: used on the
 * thread that owns the stack, time passed in as {@code long} nanoseconds, no locks, no clock reads.
 * The blocking facade for application threads is {@link io.netstack4j.api.Resolver}.
 */
package io.netstack4j.socket.dns;
