package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A call that could not finish at once: an application thread waits on this future while the loop
 * retries the call each time a socket it waits on becomes ready, and fails it (or, for poll,
 * completes it with 0) when its deadline passes. Everything but {@code get} happens on the loop
 * thread, so a datagram is never taken for a caller that has already timed out.
 */
abstract class Waiter<T> extends CompletableFuture<T> {
    final String call;
    /** Loop time at which the call times out; Long.MAX_VALUE for never. */
    long deadline = Long.MAX_VALUE;
    /** Its place in the {@link DeadlineHeap}, or -1 when not in it. */
    int heapIndex = -1;
    /** The descriptors it is registered with. */
    final List<Descriptor> registered = new ArrayList<>(1);

    Waiter(String call) {
        this.call = call;
    }

    /** Tries to finish; true once completed (with a result or an error). */
    abstract boolean attempt(long now);

    /** The deadline passed. */
    abstract void expire();

    void fail(Errno errno, String detail) {
        completeExceptionally(new SocketException(call, errno, detail));
    }

    void unregister() {
        for (Descriptor d : registered) {
            d.waiters.remove(this);
        }
        registered.clear();
    }

    /** One step of a socket call on the loop thread: a result, or null while it would block. */
    @FunctionalInterface
    interface Op<T> {
        T attempt(SocketImpl socket, long now) throws SocketException;
    }

    /** A call on one descriptor (recvfrom, read, send, connect...). */
    static final class OnSocket<T> extends Waiter<T> {
        private final Op<T> op;
        /** True for calls timed by SO_RCVTIMEO, false for SO_SNDTIMEO. */
        final boolean receiving;
        /** The error when it would block on a non-blocking descriptor (EAGAIN; EINPROGRESS for connect). */
        final Errno wouldBlock;
        /** A timeout for this call alone: -1 = the descriptor's, 0 = never wait, else nanoseconds. */
        final long timeoutNanos;
        Descriptor descriptor;

        OnSocket(String call, boolean receiving, Errno wouldBlock, long timeoutNanos, Op<T> op) {
            super(call);
            this.op = op;
            this.receiving = receiving;
            this.wouldBlock = wouldBlock;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        boolean attempt(long now) {
            if (isDone()) {
                return true;
            }
            try {
                T r = op.attempt(descriptor.impl, now);
                if (r == null) {
                    return false;
                }
                complete(r);
            } catch (SocketException e) {
                completeExceptionally(call.equals(e.call()) ? e : e.as(call));
            } catch (RuntimeException e) {
                completeExceptionally(e);
            }
            return true;
        }

        @Override
        void expire() {
            // SO_RCVTIMEO/SO_SNDTIMEO expiry: Linux says EAGAIN; we say ETIMEDOUT, so a timeout is
            // told apart from "non-blocking and nothing ready" (see Sockets).
            fail(Errno.ETIMEDOUT, "after " + (timeoutNanos > 0 ? timeoutNanos
                    : receiving ? descriptor.receiveTimeoutNanos : descriptor.sendTimeoutNanos) / 1_000_000 + " ms");
        }
    }

    /** A poll over several descriptors; completes with how many have events. */
    static final class Poll extends Waiter<Integer> {
        private final PollFd[] fds;
        private final IntFunction<Descriptor> table;

        Poll(PollFd[] fds, IntFunction<Descriptor> table) {
            super("poll");
            this.fds = fds;
            this.table = table;
        }

        /** Fills every entry's revents; returns how many entries have some. */
        int scan() {
            int n = 0;
            for (PollFd p : fds) {
                int r = 0;
                if (p.fd() >= 0) {   // POSIX: a negative fd is ignored
                    Descriptor d = table.apply(p.fd());
                    r = d == null ? PollFd.POLLNVAL
                            : d.impl.readyOps() & (p.events() | PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL);
                }
                p.revents(r);
                if (r != 0) {
                    n++;
                }
            }
            return n;
        }

        @Override
        boolean attempt(long now) {
            if (isDone()) {
                return true;
            }
            int n = scan();
            if (n > 0) {
                complete(n);
                return true;
            }
            return false;
        }

        @Override
        void expire() {
            complete(scan());
        }

        PollFd[] fds() {
            return fds;
        }
    }
}
