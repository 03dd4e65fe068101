package io.netstack4j.app.http.client;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The total timeout of one request and its redirects: a timer that, when it fires, closes the
 * connection in use, so whatever blocks on it (connect, write, read, the caller reading the body)
 * fails at once; that failure is then reported as {@link TotalTimeoutException}.
 */
final class Deadline {
    private final long millis;
    private final long endNanos;
    private final ScheduledFuture<?> task;
    private volatile Connection current;
    private volatile boolean expired;

    /** {@code millis} 0: no total timeout. */
    Deadline(ScheduledExecutorService timer, long millis) {
        this.millis = millis;
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        this.task = millis > 0 ? timer.schedule(this::expire, millis, TimeUnit.MILLISECONDS) : null;
    }

    private void expire() {
        expired = true;
        Connection c = current;
        if (c != null) {
            c.socket.close();
        }
    }

    /** The connection now in use (closed at once if the deadline has passed). */
    void attach(Connection c) {
        current = c;
        if (expired) {
            c.socket.close();
        }
    }

    boolean expired() {
        return expired;
    }

    void check() throws TotalTimeoutException {
        if (expired || (task != null && System.nanoTime() - endNanos >= 0)) {
            expired = true;
            throw new TotalTimeoutException(millis);
        }
    }

    /** Milliseconds left, at least 1; {@code Long.MAX_VALUE} without a total timeout. */
    long remainingMillis() {
        if (task == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
    }

    /** {@code e}, or a {@link TotalTimeoutException} caused by it if the deadline passed. */
    IOException translate(IOException e) {
        if (!expired || e instanceof TotalTimeoutException) {
            return e;
        }
        TotalTimeoutException t = new TotalTimeoutException(millis);
        t.initCause(e);
        return t;
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
        }
        current = null;
    }
}
