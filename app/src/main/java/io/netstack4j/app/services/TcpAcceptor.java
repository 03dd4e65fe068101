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
import java.util.function.IntPredicate;

/**
 * A TCP listener on every address of a host that serves each accepted connection on a virtual thread
 * of its own and closes it when the handler returns; {@link #close} stops accepting and closes every
 * connection still open. The host's TCP services and the DNS server's TCP port share it.
 */
public final class TcpAcceptor implements AutoCloseable {
    /** Serves one connection on its own virtual thread; the acceptor closes it afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(int fd) throws SocketException;
    }

    private final Sockets sockets;
    private final String name;
    private final int fd;
    private final PrintStream log;
    private final IntPredicate admit;
    private final Handler handler;
    private final Set<Integer> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpAcceptor(Sockets sockets, String name, int fd, PrintStream log, IntPredicate admit, Handler handler) {
        this.sockets = sockets;
        this.name = name;
        this.fd = fd;
        this.log = log;
        this.admit = admit;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name(name).start(this::acceptLoop);
    }

    /**
     * Listens on {@code port} and starts accepting.
     *
     * @param admit   asked for each accepted connection; false closes it at once (a connection limit)
     * @param log     where unexpected errors go, or null
     * @throws SocketException EADDRINUSE...
     */
    public static TcpAcceptor start(Sockets sockets, int port, int backlog, String name, PrintStream log,
                                    IntPredicate admit, Handler handler) throws SocketException {
        int fd = sockets.socket(SocketType.STREAM);
        try {
            sockets.bind(fd, new SocketAddress4(Ipv4Address.ANY, port));
            sockets.listen(fd, backlog);
        } catch (SocketException e) {
            sockets.close(fd);
            throw e;
        }
        return new TcpAcceptor(sockets, name, fd, log, admit, handler);
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
                log(name + ": accept: " + e.getMessage());
                continue;
            }
            accepted.incrementAndGet();
            if (!admit.test(c)) {
                sockets.closeQuietly(c);
                continue;
            }
            open.add(c);
            Thread.ofVirtual().name(name + "-fd" + c).start(() -> serve(c));
        }
    }

    private void serve(int c) {
        try {
            handler.serve(c);
        } catch (SocketException e) {
            if (!closed && e.errno() != Errno.EBADF && e.errno() != Errno.ENETDOWN) {
                log(name + ": " + e.getMessage());
            }
        } finally {
            if (open.remove(c)) {
                sockets.closeQuietly(c);
            }
        }
    }

    void log(String line) {
        if (log != null) {
            log.println(line);
        }
    }

    /** Whether connection {@code c} is still open (not closed by its handler's end or by {@link #close}). */
    public boolean isOpen(int c) {
        return !closed && open.contains(c);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Connections being served now. */
    public int openConnections() {
        return open.size();
    }

    /** Connections accepted so far (admitted or not). */
    public long accepted() {
        return accepted.get();
    }

    /** Stops accepting and closes every connection still open; waits up to 2 s for the acceptor. */
    @Override
    public void close() {
        closed = true;
        sockets.closeQuietly(fd);
        for (Integer c : open) {
            if (open.remove(c)) {
                sockets.closeQuietly(c);
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
