package io.netstack4j.app.services;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small TCP test services of {@code ./netstack4j host}: a listener on a port of every address
 * of the host, an accept loop on a virtual thread, and one virtual thread per connection, written
 * against the descriptor API as a C server would be.
 *
 * <ul>
 * <li>{@link Kind#ECHO} (RFC 862): writes back what it reads; when the peer's stream ends it
 *     closes its side too (so a peer that half-closes still reads the whole echo).</li>
 * <li>{@link Kind#DISCARD} (RFC 863): reads and drops until the peer's stream ends, then closes.</li>
 * <li>{@link Kind#HOLD}: accepts and never reads, so the receive window closes and the peer's
 *     sender must probe it; the connection stays until the peer resets it or the host stops.</li>
 * </ul>
 */
public final class TcpService implements AutoCloseable {
    /** What a connection gets. */
    public enum Kind {
        ECHO("tcp-echo"), DISCARD("tcp-discard"), HOLD("tcp-hold");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Read and write in large pieces: a copy costs the same fixed work however big it is. */
    static final int BUFFER = 64 * 1024;
    static final int BACKLOG = 128;

    private final Sockets sockets;
    private final Kind kind;
    private final int port;
    private final int fd;
    private final PrintStream log;
    private final Set<Integer> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpService(Sockets sockets, Kind kind, int port, int fd, PrintStream log) {
        this.sockets = sockets;
        this.kind = kind;
        this.port = port;
        this.fd = fd;
        this.log = log;
        this.acceptor = Thread.ofVirtual().name(kind.label() + "-" + port).start(this::acceptLoop);
    }

    /** Listens on {@code port} of every address of the host and starts serving. */
    public static TcpService start(Sockets sockets, Kind kind, int port, PrintStream log) throws SocketException {
        int fd = sockets.socket(SocketType.STREAM);
        try {
            sockets.bind(fd, new SocketAddress4(Ipv4Address.ANY, port));
            sockets.listen(fd, BACKLOG);
        } catch (SocketException e) {
            sockets.close(fd);
            throw e;
        }
        return new TcpService(sockets, kind, port, fd, log);
    }

    private void acceptLoop() {
        while (!closed) {
            int c;
            try {
                c = sockets.accept(fd);
            } catch (SocketException e) {
                if (closed || e.errno() == Errno.EBADF || e.errno() == Errno.ENETDOWN || e.errno() == Errno.EINVAL) {
                    return;
                }
                log(kind.label() + " " + port + ": accept: " + e.getMessage());
                continue;
            }
            accepted.incrementAndGet();
            open.add(c);
            Thread.ofVirtual().name(kind.label() + "-" + port + "-fd" + c).start(() -> serve(c));
        }
    }

    private void serve(int c) {
        try {
            switch (kind) {
                case ECHO -> echo(c);
                case DISCARD -> discard(c);
                case HOLD -> hold(c);
            }
        } catch (SocketException e) {
            if (!closed && e.errno() != Errno.EBADF && e.errno() != Errno.ENETDOWN) {
                log(kind.label() + " " + port + ": " + e.getMessage());
            }
        } finally {
            if (open.remove(c)) {
                closeQuietly(c);
            }
        }
    }

    private void echo(int c) throws SocketException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = sockets.read(c, buf, 0, buf.length)) > 0) {
            sockets.write(c, buf, 0, n);
            bytes.addAndGet(n);
        }
        // the peer's stream ended: everything is echoed, close our side (finally)
    }

    private void discard(int c) throws SocketException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = sockets.read(c, buf, 0, buf.length)) > 0) {
            bytes.addAndGet(n);
        }
    }

    private void hold(int c) {
        // Never read: the receive buffer fills and the advertised window goes to zero. The
        // connection lives until the host closes it (a reset from the peer is seen at close).
        while (!closed && open.contains(c)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void closeQuietly(int c) {
        sockets.closeQuietly(c);
    }

    private void log(String line) {
        if (log != null) {
            log.println(line);
        }
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public long accepted() {
        return accepted.get();
    }

    /** Bytes echoed or discarded so far. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(fd);
        for (Integer c : open) {
            if (open.remove(c)) {
                closeQuietly(c);
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return kind.label() + " " + port;
    }
}
