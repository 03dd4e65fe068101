package io.netstack4j.api;

import java.net.SocketException;

/**
 * An ordinary {@link java.net.Socket} whose TCP is netstack4j's: code written for the JDK's sockets —
 * an HTTP client library, a database driver — runs over the stack unmodified. Made by a
 * {@link NetStackSocketFactory}; built with the {@code Socket(SocketImpl)} constructor the JDK keeps
 * for custom implementations, over a {@link NetStackSocketImpl}.
 *
 * <p>It behaves as the JDK's own socket on Linux: {@code SocketTimeoutException: Read timed out} when
 * SO_TIMEOUT passes (the socket stays usable), {@code ConnectException: Connection refused},
 * {@code SocketException: Connection reset}, half-close with {@link #shutdownOutput()}, closing
 * either stream closes the socket, {@link #close()} is idempotent. An unresolved
 * {@link java.net.InetSocketAddress} is resolved by the stack's resolver; an IPv6 address fails with
 * a {@link SocketException} (the stack is IPv4 only). A client socket only: {@code bind} then
 * {@code connect}, no {@code listen}.
 */
public final class NetStackSocket extends java.net.Socket {
    private final NetStackSocketImpl impl;

    NetStackSocket(NetStack host, NetStackDns dns) throws SocketException {
        this(new NetStackSocketImpl(host, dns));
    }

    private NetStackSocket(NetStackSocketImpl impl) throws SocketException {
        super(impl);
        this.impl = impl;
    }

    /**
     * This socket's row of the stack's socket table (state, queues, sequence numbers), or null when
     * it is not created yet or closed.
     */
    public SocketInfo info() {
        TcpSocket s = impl.tcpSocket();
        return s == null ? null : s.info();
    }

    /** The stack's descriptor for it, or -1 before it is created (the first call that needs it). */
    public int fd() {
        TcpSocket s = impl.tcpSocket();
        return s == null ? -1 : s.fd();
    }

    @Override
    public String toString() {
        return "NetStack" + super.toString();
    }
}
