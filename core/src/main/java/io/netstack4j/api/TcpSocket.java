package io.netstack4j.api;

import io.netstack4j.api.JdkExceptions.Call;
import io.netstack4j.socket.Errno;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Java handle for a TCP connection: a stream descriptor of {@link Sockets} with the shape of
 * {@code java.net.Socket} — an {@link InputStream} and an {@link OutputStream}, half-closes, timeouts,
 * options — and the JDK's own exceptions and messages for its failures, as {@code java.net.Socket}
 * reports them on Linux ({@code ConnectException: Connection refused},
 * {@code SocketTimeoutException: Read timed out}, {@code SocketException: Connection reset}...; one
 * mapping, {@code JdkExceptions}, makes them).
 *
 * <pre>{@code
 * try (TcpSocket s = TcpSocket.connect(host, SocketAddress4.of("198.51.100.2", 7), Duration.ofSeconds(3))) {
 *     s.setSoTimeout(Duration.ofSeconds(5));
 *     s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
 *     s.shutdownOutput();                                  // FIN: the peer reads end of stream
 *     byte[] reply = s.getInputStream().readAllBytes();    // until the peer's FIN
 * }
 * }</pre>
 *
 * <p>As with {@code java.net.Socket}: one reader and one writer at a time (concurrent reads, or
 * writes, queue on a lock, so writes never interleave); closing either stream closes the socket; a
 * call blocked on the socket when another thread closes it fails with "Socket closed"; a read after
 * {@link #shutdownInput()} returns -1 at once. Where it differs: an interrupted blocking call closes
 * the socket ("Closed by interrupt") on any thread, as the JDK does only on virtual threads; and the
 * receive buffer size is fixed once connected (set it between {@link #open} and {@link #connect}).
 *
 * <p>Reads and writes on a byte array allocate nothing per call.
 */
public final class TcpSocket implements AutoCloseable {
    private static final int RESET_NOT_SEEN = 0;
    private static final int RESET_SEEN_BY_READ = 1;
    private static final int RESET_SEEN_BY_WRITE = 2;
    /** The largest linger time {@code java.net.Socket} passes on (it caps larger values). */
    private static final int MAX_LINGER_SECONDS = 65_535;
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private final NetStack host;
    private final Sockets sockets;
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    final ReentrantLock readLock = new ReentrantLock();
    final ReentrantLock writeLock = new ReentrantLock();
    private final TcpSocketStreams.Input input = new TcpSocketStreams.Input(this);
    private final TcpSocketStreams.Output output = new TcpSocketStreams.Output(this);
    private volatile boolean connected;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile long soTimeoutMillis;
    private volatile SocketAddress4 local;
    private volatile SocketAddress4 remote;
    /**
     * Linux reports a reset once, to whichever call comes first; after that reads see end of stream
     * and writes EPIPE. The JDK adds a sticky "Connection reset" for reads once a read has seen it.
     */
    private volatile int reset = RESET_NOT_SEEN;

    private TcpSocket(NetStack host, int fd) {
        this.host = host;
        this.sockets = host.sockets();
        this.fd = fd;
    }

    /** A connection taken by {@link TcpServerSocket#accept()}. */
    static TcpSocket accepted(NetStack host, int fd) {
        TcpSocket s = new TcpSocket(host, fd);
        s.connected = true;
        s.remember();
        return s;
    }

    /**
     * A new, unconnected TCP socket on {@code host}: set options ({@link #setReceiveBufferSize} only
     * takes effect now), {@link #bind} if wanted, then {@link #connect}.
     */
    public static TcpSocket open(NetStack host) throws IOException {
        Sockets s = host.sockets();
        try {
            return new TcpSocket(host, s.socket(SocketType.STREAM));
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
    }

    /**
     * Connects to {@code remote}, waiting as long as the SYN retries last.
     *
     * @throws java.net.ConnectException "Connection refused", or "Connection timed out" (no answer
     *                                   to the SYNs)
     * @throws java.net.NoRouteToHostException "No route to host"
     */
    public static TcpSocket connect(NetStack host, SocketAddress4 remote) throws IOException {
        return connect(host, remote, Duration.ZERO);
    }

    /**
     * Connects to {@code remote}, giving up after {@code timeout} (zero: no limit but the SYN retries).
     *
     * @throws java.net.SocketTimeoutException "Connect timed out" when {@code timeout} passes
     * @throws java.net.ConnectException "Connection refused"
     */
    public static TcpSocket connect(NetStack host, SocketAddress4 remote, Duration timeout) throws IOException {
        TcpSocket s = open(host);
        s.connect(remote, timeout);
        return s;
    }

    /** Binds the local end before {@link #connect} (port 0: an ephemeral one). */
    public TcpSocket bind(SocketAddress4 localAddress) throws IOException {
        Objects.requireNonNull(localAddress, "localAddress");
        checkOpen();
        try {
            sockets.bind(fd, localAddress);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.BIND, false);
        }
        return this;
    }

    /** As {@link #connect(SocketAddress4, Duration)} without a timeout of its own. */
    public TcpSocket connect(SocketAddress4 remoteAddress) throws IOException {
        return connect(remoteAddress, Duration.ZERO);
    }

    /**
     * Connects (a three-way handshake), waiting at most {@code timeout} (zero: as long as the SYN
     * retries last). A failed connect closes the socket, as {@code java.net.Socket} does.
     *
     * @throws java.net.SocketTimeoutException "Connect timed out" when {@code timeout} passes
     * @throws java.net.ConnectException "Connection refused"; "Connection timed out" when the SYN
     *                                   retries give up first
     * @throws java.net.NoRouteToHostException "No route to host"
     * @throws SocketException "Socket is closed"; "already connected"
     */
    public TcpSocket connect(SocketAddress4 remoteAddress, Duration timeout) throws IOException {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        long millis = millis(timeout, "connect: timeout can't be negative");
        checkOpen();
        if (connected) {
            throw new SocketException("already connected");
        }
        long t0 = host.clock().nanos();
        try {
            sockets.connect(fd, remoteAddress, millis);
        } catch (io.netstack4j.socket.SocketException e) {
            // The connect deadline and the SYN retries both end in ETIMEDOUT; the deadline cannot
            // fire before the timeout has passed on the loop's clock, the retries (minutes) can.
            boolean own = millis > 0 && host.clock().nanos() - t0 >= TimeUnit.MILLISECONDS.toNanos(millis);
            close();
            throw JdkExceptions.of(e, Call.CONNECT, own);
        }
        connected = true;
        remember();
        return this;
    }

    private void remember() {
        try {
            local = sockets.localAddress(fd);
            remote = sockets.remoteAddress(fd);
        } catch (io.netstack4j.socket.SocketException e) {
            // Closed under us: the addresses stay unknown (null).
        }
    }

    /** The descriptor it wraps. */
    public int fd() {
        return fd;
    }

    /**
     * The stream of bytes from the peer: {@code read} returns -1 at the end of the stream (the peer's
     * FIN, or {@link #shutdownInput()}). Closing it closes the socket. The same object on every call.
     *
     * @throws SocketException "Socket is closed"; "Socket is not connected"; "Socket input is shutdown"
     */
    public InputStream getInputStream() throws IOException {
        checkOpen();
        checkConnected();
        if (inputShutdown) {
            throw new SocketException("Socket input is shutdown");
        }
        return input;
    }

    /**
     * The stream of bytes to the peer: {@code write} returns once every byte is in the send buffer
     * (it waits for room). Closing it closes the socket. The same object on every call.
     *
     * @throws SocketException "Socket is closed"; "Socket is not connected"; "Socket output is shutdown"
     */
    public OutputStream getOutputStream() throws IOException {
        checkOpen();
        checkConnected();
        if (outputShutdown) {
            throw new SocketException("Socket output is shutdown");
        }
        return output;
    }

    /** Sends a FIN after the data written (a half-close): the peer reads end of stream, this side still reads. */
    public void shutdownOutput() throws IOException {
        checkOpen();
        checkConnected();
        if (outputShutdown) {
            throw new SocketException("Socket output is already shutdown");
        }
        shutdown(Sockets.SHUT_WR);
        outputShutdown = true;
    }

    /** Reads return -1 from now on; what arrives is acknowledged and dropped. */
    public void shutdownInput() throws IOException {
        checkOpen();
        checkConnected();
        if (inputShutdown) {
            throw new SocketException("Socket input is already shutdown");
        }
        shutdown(Sockets.SHUT_RD);
        inputShutdown = true;
    }

    private void shutdown(int how) throws IOException {
        try {
            sockets.shutdown(fd, how);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
    }

    /**
     * How long a read waits for data before {@link java.net.SocketTimeoutException} "Read timed out"
     * (the socket stays usable); zero waits forever. Rounded up to whole milliseconds.
     */
    public TcpSocket setSoTimeout(Duration timeout) throws IOException {
        long millis = millis(timeout, "timeout can't be negative");
        checkOpen();
        try {
            sockets.setReceiveTimeout(fd, millis);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
        soTimeoutMillis = millis;
        return this;
    }

    public Duration getSoTimeout() throws IOException {
        checkOpen();
        return Duration.ofMillis(soTimeoutMillis);
    }

    /** Disables Nagle's algorithm: small writes leave at once. */
    public TcpSocket setTcpNoDelay(boolean on) throws IOException {
        setOption(SocketOption.TCP_NODELAY, on ? 1 : 0);
        return this;
    }

    public boolean getTcpNoDelay() throws IOException {
        return getOption(SocketOption.TCP_NODELAY) != 0;
    }

    /** Keep-alive probes on an idle connection. */
    public TcpSocket setKeepAlive(boolean on) throws IOException {
        setOption(SocketOption.SO_KEEPALIVE, on ? 1 : 0);
        return this;
    }

    public boolean getKeepAlive() throws IOException {
        return getOption(SocketOption.SO_KEEPALIVE) != 0;
    }

    /**
     * SO_LINGER: with {@code on} and 0 seconds, {@link #close()} aborts the connection (a RST, unsent
     * data dropped); off (the default), close sends a FIN after the data.
     *
     * @throws IllegalArgumentException {@code on} with negative seconds
     */
    public TcpSocket setSoLinger(boolean on, int seconds) throws IOException {
        if (on && seconds < 0) {
            throw new IllegalArgumentException("invalid value for SO_LINGER");
        }
        setOption(SocketOption.SO_LINGER, on ? Math.min(seconds, MAX_LINGER_SECONDS) : -1);
        return this;
    }

    /** The linger time in seconds, or -1 when off. */
    public int getSoLinger() throws IOException {
        return getOption(SocketOption.SO_LINGER);
    }

    /** SO_RCVBUF; it takes effect only before {@link #connect} (later the call is ignored). */
    public TcpSocket setReceiveBufferSize(int size) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("invalid receive size");
        }
        setOption(SocketOption.SO_RCVBUF, size);
        return this;
    }

    public int getReceiveBufferSize() throws IOException {
        return getOption(SocketOption.SO_RCVBUF);
    }

    /** SO_SNDBUF; it takes effect only before the first write (later the call is ignored). */
    public TcpSocket setSendBufferSize(int size) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("invalid send size");
        }
        setOption(SocketOption.SO_SNDBUF, size);
        return this;
    }

    public int getSendBufferSize() throws IOException {
        return getOption(SocketOption.SO_SNDBUF);
    }

    /** SO_REUSEADDR, before {@link #bind}. */
    public TcpSocket setReuseAddress(boolean on) throws IOException {
        setOption(SocketOption.SO_REUSEADDR, on ? 1 : 0);
        return this;
    }

    private void setOption(SocketOption o, int value) throws IOException {
        checkOpen();
        try {
            sockets.setOption(fd, o, value);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
    }

    private int getOption(SocketOption o) throws IOException {
        checkOpen();
        try {
            return sockets.getOption(fd, o);
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.OTHER, false);
        }
    }

    /** The local address and port; null before {@link #connect} (or {@link #bind}). Kept after close. */
    public SocketAddress4 localAddress() {
        SocketAddress4 a = local;
        if (a == null && !closed.get()) {
            try {
                a = sockets.localAddress(fd);
            } catch (io.netstack4j.socket.SocketException e) {
                return null;
            }
            if (a.port() == 0) {
                return null;   // not bound yet
            }
        }
        return a;
    }

    /** The peer; null before {@link #connect}. Kept after close. */
    public SocketAddress4 remoteAddress() {
        return remote;
    }

    /** This socket's row of the socket table (state, queues, the connection's numbers), or null once closed. */
    public SocketInfo info() {
        for (SocketInfo i : sockets.table()) {
            if (i.fd() == fd) {
                return i;
            }
        }
        return null;
    }

    public boolean isConnected() {
        return connected;
    }

    public boolean isClosed() {
        return closed.get();
    }

    public boolean isInputShutdown() {
        return inputShutdown;
    }

    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    /**
     * Closes the socket (once; later calls do nothing): a FIN after the unsent data, or a RST with
     * SO_LINGER 0 or unread data (as Linux). A read or write blocked on it fails with "Socket closed".
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sockets.closeQuietly(fd);   // already closed through the descriptor API, or the host is down
        }
    }

    @Override
    public String toString() {
        return "TcpSocket[fd " + fd + ", " + local + " -> " + remote + (closed.get() ? ", closed" : "") + "]";
    }

    // ---- the data path ----

    int read(byte[] b, int off, int len) throws IOException {
        if (closed.get()) {
            throw new SocketException("Socket closed");
        }
        if (inputShutdown) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = sockets.read(fd, b, off, len);
            return n == 0 ? -1 : n;
        } catch (io.netstack4j.socket.SocketException e) {
            return readFailed(e);
        }
    }

    private int readFailed(io.netstack4j.socket.SocketException e) throws IOException {
        boolean own = false;
        switch (e.errno()) {
            case ECONNRESET -> {
                if (reset == RESET_SEEN_BY_WRITE) {
                    return -1;   // a write took the error; Linux's reads then see end of stream
                }
                reset = RESET_SEEN_BY_READ;
            }
            case ETIMEDOUT -> own = soTimeoutMillis > 0 && connectionAlive();
            case EINTR -> close();
            default -> {
            }
        }
        throw JdkExceptions.of(e, Call.READ, own);
    }

    /**
     * Whether the connection still stands, to tell SO_TIMEOUT's ETIMEDOUT (the connection is fine)
     * from the connection's own (retransmissions or keep-alive gave up: it is CLOSED).
     */
    private boolean connectionAlive() {
        SocketInfo i = info();
        return i != null && !"CLOSED".equals(i.state());
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (closed.get()) {
            throw new SocketException("Socket closed");
        }
        int done = 0;
        while (done < len) {
            try {
                done += sockets.write(fd, b, off + done, len - done);
            } catch (io.netstack4j.socket.SocketException e) {
                writeFailed(e);
            }
        }
    }

    private void writeFailed(io.netstack4j.socket.SocketException e) throws IOException {
        if (e.errno() == Errno.ECONNRESET) {
            if (reset != RESET_NOT_SEEN) {
                throw JdkExceptions.of(new io.netstack4j.socket.SocketException("write", Errno.EPIPE, e.detail()),
                        Call.WRITE, false);
            }
            reset = RESET_SEEN_BY_WRITE;
        } else if (e.errno() == Errno.EINTR) {
            close();
        }
        throw JdkExceptions.of(e, Call.WRITE, false);
    }

    int available() throws IOException {
        if (closed.get()) {
            throw new SocketException("Socket closed");
        }
        if (inputShutdown) {
            return 0;
        }
        PollFd[] p = {PollFd.in(fd)};
        try {
            if (sockets.poll(p, 0) == 0 || !p[0].has(PollFd.POLLIN)) {
                return 0;   // answered on this thread from the published readiness: no loop call
            }
        } catch (io.netstack4j.socket.SocketException e) {
            throw JdkExceptions.of(e, Call.READ, false);
        }
        SocketInfo i = info();
        if (i == null) {
            throw new SocketException("Socket closed");
        }
        return i.rxQueued();
    }

    private void checkOpen() throws SocketException {
        if (closed.get()) {
            throw new SocketException("Socket is closed");
        }
    }

    private void checkConnected() throws SocketException {
        if (!connected) {
            throw new SocketException("Socket is not connected");
        }
    }

    /**
     * Whole milliseconds, rounded up (so 1 ns is 1 ms, not "forever"), at most
     * {@code Integer.MAX_VALUE} (about 24.8 days, the most {@code java.net.Socket} takes).
     */
    static long millis(Duration timeout, String negative) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(negative);
        }
        if (timeout.compareTo(MAX_TIMEOUT) >= 0) {
            return Integer.MAX_VALUE;
        }
        long ms = timeout.toMillis();
        return timeout.minusMillis(ms).isZero() ? ms : ms + 1;
    }
}
