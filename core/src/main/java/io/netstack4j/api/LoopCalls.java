package io.netstack4j.api;

import io.netstack4j.runtime.LoopCallable;
import io.netstack4j.runtime.LoopQueueFullException;
import io.netstack4j.runtime.LoopTask;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * How an application thread's call reaches the loop thread and comes back: post a task, park on a
 * future the loop completes (at once, on readiness, or at the deadline), rethrow its failure on
 * the caller's thread. Called on the loop thread itself, a call runs inline and never waits.
 */
final class LoopCalls {
    private final NetStack host;
    private final StackLoop loop;
    private final DescriptorTable table;
    /** Calls in progress that never wait ({@link #now}), failed with ENETDOWN if the loop stops under them. */
    private final Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();
    /** The head of the list of waiting calls in progress (through {@link Waiter#nextInflight}), likewise. */
    private Waiter<?> waiting;
    private static final VarHandle IO = MethodHandles.arrayElementVarHandle(IoWaiter[].class);

    LoopCalls(NetStack host, DescriptorTable table) {
        this.host = host;
        this.loop = host.loop();
        this.table = table;
    }

    /** A call that never waits, run on the loop. */
    <T> T now(String call, LoopCallable<T> c) throws SocketException {
        if (loop.inEventLoop()) {
            try {
                long now = host.clock().nanos();
                table.now(now);
                return c.call(now);
            } catch (SocketException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        return await(call, f, now -> {
            table.now(now);
            try {
                f.complete(c.call(now));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
    }

    /** A call on one descriptor that may wait for its readiness. */
    <T> T call(String call, int fd, boolean receiving, Errno wouldBlock, long timeoutNanos, Waiter.Op<T> op)
            throws SocketException {
        return run(new Waiter.OnSocket<>(call, receiving, wouldBlock, timeoutNanos, op), fd);
    }

    /**
     * A call on one descriptor with its own value for "nothing ready" ({@code idle}) and its own
     * timeout (0: do not wait; Long.MAX_VALUE: forever), whatever the descriptor's blocking mode and
     * SO_RCVTIMEO/SO_SNDTIMEO say: epoll_wait, and the value-returning try-calls.
     */
    <T> T callOr(String call, int fd, boolean receiving, long timeoutNanos, T idle, Waiter.Op<T> op)
            throws SocketException {
        return run(new Waiter.OnSocket<>(call, receiving, Errno.EAGAIN, timeoutNanos, idle, op), fd);
    }

    private <T> T run(Waiter.OnSocket<T> w, int fd) throws SocketException {
        if (loop.inEventLoop()) {
            table.start(w, fd, false, host.clock().nanos());
        } else {
            await(w, now -> table.start(w, fd, true, started(now)));
        }
        return result(w);
    }

    /**
     * A {@code read}/{@code recv} ({@code receiving}) or a {@code write}/{@code send} on {@code d}
     * through the loop, waiting as the descriptor says: bytes moved (0 for end of stream). It reuses the descriptor's {@link IoWaiter} for the
     * direction, allocating nothing, unless another thread's call holds it. On the loop thread it
     * never waits (EAGAIN, as every call there).
     */
    int io(Descriptor d, boolean receiving, String call, byte[] b, int off, int len) throws SocketException {
        IoWaiter w = ioWaiter(d, receiving);
        if (!w.tryClaim()) {   // another thread's call on the same descriptor: a waiter of its own
            Integer n = call(call, d.fd, receiving, Errno.EAGAIN, -1, (s, now) -> {
                int k = receiving ? s.read(b, off, len, now) : s.send(b, off, len, null, now);
                return k < 0 ? null : k;
            });
            return n;
        }
        try {
            w.prepare(call, b, off, len);
            if (loop.inEventLoop()) {
                table.start(w, d.fd, false, host.clock().nanos());
            } else {
                await(w, w);
            }
            result(w);
            return w.result();
        } finally {
            w.release();
        }
    }

    private IoWaiter ioWaiter(Descriptor d, boolean receiving) {
        int i = receiving ? 0 : 1;
        IoWaiter w = (IoWaiter) IO.getAcquire(d.io, i);
        if (w == null) {
            IoWaiter made = new IoWaiter(this, d.fd, receiving);
            w = (IoWaiter) IO.compareAndExchangeRelease(d.io, i, null, made);
            if (w == null) {
                w = made;
            }
        }
        return w;
    }

    /** An {@link IoWaiter}'s posted start, on the loop. */
    void startPosted(IoWaiter w, int fd, long now) {
        table.start(w, fd, true, started(now));
    }

    /**
     * When a posted call starts: the loop's time for this turn, or the clock if it has moved on since
     * the turn began (a call's timeout counts from when it starts, never earlier).
     */
    private long started(long now) {
        return Math.max(now, host.clock().nanos());
    }

    /** Posts {@code start} to the loop and waits for {@code f}. */
    private <T> T await(String call, CompletableFuture<T> f, LoopTask start) throws SocketException {
        inflight.add(f);
        try {
            post(call, start);
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        f.get();
                        return result(f, call);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException | CancellationException e) {
                        return result(f, call);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            inflight.remove(f);
        }
    }

    /**
     * Posts {@code start} to the loop and parks until {@code w}'s current call has its outcome. The
     * waiter is on the list of calls in progress meanwhile (intrusive: nothing allocated), so a loop
     * that stops under it fails it. An interrupt asks the loop to end the call with EINTR.
     */
    private void await(Waiter<?> w, LoopTask start) throws SocketException {
        long g = w.generation();
        w.waitingThread(Thread.currentThread());
        enter(w);
        try {
            try {
                post(w.call, start);
            } catch (SocketException e) {
                w.finish(g, null, e);   // never started: this call is over
                throw e;
            }
            boolean interrupted = false;
            while (!w.hasOutcome(g)) {
                LockSupport.park(w);
                if (Thread.interrupted() && !interrupted) {
                    interrupted = true;
                    if (!w.hasOutcome(g)) {
                        cancelLater(w, g);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            leave(w);
            w.waitingThread(null);
        }
    }

    private synchronized void enter(Waiter<?> w) {
        w.inflight = true;
        w.prevInflight = null;
        w.nextInflight = waiting;
        if (waiting != null) {
            waiting.prevInflight = w;
        }
        waiting = w;
    }

    private synchronized void leave(Waiter<?> w) {
        if (!w.inflight) {
            return;
        }
        w.inflight = false;
        if (w.prevInflight != null) {
            w.prevInflight.nextInflight = w.nextInflight;
        } else {
            waiting = w.nextInflight;
        }
        if (w.nextInflight != null) {
            w.nextInflight.prevInflight = w.prevInflight;
        }
        w.prevInflight = null;
        w.nextInflight = null;
    }

    /**
     * Posts a task: a full task queue is ENOBUFS (the loop is alive but behind; the call may be tried
     * again), a closed loop ENETDOWN.
     */
    private void post(String call, LoopTask start) throws SocketException {
        try {
            loop.execute(start);
        } catch (LoopQueueFullException e) {
            throw new SocketException(call, Errno.ENOBUFS,
                    "stack " + host.name() + ": loop task queue full (" + e.capacity() + " tasks)");
        } catch (RejectedExecutionException e) {
            throw new SocketException(call, Errno.ENETDOWN, "stack " + host.name() + " is closed");
        }
    }

    private void cancelLater(Waiter<?> w, long g) {
        try {
            loop.execute(now -> table.cancel(w, g, Errno.EINTR));
        } catch (LoopQueueFullException e) {
            // The loop is alive: the call ends as it would have (result or timeout), not here, since
            // only the loop may complete it (it could be taking a datagram for it right now).
        } catch (RejectedExecutionException e) {
            w.fail(g, Errno.ENETDOWN, "stack closed");
        }
    }

    /** The outcome of {@code w}'s completed call: its value, or its failure thrown on this thread. */
    private static <T> T result(Waiter<T> w) throws SocketException {
        Throwable c = w.failure();
        if (c == null) {
            return w.valueNow(null);
        }
        throw rethrown(c, w.call);
    }

    /** The value of a completed future, or its failure as a SocketException thrown on this thread. */
    private static <T> T result(CompletableFuture<T> f, String call) throws SocketException {
        try {
            return f.get(0, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause(), call);
        } catch (CancellationException e) {
            throw new SocketException(call, Errno.ENETDOWN, "stack closed");
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("call not complete", e);
        }
    }

    /** A call's failure, to throw on the caller's thread. */
    private static SocketException rethrown(Throwable c, String call) {
        if (c instanceof WouldBlockException wb) {
            return wb.as(wb.call() != null ? wb.call() : call);   // EAGAIN: cheap, no stack trace on either thread
        }
        if (c instanceof SocketException se) {
            return se.as(se.call() != null ? se.call() : call);   // rethrown here, with the loop's as cause
        }
        if (c instanceof RuntimeException re) {
            throw re;
        }
        throw new IllegalStateException(c);
    }

    /** A poll, waiting up to {@code nanos} (negative: forever). */
    int poll(Waiter.Poll w, long nanos) throws SocketException {
        if (loop.inEventLoop()) {
            table.start(w, 0, host.clock().nanos());
        } else {
            await(w, now -> table.start(w, nanos, started(now)));
        }
        Integer n = result(w);
        return n == null ? 0 : n;
    }

    /** Closes every socket (before the loop stops). */
    void shutdown() {
        try {
            if (loop.inEventLoop()) {
                table.closeAll(host.clock().nanos());
            } else {
                loop.submit(now -> {
                    table.closeAll(now);
                    return null;
                }).get(5, TimeUnit.SECONDS);
            }
        } catch (RejectedExecutionException | ExecutionException | TimeoutException | CancellationException e) {
            // The loop is gone or stuck: afterLoopClosed fails whatever is left.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails calls left waiting once the loop has stopped. */
    void afterLoopClosed() {
        for (CompletableFuture<?> f : inflight) {
            f.completeExceptionally(new SocketException(null, Errno.ENETDOWN, "stack " + host.name() + " closed"));
        }
        synchronized (this) {
            for (Waiter<?> w = waiting; w != null; w = w.nextInflight) {
                w.finish(w.generation(), null,
                        new SocketException(null, Errno.ENETDOWN, "stack " + host.name() + " closed"));
            }
        }
    }
}
