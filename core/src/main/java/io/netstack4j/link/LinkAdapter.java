package io.netstack4j.link;

import io.netstack4j.buffer.PacketBuffer;

/**
 * The LAN adapter: moves whole Ethernet frames (destination MAC first, no preamble, no FCS)
 * between a stack and a medium — a TAP device, or a port of an in-process virtual LAN.
 *
 * <p>One thread (the stack's loop) calls {@link #receive} and {@link #transmit}; {@link #wakeup}
 * may be called from any thread. Time is passed in, never read, so a virtual LAN can run in
 * virtual time.
 */
public interface LinkAdapter extends AutoCloseable {
    /** A deadline meaning "nothing scheduled". */
    long NEVER = Long.MAX_VALUE;

    /** A short name for traces and tables ("tap0", "lan:alice"). */
    String name();

    /** The largest IP packet a frame may carry (the MTU, 1500 on Ethernet). */
    int mtu();

    /**
     * What the link can do besides moving frames: sizes, checksum and segmentation offloads,
     * batching. The default is a plain Ethernet link of {@link #mtu()}: frames up to
     * {@code mtu + 14} bytes, nothing offloaded (it builds a new record per call; adapters that
     * are asked often return a kept one).
     *
     * <p>It may change while the adapter runs (a virtual LAN turns receive checksum offload off
     * when a corruption fault is configured on a path to the port), so a stack that uses an
     * offload reads it for each frame it receives, after {@link #receive} returned it: a volatile
     * read in the adapters of this package, no allocation. Any thread.
     */
    default LinkCapabilities capabilities() {
        return LinkCapabilities.basic(mtu());
    }

    /**
     * What {@link #receive} returns, less the frame's length, when the next frame is longer than the
     * room the caller gave (a link whose {@link LinkCapabilities#maxFrameLength()} is above the MTU,
     * such as a TAP with receive offload delivering a TCP segment the kernel did not cut): the frame
     * stays, and the next call with room enough gets it.
     */
    int TOO_LONG = -2;

    /**
     * Copies the next frame that is due at {@code nowNanos} into {@code buf} at {@code off}
     * without blocking.
     *
     * @return the frame's length; or -1 if none is ready; or {@link #TOO_LONG} minus its length if
     *         it does not fit (only from links whose largest frame is above the MTU)
     */
    int receive(byte[] buf, int off, long nowNanos);

    /**
     * Sends one frame. Never blocks for long; a frame that cannot be queued is dropped and
     * counted by the adapter.
     */
    void transmit(byte[] frame, int off, int len, long nowNanos);

    /**
     * Sends one frame holding a TCP segment larger than the MTU, for the link to cut into segments
     * of {@code segmentSize} payload bytes each (segmentation offload, TSO). The segment's checksum
     * field holds only the folded sum of the pseudo-header, for the link to complete (Linux's
     * {@code CHECKSUM_PARTIAL}). A stack calls it only while {@link #capabilities()} offers
     * {@link LinkCapabilities#maxSegmentationSize()}, with a frame no longer than that plus the
     * Ethernet header; an adapter that offers none refuses it (the default).
     *
     * A segment size of 0 asks for nothing of the kind: the frame is sent as it is ({@link #transmit}).
     *
     * @throws UnsupportedOperationException if this adapter offers no segmentation offload
     */
    default void transmitSegmented(byte[] frame, int off, int len, int segmentSize, long nowNanos) {
        if (segmentSize != 0) {
            throw new UnsupportedOperationException(name() + " offers no segmentation offload");
        }
        transmit(frame, off, len, nowNanos);
    }

    /**
     * Sends the frame in {@code frame}: its window, then any data attached to it (a TCP segment's
     * data on its send ring, {@link PacketBuffer#attach}), cut up by the link when it carries a
     * segment size ({@link #transmitSegmented}). The caller keeps the buffer (and releases it).
     * An adapter that copies the frame onto its medium gathers the pieces there, so the data is
     * copied once; this default joins them first ({@link PacketBuffer#flattened}).
     */
    default void transmit(PacketBuffer frame, long nowNanos) {
        PacketBuffer f = frame.flattened();
        transmitSegmented(f.array(), f.start(), f.length(), f.segmentSize(), nowNanos);
    }

    /**
     * The time at which a frame will next become receivable, if the adapter knows it
     * (a virtual LAN with delays does), else {@link #NEVER}. A frame already waiting is due now.
     */
    default long pollAt() {
        return NEVER;
    }

    /**
     * Blocks the calling (loop) thread until a frame may be ready, {@link #wakeup()} is called,
     * or {@code timeoutNanos} passes. Spurious returns are allowed.
     */
    void await(long timeoutNanos) throws InterruptedException;

    /** Makes a concurrent or later {@link #await} return promptly. Any thread. */
    void wakeup();

    /**
     * For a loop that drives several adapters (a router's interfaces) and sleeps in another
     * adapter's {@link #await}: from now on, what would end this adapter's {@code await} (a frame
     * arriving, a {@link #wakeup}) also calls {@code sleeper.wakeup()}. The default cannot (a TAP
     * device's readiness is a descriptor): it returns false and the loop then caps its sleep.
     *
     * @return whether this adapter will wake {@code sleeper}
     */
    default boolean wakeAlso(LinkAdapter sleeper) {
        return false;
    }

    /** Counters of what this adapter received, sent and dropped. */
    LinkStats stats();

    /** Releases the medium (for a TAP, the descriptor, so the device can be attached again). */
    @Override
    void close();
}
