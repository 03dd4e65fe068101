package io.netstack4j.api;

import io.netstack4j.wire.Ipv4Address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Name resolution for code written against the JDK's {@link InetAddress} (the hook libraries such as
 * OkHttp take, whose {@code Dns} is {@code List<InetAddress> lookup(String)}): names are resolved by the
 * stack's own {@link Resolver} — its hosts table, its cache, and DNS over the stack's UDP — and never by
 * the JDK's resolver or the machine's {@code /etc/resolv.conf}. The {@link InetAddress}es it returns
 * carry the name and are made with {@link InetAddress#getByAddress(String, byte[])}, which looks
 * nothing up.
 *
 * <pre>{@code
 * NetStackDns dns = new NetStackDns(resolver);
 * OkHttpClient client = new OkHttpClient.Builder()
 *         .socketFactory(new NetStackSocketFactory(host, dns))
 *         .dns(dns::lookup)               // okhttp3.Dns is a fun interface
 *         .build();
 * }</pre>
 *
 * Failures are {@link UnknownHostException}s, as {@link InetAddress#getAllByName} throws, with the
 * stack's {@link ResolverException} (its NXDOMAIN, SERVFAIL, TIMEOUT...) as the cause.
 */
public final class NetStackDns {
    private final Resolver resolver;

    public NetStackDns(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The resolver it asks. */
    public Resolver resolver() {
        return resolver;
    }

    /**
     * The IPv4 addresses of {@code host} (a name or an address literal), in the resolver's order.
     *
     * @throws UnknownHostException the name has no address, or the lookup failed ("NAME: why")
     */
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        List<Ipv4Address> found;
        try {
            found = resolver.resolve(host);
        } catch (ResolverException e) {
            UnknownHostException u = new UnknownHostException(
                    e.getMessage() != null && e.getMessage().contains(host) ? e.getMessage() : host + ": " + e.getMessage());
            u.initCause(e);
            throw u;
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(host + ": no IPv4 address");
        }
        List<InetAddress> out = new ArrayList<>(found.size());
        for (Ipv4Address a : found) {
            out.add(toInetAddress(host, a));
        }
        return List.copyOf(out);
    }

    /** {@code a} as the JDK's address, named {@code host} (null: no name), without a lookup. */
    static InetAddress toInetAddress(String host, Ipv4Address a) {
        byte[] b = new byte[Ipv4Address.LENGTH];
        a.write(b, 0);
        try {
            return InetAddress.getByAddress(host, b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    /**
     * The stack's address for the JDK's {@code a}.
     *
     * @throws SocketException for an IPv6 address: the stack speaks IPv4 only
     */
    static Ipv4Address toIpv4(InetAddress a) throws SocketException {
        return switch (a) {
            case Inet4Address v4 -> Ipv4Address.read(v4.getAddress(), 0);
            case Inet6Address v6 -> throw new SocketException("Protocol family unavailable: " + v6.getHostAddress()
                    + " is an IPv6 address and netstack4j speaks IPv4 only");
            default -> throw new SocketException("Unsupported address type: " + a);
        };
    }
}
