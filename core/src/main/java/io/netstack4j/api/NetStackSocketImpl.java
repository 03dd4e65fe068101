package io.netstack4j.api;

import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link java.net.SocketImpl} over a netstack4j {@link TcpSocket}: what a {@link NetStackSocket}
 * (an ordinary {@link java.net.Socket}) runs on. {@code java.net.Socket} keeps the socket's state
 * (created, bound, connected, closed, shut down) and its checks and messages ("Socket is closed",
 * "Socket is not connected", ...), and wraps these streams so that closing one closes the socket; this
 * class maps each call to the {@link TcpSocket}, whose failures are already the JDK's exceptions
 * ({@link JdkExceptions}).
 *
 * <p>A client socket only: {@link #listen} and {@link #accept} fail (a server on the stack is a
 * {@link TcpServerSocket}). IPv4 only: an IPv6 address fails with a {@link SocketException}. An
 * unresolved {@link InetSocketAddress} is resolved by the stack's resolver ({@link NetStackDns}),
 * never by the JDK's. Options, both as the legacy {@link SocketOptions} ints and as
 * {@link StandardSocketOptions}: TCP_NODELAY, SO_KEEPALIVE, SO_LINGER, SO_SNDBUF, SO_RCVBUF,
 * SO_REUSEADDR, SO_TIMEOUT; IP_TOS is taken and ignored ({@link java.net.Socket#setTrafficClass} is
 * "a hint"; the stack sends TOS 0); urgent data and SO_OOBINLINE on are not supported.
 */
final class NetStackSocketImpl extends java.net.SocketImpl {
    private static final Set<java.net.SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR);

    private final NetStack host;
    private final NetStackDns dns;
    private volatile TcpSocket socket;
    private volatile boolean reuseAddress;

    /** @param dns resolves unresolved addresses; null: they fail with {@link UnknownHostException} */
    NetStackSocketImpl(NetStack host, NetStackDns dns) {
        this.host = Objects.requireNonNull(host, "host");
        this.dns = dns;
    }

    /** The stack's handle (null before {@link #create}). */
    TcpSocket tcpSocket() {
        return socket;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("datagram sockets are not stream sockets: use io.netstack4j.api.UdpSocket");
        }
        if (socket != null) {
            throw new SocketException("already created");
        }
        socket = TcpSocket.open(host);
    }

    @Override
    protected void connect(String hostName, int port) throws IOException {
        connect(hostName == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                : InetSocketAddress.createUnresolved(hostName, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    /**
     * The three-way handshake (RFC 9293 §3.5), waiting at most {@code timeout} ms (0: as long as the
     * SYN retries last). {@code java.net.Socket} closes the socket when this fails.
     */
    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        if (!(address instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        InetAddress target = isa.isUnresolved() ? resolve(isa.getHostString()) : isa.getAddress();
        SocketAddress4 remote = new SocketAddress4(NetStackDns.toIpv4(target), isa.getPort());
        TcpSocket s = open();
        s.connect(remote, Duration.ofMillis(Math.max(0, timeout)));
        this.address = target;
        this.port = remote.port();
        SocketAddress4 local = s.localAddress();
        this.localport = local == null ? 0 : local.port();
    }

    private InetAddress resolve(String name) throws UnknownHostException {
        if (dns == null) {
            throw new UnknownHostException(name + ": no resolver (give the NetStackSocketFactory a NetStackDns)");
        }
        return dns.lookup(name).getFirst();
    }

    @Override
    protected void bind(InetAddress address, int port) throws IOException {
        Ipv4Address a = address == null || address.isAnyLocalAddress() ? Ipv4Address.ANY : NetStackDns.toIpv4(address);
        TcpSocket s = open();
        s.bind(new SocketAddress4(a, port));
        SocketAddress4 local = s.localAddress();
        this.localport = local == null ? port : local.port();
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw new SocketException("a NetStackSocket is a client socket: listen with io.netstack4j.api.TcpServerSocket");
    }

    @Override
    protected void accept(java.net.SocketImpl s) throws IOException {
        throw new SocketException("a NetStackSocket is a client socket: accept with io.netstack4j.api.TcpServerSocket");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        return open().getInputStream();
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        return open().getOutputStream();
    }

    @Override
    protected int available() throws IOException {
        return open().available();
    }

    @Override
    protected void close() {
        TcpSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        open().shutdownInput();
    }

    @Override
    protected void shutdownOutput() throws IOException {
        open().shutdownOutput();
    }

    /** TCP urgent data (RFC 9293 §3.8.5, which discourages its use) is not implemented. */
    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("Urgent data not supported");
    }

    // ---- options: the legacy ints (SocketOptions) ----

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        TcpSocket s = openOption();
        asSocketException(() -> {
            switch (optID) {
                case TCP_NODELAY -> s.setTcpNoDelay(bool(value, "TCP_NODELAY"));
                case SO_KEEPALIVE -> s.setKeepAlive(bool(value, "SO_KEEPALIVE"));
                case SO_REUSEADDR -> {
                    s.setReuseAddress(bool(value, "SO_REUSEADDR"));
                    reuseAddress = (Boolean) value;
                }
                case SO_LINGER -> {
                    if (value instanceof Integer seconds) {
                        s.setSoLinger(true, seconds);
                    } else if (Boolean.FALSE.equals(value)) {
                        s.setSoLinger(false, 0);
                    } else {
                        throw new SocketException("Bad value for SO_LINGER");
                    }
                }
                case SO_TIMEOUT -> s.setSoTimeout(Duration.ofMillis(positiveInt(value, "SO_TIMEOUT", true)));
                case SO_SNDBUF -> s.setSendBufferSize(positiveInt(value, "SO_SNDBUF", false));
                case SO_RCVBUF -> s.setReceiveBufferSize(positiveInt(value, "SO_RCVBUF", false));
                case IP_TOS -> positiveInt(value, "IP_TOS", true);   // a hint the JDK lets us ignore
                case SO_OOBINLINE -> {
                    if (bool(value, "SO_OOBINLINE")) {
                        throw new SocketException("SO_OOBINLINE not supported: netstack4j has no urgent data");
                    }
                }
                default -> throw new SocketException("Option not supported: " + optID);
            }
            return null;
        });
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        TcpSocket s = openOption();
        return asSocketException(() -> switch (optID) {
            case TCP_NODELAY -> s.getTcpNoDelay();
            case SO_KEEPALIVE -> s.getKeepAlive();
            case SO_REUSEADDR -> reuseAddress;
            case SO_LINGER -> s.getSoLinger();
            case SO_TIMEOUT -> (int) Math.min(Integer.MAX_VALUE, s.getSoTimeout().toMillis());
            case SO_SNDBUF -> s.getSendBufferSize();
            case SO_RCVBUF -> s.getReceiveBufferSize();
            case IP_TOS -> 0;
            case SO_OOBINLINE -> false;
            case SO_BINDADDR -> {
                SocketAddress4 local = s.localAddress();
                yield NetStackDns.toInetAddress(null, local == null ? Ipv4Address.ANY : local.address());
            }
            default -> throw new SocketException("Option not supported: " + optID);
        });
    }

    /** A call on the handle whose failures must be {@link SocketException}s (the legacy option methods). */
    @FunctionalInterface
    private interface Io<T> {
        T run() throws IOException;
    }

    private static <T> T asSocketException(Io<T> call) throws SocketException {
        try {
            return call.run();
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage(), e);
        }
    }

    // ---- options: StandardSocketOptions (JDK 9) ----

    @Override
    protected Set<java.net.SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    protected <T> void setOption(java.net.SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name, "name");
        if (!OPTIONS.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        // As the JDK's NioSocketImpl and sun.nio.ch.Net: a negative linger is "off", a negative size invalid.
        if (name == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            setOption(SO_LINGER, seconds < 0 ? Boolean.FALSE : (Object) seconds);
        } else if ((name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF)
                && (Integer) value < 0) {
            throw new IllegalArgumentException("Invalid send/receive buffer size");
        } else {
            setOption(legacyId(name), value);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T getOption(java.net.SocketOption<T> name) throws IOException {
        Objects.requireNonNull(name, "name");
        if (!OPTIONS.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        return (T) getOption(legacyId(name));
    }

    private static int legacyId(java.net.SocketOption<?> name) {
        if (name == StandardSocketOptions.TCP_NODELAY) {
            return TCP_NODELAY;
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            return SO_KEEPALIVE;
        } else if (name == StandardSocketOptions.SO_LINGER) {
            return SO_LINGER;
        } else if (name == StandardSocketOptions.SO_SNDBUF) {
            return SO_SNDBUF;
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            return SO_RCVBUF;
        }
        return SO_REUSEADDR;
    }

    private static boolean bool(Object value, String option) throws SocketException {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new SocketException("Bad value for " + option);
    }

    private static int positiveInt(Object value, String option, boolean zeroAllowed) throws SocketException {
        if (value instanceof Integer i && (i > 0 || (zeroAllowed && i == 0))) {
            return i;
        }
        throw new SocketException("Bad value for " + option);
    }

    /** The handle; {@code java.net.Socket} calls {@link #create} before anything else. */
    private TcpSocket open() throws SocketException {
        TcpSocket s = socket;
        if (s == null) {
            throw new SocketException("Socket not created");
        }
        return s;
    }

    private TcpSocket openOption() throws SocketException {
        TcpSocket s = open();
        if (s.isClosed()) {
            throw new SocketException("Socket closed");
        }
        return s;
    }

    @Override
    public String toString() {
        TcpSocket s = socket;
        return "NetStackSocketImpl[" + (s == null ? "not created" : s) + "]";
    }
}
