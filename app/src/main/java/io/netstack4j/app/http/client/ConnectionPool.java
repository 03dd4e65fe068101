package io.netstack4j.app.http.client;

import io.netstack4j.api.Sockets;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Idle persistent connections (RFC 9112 §9.3), most recently used first, bounded in all and per
 * origin: a new idle connection past a bound evicts the oldest. A connection taken for reuse is
 * checked first: idle too long, or the server closed it (its FIN waits in the socket) or sent
 * something unasked, and it is closed instead of reused.
 */
final class ConnectionPool {
    private final int maxIdle;
    private final int maxIdlePerOrigin;
    private final long idleTimeoutNanos;
    private final Sockets sockets;
    private final HttpClient.Listener listener;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();

    ConnectionPool(int maxIdle, int maxIdlePerOrigin, long idleTimeoutNanos, Sockets sockets,
                   HttpClient.Listener listener) {
        this.maxIdle = maxIdle;
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.sockets = sockets;
        this.listener = listener;
    }

    /** A usable idle connection to {@code origin}, or null. */
    Connection take(Origin origin, long now) {
        while (true) {
            Connection c = removeFirst(origin);
            if (c == null) {
                return null;
            }
            if (now - c.idleSince > idleTimeoutNanos) {
                close(c, CloseReason.IDLE_TIMEOUT);
                continue;
            }
            int peek = c.peekIdle(sockets);
            if (peek == Sockets.WOULD_BLOCK) {
                return c;
            }
            if (peek == 0) {
                listener.endOfStream(c.fd);
            }
            close(c, CloseReason.STALE);
        }
    }

    private synchronized Connection removeFirst(Origin origin) {
        for (Iterator<Connection> it = idle.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (c.origin.equals(origin)) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    /** Keeps {@code c} for reuse, evicting the oldest idle connections past the bounds. */
    void offer(Connection c, long now) {
        c.idleSince = now;
        Connection evicted1;
        Connection evicted2 = null;
        int size;
        synchronized (this) {
            evicted1 = oldest(c.origin, maxIdlePerOrigin);
            if (idle.size() - (evicted1 != null ? 1 : 0) >= maxIdle) {
                evicted2 = idle.pollLast();
            }
            if (maxIdle > 0 && maxIdlePerOrigin > 0) {
                idle.addFirst(c);
            }
            size = idle.size();
        }
        for (Connection e : new Connection[] {evicted1, evicted2}) {
            if (e != null) {
                close(e, CloseReason.POOL_FULL);
            }
        }
        if (maxIdle == 0 || maxIdlePerOrigin == 0) {
            close(c, CloseReason.POOL_FULL);
        } else {
            listener.connectionKept(c.fd, size);
        }
    }

    /** Removes and returns the oldest connection to {@code origin} if it already has {@code bound}. */
    private Connection oldest(Origin origin, int bound) {
        int n = 0;
        Connection last = null;
        for (Connection c : idle) {
            if (c.origin.equals(origin)) {
                n++;
                last = c;
            }
        }
        if (n >= bound && last != null) {
            idle.removeLastOccurrence(last);
            return last;
        }
        return null;
    }

    synchronized int size() {
        return idle.size();
    }

    void closeAll() {
        Connection[] all;
        synchronized (this) {
            all = idle.toArray(Connection[]::new);
            idle.clear();
        }
        for (Connection c : all) {
            close(c, CloseReason.CLIENT_CLOSED);
        }
    }

    void close(Connection c, CloseReason reason) {
        if (c.close()) {
            listener.connectionClosed(c.fd, reason);
        }
    }
}
