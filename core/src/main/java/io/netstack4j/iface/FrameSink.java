package io.netstack4j.iface;

/**
 * Where a stack's outgoing Ethernet frames go; {@code LinkAdapter::transmit} fits.
 *
 * <p>The frame lives in the stack's reusable transmit buffer: the sink must copy what it keeps
 * before returning, and must not call back into the stack.
 */
@FunctionalInterface
public interface FrameSink {
    /** Sends one whole frame (destination MAC first, no FCS) of {@code len} bytes at {@code off}. */
    void transmit(byte[] frame, int off, int len, long nowNanos);
}
