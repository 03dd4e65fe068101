package io.netstack4j.link;

/**
 * Sees every frame that crosses an {@link ObservedAdapter}: a capture file, a text trace.
 * Called on the stack's loop thread, with the frame's bytes valid only during the call.
 * An observer must not keep the array nor change it.
 */
@FunctionalInterface
public interface FrameObserver {
    void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos);

    /**
     * The same, with a note about the frame (a capture file stores it as the packet's
     * comment). Observers that have nowhere to put a note ignore it.
     */
    default void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos, String comment) {
        onFrame(dir, b, off, len, nowNanos);
    }
}
