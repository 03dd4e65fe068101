package io.netstack4j.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A slot of the descriptor table: the socket a descriptor names, the per-descriptor options
 * (blocking mode, timeouts), the calls waiting on it and the epoll sets watching it. Loop thread
 * only, but for the fields marked as read on callers' threads ({@link Sockets}' calls that complete
 * without the loop).
 */
final class Descriptor {
    final int fd;
    final SocketImpl impl;
    /** Written on the loop; read on callers' threads too. */
    volatile boolean blocking = true;
    /** SO_RCVTIMEO in nanoseconds; 0 = wait forever. */
    long receiveTimeoutNanos;
    /** SO_SNDTIMEO in nanoseconds; 0 = wait forever. */
    long sendTimeoutNanos;
    /**
     * The socket's readiness ({@link PollFd} bits), as the loop last saw it: published after every
     * call and readiness callback on the loop, read on callers' threads to answer without the loop
     * (see {@link SocketImpl#readyOpsAnyThread}). POLLNVAL once closed.
     */
    volatile int readyOps;
    private boolean open = true;
    /** The calls {@code read}/{@code recv} and {@code write}/{@code send} reuse (made on first use). */
    final IoWaiter[] io = new IoWaiter[2];
    /** Calls waiting for this socket's readiness, oldest first (so readers are served in order). */
    final List<Watch> watches = new ArrayList<>(2);
    /** The epoll sets this descriptor is in (one entry per set). */
    final List<EpollImpl.Entry> epolls = new ArrayList<>(0);

    /** A waiter registered on this descriptor, for its entry {@code index} (a poll set's position; 0 otherwise). */
    record Watch(Waiter<?> waiter, int index) {
    }

    Descriptor(int fd, SocketImpl impl) {
        this.fd = fd;
        this.impl = impl;
    }

    boolean isOpen() {
        return open;
    }

    /** Marks it closed (loop thread); readers of {@link #readyOps} see POLLNVAL. */
    void markClosed() {
        open = false;
        readyOps = PollFd.POLLNVAL;
    }

    /** Loop thread: publishes the socket's current readiness for callers' threads. */
    void publish() {
        if (open) {
            readyOps = impl.readyOps();
        }
    }

    /** The readiness a caller's thread may act on: the socket's own, if it publishes one, else the loop's last. */
    int readyOpsAnyThread() {
        int loop = readyOps;
        if (loop == PollFd.POLLNVAL) {
            return loop;   // closed: whatever the socket says
        }
        int own = impl.readyOpsAnyThread();
        return own == SocketImpl.NOT_PUBLISHED ? loop : own;
    }

    void watch(Waiter<?> w, int index) {
        watches.add(w.watch(index));
    }

    /** Removes every watch of {@code w} (an index loop: no iterator, no predicate, nothing allocated). */
    void unwatch(Waiter<?> w) {
        for (int i = watches.size() - 1; i >= 0; i--) {
            if (watches.get(i).waiter() == w) {
                watches.remove(i);
            }
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + impl.protocol() + ")";
    }
}
