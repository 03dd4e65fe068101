/**
 * Packet buffers: {@link io.netstack4j.buffer.PacketBuffer}, a byte array with a data window and
 * headroom in front, so each layer pushes its header without a copy; {@link io.netstack4j.buffer.PacketPool},
 * the per-stack free list they come from; {@link io.netstack4j.buffer.LeakDetector}, the test-mode check
 * that every buffer taken from a pool is released or held by someone who says so.
 *
 * <p>gVisor's {@code PacketBuffer} and Netty's pooled {@code ByteBuf} are the models, without their
 * atomics: the loop thread that owns a stack owns its pool and every buffer taken from it. A buffer
 * has one owner at every moment; handing it to a call hands over the duty to release it (or to
 * keep it, counted, in a bounded queue).
 */
package io.netstack4j.buffer;
