package io.netstack4j.app.services;

import io.netstack4j.api.Sockets;
import io.netstack4j.socket.SocketException;

import java.io.PrintStream;
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
    private final AtomicLong bytes = new AtomicLong();
    private TcpAcceptor acceptor;

    private TcpService(Sockets sockets, Kind kind, int port) {
        this.sockets = sockets;
        this.kind = kind;
        this.port = port;
    }

    /** Listens on {@code port} of every address of the host and starts serving. */
    public static TcpService start(Sockets sockets, Kind kind, int port, PrintStream log) throws SocketException {
        TcpService service = new TcpService(sockets, kind, port);
        service.acceptor = TcpAcceptor.start(sockets, port, BACKLOG, kind.label() + "-" + port, log, c -> true,
                service::serve);
        return service;
    }

    private void serve(int c) throws SocketException {
        switch (kind) {
            case ECHO -> echo(c);
            case DISCARD -> discard(c);
            case HOLD -> hold(c);
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
        while (acceptor.isOpen(c)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public long accepted() {
        return acceptor.accepted();
    }

    /** Bytes echoed or discarded so far. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        acceptor.close();
    }

    @Override
    public String toString() {
        return kind.label() + " " + port;
    }
}
