package io.netstack4j.api;

import io.netstack4j.socket.SocketException;

/**
 * What the descriptor table needs from one kind of socket (UDP now, TCP next): every method runs
 * on the loop thread and never blocks, except those marked "any thread". An operation that cannot
 * complete yet says so (-1, null, false); {@link Sockets} then waits for the socket's readiness
 * callback and tries again, or fails with EAGAIN for a non-blocking descriptor.
 *
 * <h2>Calls without round trips</h2>
 * A call reaches the loop thread only when it has to. {@link Sockets} first looks, on the caller's
 * thread, at state that is safe to read there: whether the descriptor is open (the table's slots),
 * its blocking mode, and its readiness word — {@link #readyOpsAnyThread()} if the socket publishes
 * its own, else the word the table republishes on the loop after every call and readiness callback
 * ({@link Descriptor#readyOps}). From that alone it answers EBADF for a closed descriptor, EAGAIN
 * (or {@link Sockets#WOULD_BLOCK}) for a non-blocking receive that nothing can satisfy, and a
 * {@code poll} that finds a descriptor ready, without posting a task.
 *
 * <p>The data path joins through two hooks, both "any thread" and both optional: a socket whose
 * receive or send buffer is a single-producer/single-consumer ring between the loop and one
 * application thread can move the bytes on the caller's thread. Each hook either completes the call
 * or answers {@link #NOT_HERE}, and then the call goes through the loop as before. A hook that
 * completes a call must keep {@link #readyOpsAnyThread()} true to what it did (a drained ring is no
 * longer POLLIN) and run the loop's part (a wake-up when a ring leaves empty or full) itself.
 */
interface SocketImpl {
    /** {@link #readyOpsAnyThread()}: this socket publishes no readiness of its own. */
    int NOT_PUBLISHED = -1;
    /** {@link #tryReceiveOnCaller}/{@link #trySendOnCaller}: not possible on this thread; use the loop. */
    int NOT_HERE = Integer.MIN_VALUE;

    /** "udp", "tcp", "epoll". */
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

    /**
     * As {@link #receive}, the length only ({@code read}/{@code recv}): a stream socket answers it
     * without making a {@link RecvResult} or the sender's address.
     *
     * @return bytes received (0: end of stream), or -1 if nothing is ready
     */
    default int read(byte[] b, int off, int len, long now) throws SocketException {
        RecvResult r = receive(b, off, len, now);
        return r == null ? -1 : r.length();
    }

    /** The {@link PollFd} events that hold now: POLLIN, POLLOUT, POLLERR, POLLHUP (POLLNVAL once closed). */
    int readyOps();

    /**
     * Any thread: the socket's readiness as it publishes it itself (a volatile word, or computed from
     * ring indices read with acquire), or {@link #NOT_PUBLISHED} (the default) to let the table's
     * word stand. Needed only by a socket that completes calls on callers' threads, where the loop's
     * word would go stale.
     */
    default int readyOpsAnyThread() {
        return NOT_PUBLISHED;
    }

    /**
     * Any thread, the fast path of a receive: completes it on the caller's thread if the socket can
     * (data waiting in a ring the caller may consume), copying into {@code b}.
     *
     * @param from where to put the sender (element 0), or null if not wanted
     * @return bytes received, or {@link #NOT_HERE} (the default) to go through the loop
     */
    default int tryReceiveOnCaller(byte[] b, int off, int len, SocketAddress4[] from) throws SocketException {
        return NOT_HERE;
    }

    /**
     * Any thread, the fast path of a send: completes it on the caller's thread if the socket can (room
     * in a send ring).
     *
     * @param to the destination, or null for the connected peer
     * @return bytes taken, or {@link #NOT_HERE} (the default) to go through the loop
     */
    default int trySendOnCaller(byte[] b, int off, int len, SocketAddress4 to) throws SocketException {
        return NOT_HERE;
    }

    /** The callback to run (on the loop thread) whenever {@link #readyOps()} may have risen. */
    void onReadiness(Runnable r);

    SocketAddress4 localAddress();

    /** The peer, or null when not connected. */
    SocketAddress4 remoteAddress();

    /** The socket's row in the table. */
    SocketInfo info(int fd, boolean blocking);

    void close(long now);

    // ---- stream sockets (TCP); a datagram socket answers EOPNOTSUPP ----

    /** Starts listening (LISTEN); the socket then only accepts. */
    default void listen(int backlog) throws SocketException {
        throw new SocketException("listen", io.netstack4j.socket.Errno.EOPNOTSUPP, protocol());
    }

    /** The next established connection as a new socket, or null if none waits. */
    default SocketImpl accept(long now) throws SocketException {
        throw new SocketException("accept", io.netstack4j.socket.Errno.EOPNOTSUPP, protocol());
    }

    /** shutdown(2): {@link Sockets#SHUT_RD}, {@link Sockets#SHUT_WR} or {@link Sockets#SHUT_RDWR}. */
    default void shutdown(int how, long now) throws SocketException {
        throw new SocketException("shutdown", io.netstack4j.socket.Errno.EOPNOTSUPP, protocol());
    }

    default void setOption(SocketOption option, int value, long now) throws SocketException {
        throw new SocketException("setsockopt", io.netstack4j.socket.Errno.ENOPROTOOPT, option.name());
    }

    default int getOption(SocketOption option) throws SocketException {
        throw new SocketException("getsockopt", io.netstack4j.socket.Errno.ENOPROTOOPT, option.name());
    }

    /** Sets a deadline for the connect under way (the connection fails with ETIMEDOUT then). */
    default void connectTimeout(long deadline) {
    }
}
