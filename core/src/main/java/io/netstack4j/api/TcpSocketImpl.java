package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.tcp.TcpConnection;
import io.netstack4j.socket.tcp.TcpInfo;
import io.netstack4j.socket.tcp.TcpLayer;
import io.netstack4j.socket.tcp.TcpListener;
import io.netstack4j.socket.tcp.TcpState;
import io.netstack4j.wire.Ipv4Address;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream socket over a {@link TcpConnection}, or, once {@link #listen} is called, over the
 * {@link TcpListener} it becomes. Loop thread only, but for the caller-thread paths
 * ({@link #trySendOnCaller}, {@link #tryReceiveOnCaller}, {@link #readyOpsAnyThread}): a write that
 * finds room in the send ring and a read that finds data in the receive ring are copied on the
 * application's thread, and the loop is told only through {@link TcpLayer#scheduleOutput} (a
 * lock-free push, a wake-up only if it sleeps). {@code txLock} makes the send ring's producers (a
 * caller, or the loop answering a waiting call) one at a time, {@code rxLock} the receive ring's
 * consumers; each is held for a copy only.
 */
final class TcpSocketImpl implements SocketImpl {
    private final TcpLayer layer;
    private final TcpConnection conn;
    private TcpListener listener;
    private Runnable readiness = () -> { };
    private boolean connecting;
    private final ReentrantLock txLock;
    private final ReentrantLock rxLock;

    TcpSocketImpl(TcpLayer layer, TcpConnection conn) {
        this.layer = layer;
        this.conn = conn;
        this.txLock = conn.sendLock();
        this.rxLock = conn.receiveLock();
    }

    @Override
    public String protocol() {
        return "tcp";
    }

    @Override
    public void bind(SocketAddress4 local) throws SocketException {
        conn.bind(local.address().bits(), local.port());
    }

    @Override
    public boolean connect(SocketAddress4 remote, long now) throws SocketException {
        if (listener != null) {
            throw new SocketException("connect", Errno.EINVAL, "listening");
        }
        if (conn.error() != null && connecting) {
            connecting = false;
            throw new SocketException("connect", conn.error(), remote.toString());
        }
        if (conn.isConnected()) {
            throw new SocketException("connect", Errno.EISCONN, remote.toString());
        }
        conn.connect(remote.address().bits(), remote.port(), now);
        connecting = true;
        return false;
    }

    @Override
    public boolean finishConnect(long now) throws SocketException {
        if (conn.error() != null) {
            connecting = false;
            throw new SocketException("connect", conn.error(), "");
        }
        if (conn.state().synchronizedState()) {
            connecting = false;
            return true;
        }
        return false;
    }

    @Override
    public void connectTimeout(long deadline) {
        layer.connectDeadline(conn, deadline);
    }

    @Override
    public int send(byte[] b, int off, int len, SocketAddress4 to, long now) throws SocketException {
        if (listener != null) {
            throw new SocketException("write", Errno.ENOTCONN, "listening");
        }
        txLock.lock();
        try {
            int n = conn.write(b, off, len, now);
            return n == TcpConnection.WOULD_BLOCK ? -1 : n;
        } finally {
            txLock.unlock();
        }
    }

    @Override
    public int trySendOnCaller(byte[] b, int off, int len, SocketAddress4 to) {
        TcpConnection c = conn;
        TcpState s = c.state();
        if (listener != null || len == 0 || s != TcpState.ESTABLISHED && s != TcpState.CLOSE_WAIT
                || c.error() != null || c.outputShutdown()) {
            return NOT_HERE;
        }
        int n;
        txLock.lock();
        try {
            n = c.writeOnCaller(b, off, len);
        } finally {
            txLock.unlock();
        }
        if (n <= 0) {
            return NOT_HERE;   // no ring yet, or full: the loop's path waits for room
        }
        layer.scheduleOutput(c);
        return n;
    }

    @Override
    public int tryReceiveOnCaller(byte[] b, int off, int len, SocketAddress4[] from) {
        TcpConnection c = conn;
        if (listener != null || c.readable() == 0 || len == 0) {
            return NOT_HERE;   // nothing waiting: end of stream and errors are the loop's to report
        }
        int n;
        rxLock.lock();
        try {
            n = c.readOnCaller(b, off, len);
        } finally {
            rxLock.unlock();
        }
        if (n <= 0) {
            return NOT_HERE;
        }
        if (c.wantsWindowUpdate()) {
            layer.scheduleOutput(c);
        }
        if (from != null) {
            from[0] = remoteAddress();
        }
        return n;
    }

    /** Computed from the connection's volatile state and ring positions: valid on any thread. */
    @Override
    public int readyOpsAnyThread() {
        return listener != null ? NOT_PUBLISHED : readyOps();
    }

    @Override
    public RecvResult receive(byte[] b, int off, int len, long now) throws SocketException {
        int n = read(b, off, len, now);
        return n < 0 ? null : new RecvResult(n, remoteAddress());
    }

    /** The loop's read: no {@link RecvResult}, no address (nothing allocated). */
    @Override
    public int read(byte[] b, int off, int len, long now) throws SocketException {
        if (listener != null) {
            throw new SocketException("read", Errno.ENOTCONN, "listening");
        }
        int n;
        rxLock.lock();
        try {
            n = conn.read(b, off, len, now);
        } finally {
            rxLock.unlock();
        }
        return n == TcpConnection.WOULD_BLOCK ? -1 : n;
    }

    @Override
    public int readyOps() {
        if (listener != null) {
            return listener.pending() > 0 ? PollFd.POLLIN : 0;
        }
        int ops = 0;
        Errno e = conn.error();
        TcpState s = conn.state();
        if (e != null) {
            ops |= PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLIN | PollFd.POLLOUT;
        }
        if (conn.readable() > 0 || conn.endOfStream()) {
            ops |= PollFd.POLLIN;
        }
        if ((s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT) && !conn.outputShutdown()
                && conn.writable() >= Math.min(conn.sendBufferSize() / 3, 64 * 1024)) {
            ops |= PollFd.POLLOUT;   // as Linux's sk_stream_wspace: a third of the buffer free
        }
        if (conn.endOfStream() && conn.outputShutdown() || s == TcpState.CLOSED && conn.remotePort() != 0) {
            ops |= PollFd.POLLHUP | PollFd.POLLIN;
        }
        return ops;
    }

    @Override
    public void onReadiness(Runnable r) {
        readiness = r;
        conn.onReadiness(r);
        if (listener != null) {
            listener.onReadiness(r);
        }
    }

    @Override
    public void listen(int backlog) throws SocketException {
        if (listener != null) {
            return;   // Linux lets listen be called again (to change the backlog); we keep the first
        }
        listener = layer.listen(conn, backlog);
        listener.onReadiness(readiness);
    }

    @Override
    public SocketImpl accept(long now) throws SocketException {
        if (listener == null) {
            throw new SocketException("accept", Errno.EINVAL, "not listening");
        }
        TcpConnection c = listener.accept();
        return c == null ? null : new TcpSocketImpl(layer, c);
    }

    @Override
    public void shutdown(int how, long now) throws SocketException {
        if (listener != null) {
            throw new SocketException("shutdown", Errno.ENOTCONN, "listening");
        }
        if (how < Sockets.SHUT_RD || how > Sockets.SHUT_RDWR) {
            throw new SocketException("shutdown", Errno.EINVAL, "how " + how);
        }
        if (how != Sockets.SHUT_WR) {
            rxLock.lock();   // it drops what the receive ring holds: no reader may be copying out of it
            try {
                conn.shutdownInput();
            } finally {
                rxLock.unlock();
            }
        }
        if (how != Sockets.SHUT_RD) {
            conn.shutdownOutput(now);
        }
        readiness.run();
    }

    @Override
    public void setOption(SocketOption option, int value, long now) throws SocketException {
        switch (option) {
            case TCP_NODELAY -> conn.noDelay(value != 0, now);
            case SO_KEEPALIVE -> conn.keepAlive(value != 0, now);
            case SO_LINGER -> conn.linger(value);
            case SO_REUSEADDR -> conn.reuseAddress(value != 0);
            case SO_SNDBUF -> conn.sendBufferSize(value);
            case SO_RCVBUF -> conn.receiveBufferSize(value);
            case TCP_KEEPIDLE -> conn.keepAliveTimes(value, conn.keepAliveIntervalSeconds(), conn.keepAliveProbes(), now);
            case TCP_KEEPINTVL -> conn.keepAliveTimes(conn.keepAliveIdleSeconds(), value, conn.keepAliveProbes(), now);
            case TCP_KEEPCNT -> conn.keepAliveTimes(conn.keepAliveIdleSeconds(), conn.keepAliveIntervalSeconds(), value, now);
        }
    }

    @Override
    public int getOption(SocketOption option) {
        return switch (option) {
            case TCP_NODELAY -> conn.noDelay() ? 1 : 0;
            case SO_KEEPALIVE -> conn.keepAlive() ? 1 : 0;
            case SO_LINGER -> conn.linger();
            case SO_REUSEADDR -> conn.reuseAddress() ? 1 : 0;
            case SO_SNDBUF -> conn.sendBufferSize();
            case SO_RCVBUF -> conn.receiveBufferSize();
            case TCP_KEEPIDLE -> (int) conn.keepAliveIdleSeconds();
            case TCP_KEEPINTVL -> (int) conn.keepAliveIntervalSeconds();
            case TCP_KEEPCNT -> conn.keepAliveProbes();
        };
    }

    @Override
    public SocketAddress4 localAddress() {
        if (listener != null) {
            return new SocketAddress4(new Ipv4Address(listener.localAddress()), listener.localPort());
        }
        return new SocketAddress4(new Ipv4Address(conn.localAddress()), conn.localPort());
    }

    @Override
    public SocketAddress4 remoteAddress() {
        return listener != null || conn.remotePort() == 0 ? null
                : new SocketAddress4(new Ipv4Address(conn.remoteAddress()), conn.remotePort());
    }

    @Override
    public SocketInfo info(int fd, boolean blocking) {
        if (listener != null) {
            return new SocketInfo(fd, protocol(), localAddress(), null, "LISTEN", listener.pending(),
                    listener.backlog(), listener.pending(), 0, 0, blocking,
                    "syn-queue=" + listener.halfOpen() + " accept-queue=" + listener.pending() + "/" + listener.backlog());
        }
        TcpInfo i = conn.info();
        return new SocketInfo(fd, protocol(), localAddress(), remoteAddress(), conn.state().rfcName(),
                conn.readable(), conn.receiveBufferSize(), 0, conn.unsentAndUnacked(), 0, blocking, i.text());
    }

    @Override
    public void close(long now) {
        if (listener != null) {
            listener.close(now);
        } else {
            conn.close(now);
        }
    }
}
