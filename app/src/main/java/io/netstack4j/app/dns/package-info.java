/**
 * DNS apps: dig-like output for the resolver, and running the authoritative DNS server on a
 * host, over UDP and, with {@link io.netstack4j.app.dns.DnsTcpServer}, over TCP.
 */
package io.netstack4j.app.dns;
