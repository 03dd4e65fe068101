package io.netstack4j.iface;

import io.netstack4j.link.LinkAdapter;

/**
 * Where a stack's outgoing Ethernet frames go; {@code LinkAdapter::transmit} fits, and
 * {@link #of(LinkAdapter)} also passes on the frames the link is to cut up (TSO).
 *
 * <p>The frame lives in the stack's reusable transmit buffer: the sink must copy what it keeps
 * before returning, and must not call back into the stack.
 */
@FunctionalInterface
public interface FrameSink {
    /** Sends one whole frame (destination MAC first, no FCS) of {@code len} bytes at {@code off}. */
    void transmit(byte[] frame, int off, int len, long nowNanos);

    /**
     * Sends a frame holding a TCP segment for the link to cut into segments of {@code segmentSize}
     * payload bytes ({@link LinkAdapter#transmitSegmented}). A sink that is no link refuses it.
     *
     * @throws UnsupportedOperationException if the sink cannot segment
     */
    default void transmitSegmented(byte[] frame, int off, int len, int segmentSize, long nowNanos) {
        throw new UnsupportedOperationException("this frame sink offers no segmentation offload");
    }

    /** The sink that hands frames to {@code adapter}, segmentation offload included. */
    static FrameSink of(LinkAdapter adapter) {
        return new FrameSink() {
            @Override
            public void transmit(byte[] frame, int off, int len, long nowNanos) {
                adapter.transmit(frame, off, len, nowNanos);
            }

            @Override
            public void transmitSegmented(byte[] frame, int off, int len, int segmentSize, long nowNanos) {
                adapter.transmitSegmented(frame, off, len, segmentSize, nowNanos);
            }
        };
    }
}
