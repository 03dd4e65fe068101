package io.netstack4j.app.ping;

import io.netstack4j.wire.Ipv4Address;

/**
 * What to ping and how.
 *
 * @param target        the address to send echo requests to
 * @param count         how many requests; 0 means until interrupted
 * @param intervalNanos time between requests
 * @param size          bytes of echo data (56 by default, as iputils: 64 bytes of ICMP, 84 of IP)
 * @param waitNanos     how long to wait for replies after the last request
 * @param identifier    the ICMP echo identifier (RFC 792)
 */
public record PingOptions(Ipv4Address target, int count, long intervalNanos, int size, long waitNanos,
                          int identifier) {
    public PingOptions {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (size < 0 || size > 65_507) {
            throw new IllegalArgumentException("size must be 0..65507 bytes: " + size);
        }
        if (intervalNanos < 0 || waitNanos < 0) {
            throw new IllegalArgumentException("interval and wait must not be negative");
        }
    }
}
