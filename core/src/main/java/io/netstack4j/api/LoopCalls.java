package io.netstack4j.api;

import io.netstack4j.runtime.LoopCallable;
import io.netstack4j.runtime.LoopQueueFullException;
import io.netstack4j.runtime.LoopTask;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How an application thread's call reaches the loop thread and comes back: post a task, park on a
 * future the loop completes (at once, on readiness, or at the deadline), rethrow its failure on
 * the caller's thread. Called on the loop thread itself, a call runs inline and never waits.
 */
final class LoopCalls {
    private final NetStack host;
    private final StackLoop loop;
    private final DescriptorTable table;
    /** Calls in progress, failed with ENETDOWN if the loop stops under them. */
    private final Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();

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
        Waiter.OnSocket<T> w = new Waiter.OnSocket<>(call, receiving, wouldBlock, timeoutNanos, op);
        if (loop.inEventLoop()) {
            table.start(w, fd, false, host.clock().nanos());
            return result(w, call);
        }
        return await(call, w, now -> table.start(w, fd, true, started(now)));
    }

    /**
     * A call on one descriptor with its own value for "nothing ready" ({@code idle}) and its own
     * timeout (0: do not wait; Long.MAX_VALUE: forever), whatever the descriptor's blocking mode and
     * SO_RCVTIMEO/SO_SNDTIMEO say: epoll_wait, and the value-returning try-calls.
     */
    <T> T callOr(String call, int fd, boolean receiving, long timeoutNanos, T idle, Waiter.Op<T> op)
            throws SocketException {
        Waiter.OnSocket<T> w = new Waiter.OnSocket<>(call, receiving, Errno.EAGAIN, timeoutNanos, idle, op);
        if (loop.inEventLoop()) {
            table.start(w, fd, false, host.clock().nanos());
            return result(w, call);
        }
        return await(call, w, now -> table.start(w, fd, true, started(now)));
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
                        if (!interrupted && f instanceof Waiter<?> w) {
                            cancelLater(w);
                        }
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

    private void cancelLater(Waiter<?> w) {
        try {
            loop.execute(now -> table.cancel(w, Errno.EINTR));
        } catch (LoopQueueFullException e) {
            // The loop is alive: the call ends as it would have (result or timeout), not here, since
            // only the loop may complete it (it could be taking a datagram for it right now).
        } catch (RejectedExecutionException e) {
            w.fail(Errno.ENETDOWN, "stack closed");
        }
    }

    /** The value of a completed future, or its failure as a SocketException thrown on this thread. */
    private static <T> T result(CompletableFuture<T> f, String call) throws SocketException {
        try {
            return f.get(0, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof WouldBlockException wb) {
                throw wb.as(wb.call() != null ? wb.call() : call);   // EAGAIN: cheap, no stack trace on either thread
            }
            if (c instanceof SocketException se) {
                throw se.as(se.call() != null ? se.call() : call);   // rethrown here, with the loop's as cause
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (CancellationException e) {
            throw new SocketException(call, Errno.ENETDOWN, "stack closed");
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("call not complete", e);
        }
    }

    /** A poll, waiting up to {@code nanos} (negative: forever). */
    int poll(Waiter.Poll w, long nanos) throws SocketException {
        if (loop.inEventLoop()) {
            table.start(w, 0, host.clock().nanos());
            return w.getNow(0);
        }
        return await("poll", w, now -> table.start(w, nanos, started(now)));
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
    }
}
