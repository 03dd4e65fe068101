package io.netstack4j.api;

import io.netstack4j.socket.SocketException;

/**
 * What the descriptor table needs from one kind of socket (UDP now, TCP next): every method runs
 * on the loop thread and never blocks. An operation that cannot complete yet says so (-1, null,
 * false); {@link Sockets} then waits for the socket's readiness callback and tries again, or fails
 * with EAGAIN for a non-blocking descriptor.
 */
interface SocketImpl {
    /** "udp", "tcp". */
    String protocol();

    void bind(SocketAddress4 local) throws SocketException;

    /**
     * Starts connecting to {@code remote}.
     *
     * @return true when connected, false when under way (then {@link #finishConnect} on readiness)
     */
    boolean connect(SocketAddress4 remote, long now) throws SocketException;

    /** @return true once the connection {@link #connect} started is up; throws if it failed */
    default boolean finishConnect(long now) throws SocketException {
        return true;
    }

    /**
     * Sends {@code len} bytes to {@code to}, or to the connected peer when {@code to} is null.
     *
     * @return bytes taken, or -1 if the socket cannot take any now
     */
    int send(byte[] b, int off, int len, SocketAddress4 to, long now) throws SocketException;

    /**
     * Copies received data into {@code b}.
     *
     * @return what was received, or null if nothing is ready
     */
    RecvResult receive(byte[] b, int off, int len, long now) throws SocketException;

    /** The {@link PollFd} events that hold now: POLLIN, POLLOUT, POLLERR, POLLHUP. */
    int readyOps();

    /** The callback to run (on the loop thread) whenever {@link #readyOps()} may have changed. */
    void onReadiness(Runnable r);

    SocketAddress4 localAddress();

    /** The peer, or null when not connected. */
    SocketAddress4 remoteAddress();

    /** The socket's row in the table. */
    SocketInfo info(int fd, boolean blocking);

    void close(long now);
}
