package io.netstack4j.runtime;

/** Work to run on a stack's own thread, with the loop's current time. */
@FunctionalInterface
public interface LoopTask {
    void run(long nowNanos);
}
