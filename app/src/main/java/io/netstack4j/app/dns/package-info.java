/**
 * DNS apps: dig-like output for the resolver, and running the authoritative DNS server on a
 * host.
 */
package io.netstack4j.app.dns;
