package io.netstack4j.api;

import io.netstack4j.api.JdkExceptions.Call;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java handle for a listening TCP socket, with the shape of {@code java.net.ServerSocket}:
 * {@link #accept()} hands out each established connection as a {@link TcpSocket}. Failures are the
 * JDK's exceptions ({@code BindException: Address already in use},
 * {@code SocketTimeoutException: Accept timed out}, {@code SocketException: Socket closed}).
 *
 * <pre>{@code
 * try (TcpServerSocket server = TcpServerSocket.bind(host, SocketAddress4.any(7), 50)) {
 *     while (true) {
 *         TcpSocket c = server.accept();
 *         Thread.ofVirtual().start(() -> {
 *             try (c) {
 *                 c.getInputStream().transferTo(c.getOutputStream());   // echo until the peer's FIN
 *             } catch (IOException e) {
 *                 // the peer reset the connection, or the host closed
 *             }
 *         });
 *     }
 * }
 * }</pre>
 *
 * As {@code java.net.ServerSocket} on Linux, the port is bound with SO_REUSEADDR (a restarted server
 * can bind while old connections wait in TIME-WAIT), and a backlog below 1 means 50.
 */
public final class TcpServerSocket implements AutoCloseable {
    /** The backlog {@code java.net.ServerSocket} uses when given none (or one below 1). */
    public static final int DEFAULT_BACKLOG = 50;

    private final NetStack host;
    private final Sockets sockets;
    private final int fd;
    private final SocketAddress4 local;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long soTimeoutMillis;

    private TcpServerSocket(NetStack host, int fd, SocketAddress4 local) {
        this.host = host;
        this.sockets = host.sockets();
        this.fd = fd;
        this.local = local;
    }

    /**
     * Listens on {@code local} (port 0: an ephemeral port, see {@link #localAddress()}).
     *
     * @param backlog how many established connections may wait for {@link #accept()}; below 1: 50
     * @throws java.net.BindException "Address already in use"; "Cannot assign requested address"
     */
    public static TcpServerSocket bind(NetStack host, SocketAddress4 local, int backlog) throws IOException {
        Objects.requireNonNull(local, "local");
        Sockets s = host.sockets();
        int fd;
        try {
            fd = s.socket(SocketType.STREAM);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
        try {
            s.setOption(fd, SocketOption.SO_REUSEADDR, 1);
            s.bind(fd, local);
            s.listen(fd, backlog < 1 ? DEFAULT_BACKLOG : backlog);
            return new TcpServerSocket(host, fd, s.localAddress(fd));
        } catch (io.netstack4j.socket.SocketException e) {
            try {
                s.close(fd);
            } catch (io.netstack4j.socket.SocketException ignored) {
                // the host closed meanwhile
            }
            throw JdkExceptions.of(e, Call.BIND, false);
        }
    }

    /**
     * The next established connection, waiting for one (at most the {@link #setSoTimeout} time).
     *
     * @throws java.net.SocketTimeoutException "Accept timed out" (the server socket stays usable)
     * @throws SocketException "Socket is closed"; "Socket closed" when closed while waiting
     */
    public TcpSocket accept() throws IOException {
        if (closed.get()) {
            throw new SocketException("Socket is closed");
        }
        int c;
        try {
            c = sockets.accept(fd);
        } catch (io.netstack4j.socket.SocketException e) {
            if (e.errno() == io.netstack4j.socket.Errno.EINTR) {
                close();
            }
            throw JdkExceptions.of(e, Call.ACCEPT, soTimeoutMillis > 0);
        }
        return TcpSocket.accepted(host, c);
    }

    /** How long {@link #accept()} waits; zero waits forever. Rounded up to whole milliseconds. */
    public TcpServerSocket setSoTimeout(Duration timeout) throws IOException {
        long millis = TcpSocket.millis(timeout, "timeout < 0");
        if (closed.get()) {
            throw new SocketException("Socket is closed");
        }
        try {
            sockets.setReceiveTimeout(fd, millis);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
        soTimeoutMillis = millis;
        return this;
    }

    public Duration getSoTimeout() throws IOException {
        if (closed.get()) {
            throw new SocketException("Socket is closed");
        }
        return Duration.ofMillis(soTimeoutMillis);
    }

    /** The address and port it listens on (the port chosen when bound to port 0). */
    public SocketAddress4 localAddress() {
        return local;
    }

    /** The descriptor it wraps. */
    public int fd() {
        return fd;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops listening (once; later calls do nothing): connections not yet accepted are reset; an
     * {@link #accept()} waiting fails with "Socket closed". Accepted connections are not affected.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sockets.closeQuietly(fd);   // already closed through the descriptor API, or the host is down
        }
    }

    @Override
    public String toString() {
        return "TcpServerSocket[fd " + fd + ", " + local + (closed.get() ? ", closed" : "") + "]";
    }
}
