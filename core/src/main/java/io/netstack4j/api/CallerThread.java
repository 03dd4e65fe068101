package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

/**
 * The answers {@link Sockets} gives on the caller's thread, without a task to the loop, from state
 * that is safe to read there (see {@link SocketImpl}, "Calls without round trips"): the table's
 * published slots, a descriptor's volatile blocking flag and readiness word, the loop's closed flag.
 */
final class CallerThread {
    /** Readiness that lets a receive complete (with data, an error, or EBADF). */
    static final int READABLE = PollFd.POLLIN | PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL;
    /** Readiness that lets a send complete. */
    static final int WRITABLE = PollFd.POLLOUT | PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL;

    private final NetStack host;
    private final DescriptorTable table;

    CallerThread(NetStack host, DescriptorTable table) {
        this.host = host;
        this.table = table;
    }

    /**
     * The descriptor, read on this thread.
     *
     * @throws SocketException EBADF if it is not open (ENETDOWN once the host is closed), without the loop
     */
    Descriptor require(String call, int fd) throws SocketException {
        Descriptor d = table.peek(fd);
        if (d == null || d.readyOps == PollFd.POLLNVAL) {
            if (host.loop().isClosed()) {
                throw new SocketException(call, Errno.ENETDOWN, "stack " + host.name() + " is closed");
            }
            throw new SocketException(call, Errno.EBADF, "fd " + fd);
        }
        return d;
    }

    /** A descriptor's readiness for a poll on this thread: POLLNVAL if not open. */
    int readyOps(int fd) {
        Descriptor d = table.peek(fd);
        return d == null ? PollFd.POLLNVAL : d.readyOpsAnyThread();
    }

    /**
     * Before a receive goes to the loop: EBADF for a closed descriptor, and EAGAIN (cheap, no stack
     * trace) when the call would not wait (a non-blocking descriptor, or {@code timeoutNanos} 0) and
     * the socket's readiness shows nothing to read. Otherwise the call goes on to the loop.
     *
     * @param timeoutNanos -1: the descriptor's mode; 0: do not wait; else a wait
     */
    void checkReceive(String call, int fd, long timeoutNanos) throws SocketException {
        Descriptor d = require(call, fd);
        boolean noWait = timeoutNanos == 0 || (timeoutNanos < 0 && !d.blocking);
        if (noWait && (d.readyOpsAnyThread() & READABLE) == 0) {
            throw new WouldBlockException(call, "fd " + fd + " is non-blocking");
        }
    }
}
