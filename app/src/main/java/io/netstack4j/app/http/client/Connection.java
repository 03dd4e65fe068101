package io.netstack4j.app.http.client;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.Sockets;
import io.netstack4j.api.TcpSocket;
import io.netstack4j.app.http.HttpInput;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One TCP connection to an origin, with its buffered input (bytes past one response stay there for
 * the next, RFC 9112 §9.3) and its output stream. Used by one exchange at a time, or idle in the
 * pool.
 */
final class Connection {
    final Origin origin;
    final TcpSocket socket;
    final int fd;
    final SocketAddress4 local;
    final SocketAddress4 remote;
    final HttpInput in;
    final OutputStream out;
    /** Requests sent on it so far. */
    int requests;
    /** When it went idle into the pool (the client's clock, nanoseconds). */
    long idleSince;
    private boolean closed;

    Connection(Origin origin, TcpSocket socket) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.fd = socket.fd();
        this.local = socket.localAddress();
        this.remote = socket.remoteAddress();
        this.in = new HttpInput(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * What an idle connection's socket holds, without waiting: 0 if the server sent its FIN
     * (end of stream), a positive count if it sent bytes nobody asked for, {@link Sockets#WOULD_BLOCK}
     * if nothing (still usable), or -2 if it was reset or failed.
     */
    int peekIdle(Sockets sockets) {
        if (in.buffered() > 0) {
            return in.buffered();
        }
        try {
            return sockets.tryRead(fd, new byte[1], 0, 1);
        } catch (io.netstack4j.socket.SocketException e) {
            return -2;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the socket (idempotent); true the first time. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        socket.close();
        return true;
    }

    @Override
    public String toString() {
        return "fd " + fd + " " + local + " -> " + remote;
    }
}
