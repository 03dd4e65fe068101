package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
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
     * payload bytes ({@link LinkAdapter#transmitSegmented}); 0 sends it as it is. A sink that is no
     * link refuses a segment size.
     *
     * @throws UnsupportedOperationException if the sink cannot segment
     */
    default void transmitSegmented(byte[] frame, int off, int len, int segmentSize, long nowNanos) {
        if (segmentSize != 0) {
            throw new UnsupportedOperationException("this frame sink offers no segmentation offload");
        }
        transmit(frame, off, len, nowNanos);
    }

    /**
     * Sends the frame in {@code frame} (its window, then any data attached; cut up when it carries a
     * segment size), as {@link LinkAdapter#transmit(PacketBuffer, long)}; the caller releases it.
     * This default joins the pieces first.
     */
    default void transmit(PacketBuffer frame, long nowNanos) {
        PacketBuffer f = frame.flattened();
        transmitSegmented(f.array(), f.start(), f.length(), f.segmentSize(), nowNanos);
    }

    /** The sink that hands frames to {@code adapter}, segmentation offload and gathering included. */
    static FrameSink of(LinkAdapter adapter) {
        return new FrameSink() {
            @Override
            public void transmit(PacketBuffer frame, long nowNanos) {
                adapter.transmit(frame, nowNanos);
            }

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
