package io.netstack4j.runtime;

/** Work with a result, run on a stack's own thread (see {@link StackLoop#submit}). */
@FunctionalInterface
public interface LoopCallable<T> {
    T call(long nowNanos) throws Exception;
}
