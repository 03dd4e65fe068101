package io.netstack4j.runtime;

import java.util.concurrent.RejectedExecutionException;

/** A task was refused because its {@link StackLoop} is closed: it will never run. */
public final class LoopClosedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    LoopClosedException(String loop) {
        super("stack loop " + loop + " is closed");
    }
}
