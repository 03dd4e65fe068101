package io.netstack4j.api;

import io.netstack4j.wire.Ipv4Address;

import java.util.Objects;

/**
 * An IPv4 address and port (POSIX {@code struct sockaddr_in}).
 *
 * @param address the address (0.0.0.0 = any, in bind)
 * @param port    0..65535 (0 = ephemeral, in bind)
 */
public record SocketAddress4(Ipv4Address address, int port) {
    /** 0.0.0.0:0: any address, an ephemeral port. */
    public static final SocketAddress4 ANY = new SocketAddress4(Ipv4Address.ANY, 0);

    public SocketAddress4 {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    public static SocketAddress4 of(String address, int port) {
        return new SocketAddress4(Ipv4Address.parse(address), port);
    }

    /** 0.0.0.0:{@code port}. */
    public static SocketAddress4 any(int port) {
        return new SocketAddress4(Ipv4Address.ANY, port);
    }

    /** Parses "a.b.c.d:port". */
    public static SocketAddress4 parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected address:port, got " + text);
        }
        try {
            return of(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text, e);
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
