package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call that could not finish at once: an application thread waits on this future while the loop
 * tells it of readiness on the descriptors it waits on, and fails it (or, for poll, completes it
 * with 0) when its deadline passes. Everything but {@code get} happens on the loop thread, so a
 * datagram is never taken for a caller that has already timed out.
 *
 * <p>Readiness is event-driven: a socket's readiness callback reaches only the waiters registered
 * on that descriptor ({@link Descriptor#watches}), each told which of its entries the descriptor
 * is ({@link #ready}); nothing rescans a waiter's other descriptors.
 */
abstract class Waiter<T> extends CompletableFuture<T> {
    final String call;
    /** Loop time at which the call times out; Long.MAX_VALUE for never. */
    long deadline = Long.MAX_VALUE;
    /** Its place in the {@link DeadlineHeap}, or -1 when not in it. */
    int heapIndex = -1;
    /** The descriptors it is registered with (one per watch, so a descriptor may appear twice). */
    final List<Descriptor> registered = new ArrayList<>(1);

    Waiter(String call) {
        this.call = call;
    }

    /** Tries to finish; true once completed (with a result or an error). */
    abstract boolean attempt(long now);

    /**
     * The descriptor {@code d}, this waiter's entry {@code index}, may have changed readiness; true
     * once completed. By default, tries the call again.
     */
    boolean ready(Descriptor d, int index, long now) {
        return attempt(now);
    }

    /** The deadline passed. */
    abstract void expire();

    void fail(Errno errno, String detail) {
        completeExceptionally(errno == Errno.EAGAIN ? new WouldBlockException(call, detail)
                : new SocketException(call, errno, detail));
    }

    /** Leaves every descriptor it watches. */
    void unregister() {
        for (Descriptor d : registered) {
            d.unwatch(this);
        }
        registered.clear();
    }

    /** One step of a socket call on the loop thread: a result, or null while it would block. */
    @FunctionalInterface
    interface Op<T> {
        T attempt(SocketImpl socket, long now) throws SocketException;
    }

    /** A call on one descriptor (recvfrom, read, send, connect, epoll_wait...). */
    static final class OnSocket<T> extends Waiter<T> {
        private final Op<T> op;
        /** True for calls timed by SO_RCVTIMEO, false for SO_SNDTIMEO. */
        final boolean receiving;
        /** The error when it would block on a non-blocking descriptor (EAGAIN; EINPROGRESS for connect). */
        final Errno wouldBlock;
        /**
         * A timeout for this call alone: -1 = the descriptor's, 0 = never wait, Long.MAX_VALUE =
         * forever, else nanoseconds.
         */
        final long timeoutNanos;
        /**
         * Null for an ordinary call. Otherwise the call's own value for "nothing ready" (epoll_wait's
         * 0, a try-call's {@link Sockets#WOULD_BLOCK}): it is returned instead of an error when the
         * call does not wait or its timeout passes, and the descriptor's blocking mode and timeouts
         * do not apply (only {@link #timeoutNanos} does).
         */
        final T idle;
        Descriptor descriptor;

        OnSocket(String call, boolean receiving, Errno wouldBlock, long timeoutNanos, Op<T> op) {
            this(call, receiving, wouldBlock, timeoutNanos, null, op);
        }

        OnSocket(String call, boolean receiving, Errno wouldBlock, long timeoutNanos, T idle, Op<T> op) {
            super(call);
            this.op = op;
            this.receiving = receiving;
            this.wouldBlock = wouldBlock;
            this.timeoutNanos = timeoutNanos;
            this.idle = idle;
        }

        @Override
        boolean attempt(long now) {
            if (isDone()) {
                return true;
            }
            try {
                T r = op.attempt(descriptor.impl, now);
                // Before the caller can see the outcome: the call may have drained the socket or
                // taken its error, and the caller may next look at the readiness word itself.
                descriptor.publish();
                if (r == null) {
                    return false;
                }
                complete(r);
            } catch (SocketException e) {
                descriptor.publish();
                completeExceptionally(call.equals(e.call()) ? e : e.as(call));
            } catch (RuntimeException e) {
                descriptor.publish();
                completeExceptionally(e);
            }
            return true;
        }

        @Override
        void expire() {
            if (idle != null) {
                complete(idle);
                return;
            }
            // SO_RCVTIMEO/SO_SNDTIMEO expiry: Linux says EAGAIN; we say ETIMEDOUT, so a timeout is
            // told apart from "non-blocking and nothing ready" (see Sockets).
            fail(Errno.ETIMEDOUT, "after " + (timeoutNanos > 0 ? timeoutNanos
                    : receiving ? descriptor.receiveTimeoutNanos : descriptor.sendTimeoutNanos) / 1_000_000 + " ms");
        }
    }

    /**
     * A poll over several descriptors; completes with how many entries have events. Starting it scans
     * every entry once (as poll(2) must); after that, a readiness change on one descriptor checks only
     * that descriptor's entries.
     */
    static final class Poll extends Waiter<Integer> {
        private final PollFd[] fds;
        private int withEvents;
        /** Descriptors looked at after the start (for tests: one per readiness change, never a rescan). */
        int checks;

        Poll(PollFd[] fds) {
            super("poll");
            this.fds = fds;
        }

        /** The events of {@code fd}'s entry that {@code ops} satisfies (POLLERR, POLLHUP, POLLNVAL always). */
        static int revents(int events, int ops) {
            return ops & (events | PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL);
        }

        /**
         * Fills every entry's revents from {@code readiness} (a descriptor's readiness word, POLLNVAL for
         * one not open, -1 to skip a negative descriptor); returns how many entries have some. Any
         * thread (the caller's, from published readiness; or the loop's).
         */
        int scan(java.util.function.IntUnaryOperator readiness) {
            int n = 0;
            for (PollFd p : fds) {
                int r = p.fd() < 0 ? 0 : revents(p.events(), readiness.applyAsInt(p.fd()));   // POSIX: negative fds ignored
                p.revents(r);
                if (r != 0) {
                    n++;
                }
            }
            withEvents = n;
            return n;
        }

        @Override
        boolean attempt(long now) {
            if (!isDone() && withEvents > 0) {
                complete(withEvents);
            }
            return isDone();
        }

        @Override
        boolean ready(Descriptor d, int index, long now) {
            if (isDone()) {
                return true;
            }
            checks++;
            int ops = d.isOpen() ? d.impl.readyOps() : PollFd.POLLNVAL;
            if (revents(fds[index].events(), ops) == 0) {
                return false;
            }
            // Every entry naming d (a set may list a descriptor twice), found through d's own watches.
            for (Descriptor.Watch x : d.watches) {
                if (x.waiter() == this && fds[x.index()].revents() == 0) {
                    int r = revents(fds[x.index()].events(), ops);
                    fds[x.index()].revents(r);
                    if (r != 0) {
                        withEvents++;
                    }
                }
            }
            complete(withEvents);
            return true;
        }

        @Override
        void expire() {
            complete(withEvents);
        }

        PollFd[] fds() {
            return fds;
        }
    }
}
