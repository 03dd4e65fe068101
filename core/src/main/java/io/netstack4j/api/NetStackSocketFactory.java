package io.netstack4j.api;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A {@link SocketFactory} whose sockets are {@link NetStackSocket}s: ordinary {@link Socket}s whose
 * TCP runs on a netstack4j host. Hand it to any library that takes a {@code SocketFactory} (OkHttp,
 * JDBC drivers, mail clients...), with {@link NetStackDns} as its name-resolution hook where it has one:
 *
 * <pre>{@code
 * NetStackDns dns = new NetStackDns(Resolver.create(host, Ipv4Address.parse("198.51.100.53")));
 * OkHttpClient client = new OkHttpClient.Builder()
 *         .socketFactory(new NetStackSocketFactory(host, dns))
 *         .dns(dns::lookup)
 *         .build();
 * }</pre>
 *
 * Names given to {@link #createSocket(String, int)} (and unresolved addresses given to
 * {@link Socket#connect}) are resolved by the stack's resolver; without a {@link NetStackDns} they
 * fail with {@link UnknownHostException}. As {@code new Socket(host, port)} does, a socket whose
 * connect fails is closed before the exception is thrown.
 */
public final class NetStackSocketFactory extends SocketFactory {
    private final NetStack host;
    private final NetStackDns dns;

    /** Sockets on {@code host} that connect to addresses only (names fail: no resolver). */
    public NetStackSocketFactory(NetStack host) {
        this.host = Objects.requireNonNull(host, "host");
        this.dns = null;
    }

    /** Sockets on {@code host} whose names {@code dns} resolves. */
    public NetStackSocketFactory(NetStack host, NetStackDns dns) {
        this.host = Objects.requireNonNull(host, "host");
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** Sockets on {@code host} whose names {@code resolver} resolves. */
    public NetStackSocketFactory(NetStack host, Resolver resolver) {
        this(host, new NetStackDns(resolver));
    }

    /** The host the sockets run on. */
    public NetStack host() {
        return host;
    }

    /** The resolver hook, or null when names are not resolved. */
    public NetStackDns dns() {
        return dns;
    }

    /** An unconnected socket: set options, {@code bind} if wanted, then {@code connect}. */
    @Override
    public NetStackSocket createSocket() throws IOException {
        return new NetStackSocket(host, dns);
    }

    /** A socket connected to {@code hostName} (resolved by the stack; null: the loopback address). */
    @Override
    public NetStackSocket createSocket(String hostName, int port) throws IOException {
        return connected(null, target(hostName, port));
    }

    @Override
    public NetStackSocket createSocket(String hostName, int port, InetAddress localHost, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), target(hostName, port));
    }

    @Override
    public NetStackSocket createSocket(InetAddress address, int port) throws IOException {
        return connected(null, new InetSocketAddress(Objects.requireNonNull(address, "address"), port));
    }

    @Override
    public NetStackSocket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort),
                new InetSocketAddress(Objects.requireNonNull(address, "address"), port));
    }

    private static InetSocketAddress target(String hostName, int port) {
        return hostName == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                : InetSocketAddress.createUnresolved(hostName, port);
    }

    private NetStackSocket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        NetStackSocket s = createSocket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "NetStackSocketFactory[" + host.name() + (dns == null ? ", no resolver" : "") + "]";
    }
}
