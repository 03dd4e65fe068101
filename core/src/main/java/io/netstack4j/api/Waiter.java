package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A call that could not finish at once: an application thread parks until the loop tells it of
 * readiness on the descriptors it waits on, and fails it (or, for poll, completes it with 0) when its
 * deadline passes. Everything but {@link #awaitOutcome} happens on the loop thread (and the failing
 * of calls left once the loop has stopped), so a datagram is never taken for a caller that has
 * already timed out.
 *
 * <p>Readiness is event-driven: a socket's readiness callback reaches only the waiters registered
 * on that descriptor ({@link Descriptor#watches}), each told which of its entries the descriptor
 * is ({@link #ready}); nothing rescans a waiter's other descriptors.
 *
 * <p>A waiter may be used for one call (most are) or, as {@link IoWaiter}, for one call after another:
 * each call has a number ({@link #generation}, counted up on the caller's thread before the call is
 * posted), and an outcome is claimed for one number only (a CAS from a lower number), so a
 * late completer — a cancel posted for an interrupted call that completed anyway, the failing of
 * calls after the loop stopped — cannot complete the next call. The outcome is published by a
 * volatile write the caller waits for; nothing is allocated to wait (no future, no wait node).
 */
abstract class Waiter<T> {
    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(Waiter.class, "claimed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The call's name for errors (a reused waiter may serve "read" and "recv"); set before it is posted. */
    String call;
    /** Loop time at which the call times out; Long.MAX_VALUE for never. */
    long deadline = Long.MAX_VALUE;
    /** Its place in the {@link DeadlineHeap}, or -1 when not in it. */
    int heapIndex = -1;
    /** The descriptors it is registered with (one per watch, so a descriptor may appear twice). */
    final List<Descriptor> registered = new ArrayList<>(1);
    /** Its watch as entry 0 (every call on one descriptor), made once: a reused waiter registers without allocating. */
    private Descriptor.Watch firstWatch;

    /** The current call's number: 1 for a one-shot waiter; {@link #nextCall} counts up. */
    private volatile long generation = 1;
    /** The last call number whose outcome a completer has claimed (set once per call, by CAS). */
    @SuppressWarnings("unused")   // through CLAIMED
    private volatile long claimed;
    /** The last call number whose outcome is published (after {@link #value} and {@link #failure}). */
    private volatile long completed;
    private T value;
    private Throwable failure;
    /** The thread waiting in {@link #awaitOutcome}, unparked on completion. */
    private volatile Thread caller;
    /** In {@link LoopCalls}' list of calls in progress (guarded by it). */
    Waiter<?> prevInflight;
    Waiter<?> nextInflight;
    boolean inflight;

    Waiter(String call) {
        this.call = call;
    }

    /** Caller's thread, before posting the next call of a reused waiter (the last one completed). */
    void nextCall(String name) {
        value = null;
        failure = null;
        call = name;
        generation = generation + 1;
    }

    long generation() {
        return generation;
    }

    /** True once the current call has an outcome (or one is being published). */
    boolean isDone() {
        return (long) CLAIMED.getVolatile(this) >= generation;
    }

    boolean complete(T v) {
        return finish(generation, v, null);
    }

    boolean completeExceptionally(Throwable t) {
        return finish(generation, null, t);
    }

    /** Completes call number {@code g} unless it (or a later one) has an outcome already; any thread. */
    boolean finish(long g, T v, Throwable t) {
        long c;
        do {
            c = (long) CLAIMED.getVolatile(this);
            if (c >= g) {
                return false;
            }
        } while (!CLAIMED.compareAndSet(this, c, g));
        value = v;
        failure = t;
        completed = g;
        Thread waiting = caller;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        return true;
    }

    /** The outcome, once {@link #isDone()}: the value, or {@code idle} while none (a poll's 0). */
    T valueNow(T idle) {
        return completed == generation && failure == null ? value : idle;
    }

    /** The failure of the completed call, or null. */
    Throwable failure() {
        return failure;
    }

    /** Whether call number {@code g} has a published outcome (the caller's wait). */
    boolean hasOutcome(long g) {
        return completed == g;
    }

    /** Caller's thread: the thread {@link #finish} unparks. */
    void waitingThread(Thread t) {
        caller = t;
    }

    /** The watch registering this waiter on a descriptor for entry {@code index}. */
    Descriptor.Watch watch(int index) {
        if (index != 0) {
            return new Descriptor.Watch(this, index);
        }
        Descriptor.Watch w = firstWatch;
        if (w == null) {
            w = new Descriptor.Watch(this, 0);
            firstWatch = w;
        }
        return w;
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
        fail(generation, errno, detail);
    }

    /** Fails call number {@code g} if it is still the current one, without an outcome. */
    void fail(long g, Errno errno, String detail) {
        if ((long) CLAIMED.getVolatile(this) < g) {   // no exception made for a call already done
            finish(g, null, errno == Errno.EAGAIN ? new WouldBlockException(call, detail)
                    : new SocketException(call, errno, detail));
        }
    }

    /** Leaves every descriptor it watches. */
    void unregister() {
        for (int i = 0; i < registered.size(); i++) {
            registered.get(i).unwatch(this);
        }
        registered.clear();
    }

    /** One step of a socket call on the loop thread: a result, or null while it would block. */
    @FunctionalInterface
    interface Op<T> {
        T attempt(SocketImpl socket, long now) throws SocketException;
    }

    /** A call on one descriptor (recvfrom, read, send, connect, epoll_wait...). */
    static class OnSocket<T> extends Waiter<T> {
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
                T r = step(descriptor.impl, now);
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

        /** One try of the call: a result, or null while it would block. */
        T step(SocketImpl socket, long now) throws SocketException {
            return op.attempt(socket, now);
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
