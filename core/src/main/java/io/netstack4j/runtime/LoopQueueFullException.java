package io.netstack4j.runtime;

import java.util.concurrent.RejectedExecutionException;

/**
 * A task was refused because its {@link StackLoop}'s task queue is full: the loop is alive but
 * behind (a resource shortage, not a closed stack; the caller may try again). Built without a
 * stack trace, since it is thrown exactly when the loop is overloaded.
 */
public final class LoopQueueFullException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    LoopQueueFullException(String loop, int capacity) {
        super("stack loop " + loop + ": task queue full (" + capacity + " tasks)");
        this.capacity = capacity;
    }

    /** The queue's capacity, in tasks. */
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
