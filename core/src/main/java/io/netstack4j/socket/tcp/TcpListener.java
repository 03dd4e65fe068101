package io.netstack4j.socket.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket in LISTEN (RFC 9293 §3.10.1, passive OPEN) with its two bounded queues, as Linux keeps
 * them: the SYN queue (connections in SYN-RECEIVED, at most {@link #synLimit}) and the accept queue
 * (connections established and not yet accepted, at most the backlog). When the SYN queue is full,
 * SYN cookies (RFC 4987 §3.6) answer for it; when the accept queue is full, SYNs are dropped and
 * counted (ListenOverflows), so the client retries.
 */
public final class TcpListener {
    final TcpLayer layer;
    final int localAddr;
    final int localPort;
    final int backlog;
    final int synLimit;
    final List<TcpConnection> synQueue = new ArrayList<>();
    final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
    /** Another listener on the same port (a different local address). */
    TcpListener nextOnPort;
    Runnable readiness = () -> { };
    boolean closed;

    TcpListener(TcpLayer layer, int localAddr, int localPort, int backlog) {
        this.layer = layer;
        this.localAddr = localAddr;
        this.localPort = localPort;
        this.backlog = Math.max(1, backlog);
        this.synLimit = Math.min(layer.config().synBacklogMax(), Math.max(this.backlog, 8));
    }

    /** The next established connection, or null if none waits. */
    public TcpConnection accept() {
        return acceptQueue.poll();
    }

    /** Connections waiting to be accepted. */
    public int pending() {
        return acceptQueue.size();
    }

    /** Connections in SYN-RECEIVED. */
    public int halfOpen() {
        return synQueue.size();
    }

    public int backlog() {
        return backlog;
    }

    public int localAddress() {
        return localAddr;
    }

    public int localPort() {
        return localPort;
    }

    public void onReadiness(Runnable r) {
        readiness = r;
    }

    boolean acceptQueueFull() {
        return acceptQueue.size() >= backlog;
    }

    /** A connection of the SYN queue completed its handshake. */
    void established(TcpConnection c) {
        synQueue.remove(c);
        c.parent = null;
        acceptQueue.add(c);
        readiness.run();
    }

    /** Stops listening: connections not yet accepted are reset (as Linux's inet_csk_listen_stop). */
    public void close(long now) {
        layer.closeListener(this, now);
    }
}
