package io.netstack4j.api;

import io.netstack4j.iface.TimerClient;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The descriptor table and the waiting calls, on the loop thread (no locks): which socket each
 * descriptor names, and which calls wait for which socket's readiness or for their deadline. Only
 * {@link #peek} may be called on another thread: the slots are published with release stores, so a
 * caller's thread that reads a descriptor sees it whole, and one that reads null (after learning of
 * the descriptor through the call that made it) knows it is closed.
 *
 * <p>Descriptors are small ints from {@link Sockets#FIRST_FD}, and a new socket takes the lowest
 * free one, as POSIX requires of {@code socket()}/{@code open()} (IEEE Std 1003.1, "lowest numbered
 * unused file descriptor"). The usual caveat follows: a descriptor closed by one thread and used by
 * another may by then name a new socket.
 */
final class DescriptorTable implements TimerClient {
    private final AtomicReferenceArray<Descriptor> slots;
    private final BitSet used = new BitSet();
    private int open;
    /** Waiters with a deadline, earliest first; a waiter leaves as soon as it completes ({@link #retire}). */
    private final DeadlineHeap timed = new DeadlineHeap();
    /**
     * The latest loop time seen (by a task or a poll). Readiness callbacks carry no time, so calls
     * retried from them use this: it lags the true time by at most one loop turn.
     */
    private long lastNow;

    DescriptorTable(int capacity) {
        slots = new AtomicReferenceArray<>(capacity);
    }

    int capacity() {
        return slots.length();
    }

    int openCount() {
        return open;
    }

    void now(long now) {
        lastNow = Math.max(lastNow, now);
    }

    /**
     * Allocates the lowest free descriptor for the socket {@code create} makes.
     *
     * @throws SocketException EMFILE when the table is full (nothing is created then)
     */
    Descriptor allocate(Function<Integer, SocketImpl> create) throws SocketException {
        int i = used.nextClearBit(0);
        if (i >= slots.length()) {
            throw new SocketException("socket", Errno.EMFILE, slots.length() + " descriptors open");
        }
        int fd = Sockets.FIRST_FD + i;
        Descriptor d = new Descriptor(fd, create.apply(fd));
        d.impl.onReadiness(() -> wake(d));
        d.publish();
        slots.setRelease(i, d);
        used.set(i);
        open++;
        return d;
    }

    /** The open descriptor {@code fd}, or null. Loop thread. */
    Descriptor get(int fd) {
        return peek(fd);
    }

    /**
     * Any thread: the descriptor {@code fd} as last published, or null. On a caller's thread it may
     * be one just closed (the loop then says EBADF); null means closed, or never opened.
     */
    Descriptor peek(int fd) {
        int i = fd - Sockets.FIRST_FD;
        return i < 0 || i >= slots.length() ? null : slots.getAcquire(i);
    }

    /**
     * The open descriptor {@code fd}.
     *
     * @throws SocketException EBADF if {@code fd} is not open
     */
    Descriptor require(String call, int fd) throws SocketException {
        Descriptor d = get(fd);
        if (d == null) {
            throw new SocketException(call, Errno.EBADF, "fd " + fd);
        }
        return d;
    }

    /**
     * Frees {@code fd} and closes its socket; it leaves every epoll set it is in; calls waiting on it
     * fail (EBADF) or, for poll, see POLLNVAL.
     *
     * @throws SocketException EBADF if {@code fd} is not open (so closing twice is an error, as POSIX)
     */
    void close(int fd, long now) throws SocketException {
        Descriptor d = require("close", fd);
        int i = fd - Sockets.FIRST_FD;
        slots.setRelease(i, null);
        used.clear(i);
        open--;
        for (EpollImpl.Entry e : List.copyOf(d.epolls)) {
            e.set().remove(e);   // as Linux, when the last reference to the file goes
        }
        d.markClosed();
        d.impl.close(now);   // its readiness callback tells the waiters: polls see POLLNVAL
        for (Descriptor.Watch x : List.copyOf(d.watches)) {
            Waiter<?> w = x.waiter();
            if (!w.isDone() && !w.ready(d, x.index(), now) && !w.isDone()) {
                w.fail(Errno.EBADF, "fd " + fd + " closed while waiting");
            }
            retire(w);
        }
    }

    /** Every open descriptor, lowest first. */
    List<Descriptor> all() {
        List<Descriptor> l = new ArrayList<>(open);
        for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
            l.add(slots.get(i));
        }
        return l;
    }

    /** Starts a call on a descriptor: tries it, then waits (blocking) or fails (EAGAIN...). */
    <T> void start(Waiter.OnSocket<T> w, int fd, boolean mayWait, long now) {
        now(now);
        Descriptor d = get(fd);
        if (d == null) {
            w.fail(Errno.EBADF, "fd " + fd);
            return;
        }
        w.descriptor = d;
        if (w.attempt(now)) {   // which republishes the socket's readiness (see Waiter.OnSocket)
            return;
        }
        if (w.idle != null) {
            // A call with its own "nothing ready" value and timeout (epoll_wait, try-calls).
            if (!mayWait || w.timeoutNanos == 0) {
                w.complete(w.idle);
                return;
            }
            register(w, d, 0);
            arm(w, w.timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline(now, w.timeoutNanos));
            return;
        }
        long timeout = w.timeoutNanos >= 0 ? w.timeoutNanos
                : w.receiving ? d.receiveTimeoutNanos : d.sendTimeoutNanos;
        if (!mayWait || !d.blocking || w.timeoutNanos == 0) {
            w.fail(w.wouldBlock, mayWait ? "fd " + fd + " is non-blocking" : "would block on the loop thread");
            return;
        }
        register(w, d, 0);
        arm(w, timeout == 0 || timeout == Long.MAX_VALUE ? Long.MAX_VALUE : deadline(now, timeout));
    }

    /**
     * Starts a poll: one pass over its entries (as poll(2) must), completing at once if something is
     * ready or {@code timeoutNanos} is 0; otherwise it registers with each descriptor and from then on
     * hears only of the descriptors whose readiness changes.
     */
    void start(Waiter.Poll w, long timeoutNanos, long now) {
        now(now);
        int n = w.scan(fd -> {
            Descriptor d = get(fd);
            return d == null ? PollFd.POLLNVAL : d.impl.readyOps();
        });
        if (n > 0 || timeoutNanos == 0) {
            w.complete(n);
            return;
        }
        PollFd[] fds = w.fds();
        for (int i = 0; i < fds.length; i++) {
            if (fds[i].fd() >= 0) {
                register(w, get(fds[i].fd()), i);
            }
        }
        arm(w, timeoutNanos < 0 ? Long.MAX_VALUE : deadline(now, timeoutNanos));
    }

    /**
     * {@code now + timeoutNanos} ({@code timeoutNanos >= 0}), or Long.MAX_VALUE ("never") where the
     * sum would overflow: a timeout of centuries must not wrap into the past and expire at once.
     */
    static long deadline(long now, long timeoutNanos) {
        long d = now + timeoutNanos;
        return d < now ? Long.MAX_VALUE : d;
    }

    private void register(Waiter<?> w, Descriptor d, int index) {
        d.watch(w, index);
        w.registered.add(d);
    }

    private void arm(Waiter<?> w, long deadline) {
        w.deadline = deadline;
        if (deadline != Long.MAX_VALUE) {
            timed.add(w);
        }
    }

    /** A call is done waiting: it leaves every descriptor it waited on, and the deadline heap. */
    private void retire(Waiter<?> w) {
        w.unregister();
        timed.remove(w);
    }

    /**
     * Ends call number {@code g} of {@code w} early (the caller was interrupted), unless that call is
     * over and the waiter already serves the next one.
     */
    void cancel(Waiter<?> w, long g, Errno errno) {
        if (w.generation() != g) {
            return;
        }
        retire(w);
        w.fail(g, errno, "while waiting");
    }

    /**
     * A socket's readiness callback: publish its readiness, tell the epoll sets it is in, and tell the
     * calls waiting on it (oldest first) — no other descriptor is looked at.
     */
    private void wake(Descriptor d) {
        d.publish();
        List<EpollImpl.Entry> sets = d.epolls;
        for (int i = 0; i < sets.size(); i++) {
            sets.get(i).signal();
        }
        if (d.watches.isEmpty()) {
            return;
        }
        if (d.watches.size() == 1) {   // the usual case, one waiting call: no copy of the list
            Descriptor.Watch x = d.watches.getFirst();
            Waiter<?> w = x.waiter();
            if (w.isDone() || w.ready(d, x.index(), lastNow)) {
                retire(w);
            }
        } else {
            for (Descriptor.Watch x : List.copyOf(d.watches)) {
                Waiter<?> w = x.waiter();
                if (w.isDone() || w.ready(d, x.index(), lastNow)) {
                    retire(w);
                }
            }
        }
        d.publish();   // a woken call may have drained it
    }

    /** Publishes {@code d}'s readiness after a call that may have changed it (bind, connect...). */
    void publish(Descriptor d) {
        d.publish();
    }

    /** Expires calls whose deadline has come. */
    @Override
    public long poll(long now) {
        now(now);
        for (Waiter<?> w = timed.peek(); w != null; w = timed.peek()) {
            if (w.deadline > now) {
                return w.deadline;
            }
            retire(w);
            if (!w.isDone()) {
                w.expire();
            }
        }
        return Long.MAX_VALUE;
    }

    /** Closes every descriptor (the host is shutting down). */
    void closeAll(long now) {
        for (Descriptor d : all()) {
            try {
                close(d.fd, now);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How many calls the deadline structure holds (for tests). */
    int timedCount() {
        return timed.size();
    }

    /** How many calls are waiting (for tests and the table). */
    int waiting() {
        int n = 0;
        for (Descriptor d : all()) {
            n += d.watches.size();
        }
        return n;
    }
}
