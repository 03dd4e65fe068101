package io.netstack4j.buffer;

import java.util.Objects;

/**
 * One packet's bytes: a fixed array and a data window {@code [start, end)} in it, with room in
 * front (the headroom) for the headers that lower layers push on the way out, and room behind for
 * a frame to be read in whole.
 *
 * <p>On the way in, a frame is read into the window and each layer {@link #advance}s past its
 * header, so the transport sees its own header at {@link #start()} and the IP header just before
 * it. On the way out, a transport writes its payload at {@link PacketPool#HEADROOM}, then each layer
 * {@link #prepend}s its header in front: no layer copies the payload.
 *
 * <p>Ownership: one owner at a time, never shared. Whoever holds a buffer either passes it on
 * (the callee then owns it), keeps it in a bounded, counted queue, or calls {@link #release()}.
 * Not thread-safe: a buffer moves between threads only through a structure that publishes it
 * safely (a ring with release/acquire indices).
 */
public final class PacketBuffer {
    private final byte[] array;
    /** The pool it returns to, or null for a buffer wrapping a caller's array. */
    private final PacketPool pool;
    private int start;
    private int end;
    /** True while in its pool's free list (so a second release is caught). */
    boolean free;
    /** Set by the LAN adapter when the link has verified this frame's checksums (receive offload). */
    private boolean checksumVerified;
    /** Payload bytes per segment when the link is to cut this TCP segment up (TSO), else 0. */
    private int segmentSize;
    /** Bytes that follow the window without being in it (one or two slices of this array), or null. */
    private byte[] attached;
    private int attachedOff;
    private int attachedLen;
    private int attachedOff2;
    private int attachedLen2;

    PacketBuffer(byte[] array, PacketPool pool) {
        this.array = array;
        this.pool = pool;
    }

    /**
     * A buffer over {@code len} bytes of {@code array} at {@code off}, belonging to no pool:
     * {@link #release()} does nothing. For datagrams that do not come from a pool (a reassembled
     * datagram, a test's bytes).
     */
    public static PacketBuffer wrap(byte[] array, int off, int len) {
        Objects.checkFromIndexSize(off, len, array.length);
        PacketBuffer b = new PacketBuffer(array, null);
        b.start = off;
        b.end = off + len;
        return b;
    }

    /** The backing array; valid bytes are {@code [start(), end())}. */
    public byte[] array() {
        return array;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int length() {
        return end - start;
    }

    public int capacity() {
        return array.length;
    }

    /** Bytes free in front of the window. */
    public int headroom() {
        return start;
    }

    /** Bytes free behind the window. */
    public int tailroom() {
        return array.length - end;
    }

    /** Sets the window. */
    public PacketBuffer window(int start, int end) {
        Objects.checkFromToIndex(start, end, array.length);
        this.start = start;
        this.end = end;
        return this;
    }

    /**
     * Grows the window {@code n} bytes to the front, for a header to be written there.
     *
     * @return the new {@link #start()}, where the header goes
     * @throws IllegalStateException if the headroom is smaller than {@code n}
     */
    public int prepend(int n) {
        if (n < 0 || n > start) {
            throw new IllegalStateException("no headroom for " + n + " bytes (" + start + " free)");
        }
        start -= n;
        return start;
    }

    /** Shrinks the window {@code n} bytes from the front (a header consumed). */
    public void advance(int n) {
        if (n < 0 || n > end - start) {
            throw new IllegalArgumentException("cannot advance " + n + " of " + (end - start) + " bytes");
        }
        start += n;
    }

    /** Keeps only the first {@code len} bytes of the window (padding beyond a length field dropped). */
    public void truncate(int len) {
        if (len < 0 || len > end - start) {
            throw new IllegalArgumentException("cannot truncate " + (end - start) + " bytes to " + len);
        }
        end = start + len;
    }

    /**
     * Grows the window {@code n} bytes at the end.
     *
     * @return where the new bytes start (the old {@link #end()})
     */
    public int append(int n) {
        if (n < 0 || n > array.length - end) {
            throw new IllegalStateException("no tailroom for " + n + " bytes (" + (array.length - end) + " free)");
        }
        int at = end;
        end += n;
        return at;
    }

    /** Whether the link verified this frame's checksums (see {@code LinkCapabilities}). */
    public boolean checksumVerified() {
        return checksumVerified;
    }

    public void checksumVerified(boolean v) {
        checksumVerified = v;
    }

    /**
     * Segmentation offload (TSO): the payload bytes per segment (the sender's MSS) when this buffer
     * holds a TCP segment larger than the link's MTU that the link is to cut into segments of that
     * size, else 0 (see {@code LinkCapabilities#maxSegmentationSize}).
     */
    public int segmentSize() {
        return segmentSize;
    }

    public void segmentSize(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("segment size negative: " + n);
        }
        segmentSize = n;
    }

    /** The pool this buffer returns to, or null. */
    public PacketPool pool() {
        return pool;
    }

    /**
     * Gives the buffer back to its pool; the caller must not touch it afterwards.
     *
     * @throws IllegalStateException if it was already released
     */
    public void release() {
        if (pool != null) {
            pool.recycle(this);
        }
    }

    // ---- attached data (gather) ----

    /**
     * Makes the packet go on with {@code len} bytes of {@code a} at {@code off}, then {@code len2}
     * at {@code off2} (a slice of a ring that wraps; {@code len2} 0 for none), without copying them
     * into this buffer: the packet is the window followed by those slices, as a NIC gathers a
     * header and a payload from two places. A TCP segment's data rides on the send ring this way
     * to the link, which copies it onto the medium (the segment's one copy after the one into the
     * ring). The slices must stay unchanged until the packet is transmitted or
     * {@link #linearize linearized}; whatever would keep the packet longer (a queue waiting for
     * ARP, a loopback delivery, fragmentation) linearizes it first.
     */
    public void attach(byte[] a, int off, int len, int off2, int len2) {
        Objects.checkFromIndexSize(off, len, a.length);
        Objects.checkFromIndexSize(off2, len2, a.length);
        attached = len + len2 == 0 ? null : a;
        attachedOff = off;
        attachedLen = len;
        attachedOff2 = off2;
        attachedLen2 = len2;
    }

    /** Whether data is attached behind the window ({@link #attach}). */
    public boolean hasAttachment() {
        return attached != null;
    }

    /** The array the attached slices are in, or null. */
    public byte[] attachedArray() {
        return attached;
    }

    public int attachedOffset() {
        return attachedOff;
    }

    public int attachedLength() {
        return attachedLen;
    }

    public int attachedOffset2() {
        return attachedOff2;
    }

    public int attachedLength2() {
        return attachedLen2;
    }

    /** The packet's whole length: the window and the attached slices. */
    public int totalLength() {
        return end - start + (attached == null ? 0 : attachedLen + attachedLen2);
    }

    /**
     * Copies the attached slices in behind the window, which grows over them, and forgets the
     * attachment. Nothing to do without one.
     *
     * @return false (and nothing changed) if the tailroom is too small: copy the packet into a
     *         larger buffer instead ({@link #copyTotalTo})
     */
    public boolean linearize() {
        if (attached == null) {
            return true;
        }
        if (attachedLen + attachedLen2 > array.length - end) {
            return false;
        }
        end = copyAttached(array, end);
        attached = null;
        return true;
    }

    /**
     * This buffer with the attached data copied in ({@link #linearize}), or, if its tailroom is too
     * small, a buffer of no pool over a new array holding the whole packet (and its segment size):
     * for a link that cannot gather. The caller still releases this one.
     */
    public PacketBuffer flattened() {
        if (linearize()) {
            return this;
        }
        byte[] whole = new byte[totalLength()];
        copyTotalTo(whole, 0);
        PacketBuffer b = wrap(whole, 0, whole.length);
        b.segmentSize = segmentSize;
        return b;
    }

    /** Copies the whole packet (window, then the attached slices) to {@code dst} at {@code at}; returns where it ended. */
    public int copyTotalTo(byte[] dst, int at) {
        System.arraycopy(array, start, dst, at, end - start);
        return attached == null ? at + end - start : copyAttached(dst, at + end - start);
    }

    private int copyAttached(byte[] dst, int at) {
        System.arraycopy(attached, attachedOff, dst, at, attachedLen);
        System.arraycopy(attached, attachedOff2, dst, at + attachedLen, attachedLen2);
        return at + attachedLen + attachedLen2;
    }

    void reset(int headroom) {
        start = headroom;
        end = headroom;
        checksumVerified = false;
        segmentSize = 0;
        attached = null;
    }

    @Override
    public String toString() {
        return "PacketBuffer[" + start + ".." + end + " of " + array.length + (free ? ", free" : "") + "]";
    }
}
