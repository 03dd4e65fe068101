package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A byte ring with one producer and one consumer, which may be two threads (an application thread
 * and the loop): the send buffer (the application writes, the loop reads segments out of it and
 * frees what is acknowledged) and the receive buffer (the loop writes what arrives in order, the
 * application reads). Positions are 64-bit counts that only grow; the producer publishes
 * {@code tail} with a release store after copying, the consumer publishes {@code head} the same way,
 * and each reads the other's with an acquire load (the Seastar/io_uring ring pattern).
 *
 * <p>The producer may also write past {@code tail} into free space without publishing it
 * ({@link #writeAt}): out-of-order data waiting for a hole to fill (RFC 9293 §3.10.7.4, seventh
 * step: "segments with higher beginning sequence numbers ... may be held").
 */
final class ByteRing {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(ByteRing.class, "head", long.class);
            TAIL = l.findVarHandle(ByteRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private byte[] buf;
    /** The most the ring may grow to (the socket's buffer size). */
    private final int limit;
    @SuppressWarnings("unused")
    private long head;
    @SuppressWarnings("unused")
    private long tail;

    /** A ring of {@code limit} bytes at most, whose array starts small and grows as it fills ({@link #grow}). */
    ByteRing(int limit) {
        this(Math.min(limit, INITIAL), limit);
    }

    ByteRing(int initial, int limit) {
        this(new byte[initial], limit);
    }

    /** A ring of {@code limit} bytes at most whose array comes from {@code arrays} ({@link #release}). */
    ByteRing(int limit, RingArrays arrays) {
        this(arrays.take(Math.min(limit, INITIAL)), limit);
    }

    private ByteRing(byte[] initial, int limit) {
        this.buf = initial;
        this.limit = limit;
    }

    /** Gives the array to {@code arrays} for another ring; the ring is not used any more. */
    void release(RingArrays arrays) {
        arrays.give(buf);
        buf = null;
    }

    /** The array a new ring starts with: a few segments, so an idle or lightly used socket holds little. */
    static final int INITIAL = 4096;

    /** The array's size now (at most {@link #limit()}). */
    int capacity() {
        return buf.length;
    }

    /** The size the ring may grow to. */
    int limit() {
        return limit;
    }

    /** Bytes between head and tail; any thread. */
    int size() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }

    /** Free bytes in the array as it is now; any thread. */
    int free() {
        return buf.length - size();
    }

    /** Free bytes once grown to its limit. */
    int freeAtLimit() {
        return limit - size();
    }

    /**
     * Grows the array (doubling) until it holds {@code needed} bytes from the head, up to the limit,
     * keeping every byte in place by position, past the tail too (out-of-order data). Only with both
     * ends excluded: the caller is one end and holds the other's lock.
     */
    void grow(int needed) {
        grow(needed, null);
    }

    /** As {@link #grow(int)}, the new array taken from {@code arrays} and the old one given back to it (if not null). */
    void grow(int needed, RingArrays arrays) {
        int n = buf.length;
        if (needed <= n) {
            return;
        }
        while (n < needed && n < limit) {
            n = (int) Math.min((long) n * 2, limit);
        }
        byte[] old = buf;
        byte[] grown = arrays != null ? arrays.take(n) : new byte[n];
        long head = (long) HEAD.getOpaque(this);
        for (int i = 0; i < old.length; ) {   // every old byte, by position from the head
            int from = (int) ((head + i) % old.length);
            int to = (int) ((head + i) % n);
            int run = Math.min(Math.min(old.length - from, n - to), old.length - i);
            System.arraycopy(old, from, grown, to, run);
            i += run;
        }
        buf = grown;
        if (arrays != null) {
            arrays.give(old);
        }
    }

    /** How many bytes ever entered the ring (the tail's position); any thread. */
    long written() {
        return (long) TAIL.getAcquire(this);
    }

    boolean isEmpty() {
        return size() == 0;
    }

    // ---- producer ----

    /** Copies up to {@code len} bytes in at the tail and publishes them; returns how many. */
    int write(byte[] b, int off, int len) {
        int n = Math.min(len, free());
        if (n > 0) {
            writeAt(0, b, off, n);
            publish(n);
        }
        return n;
    }

    /** Copies {@code len} bytes to {@code offset} bytes past the tail, without publishing (the caller checked room). */
    void writeAt(int offset, byte[] b, int off, int len) {
        int pos = (int) (((long) TAIL.getOpaque(this) + offset) % buf.length);
        int first = Math.min(len, buf.length - pos);
        System.arraycopy(b, off, buf, pos, first);
        if (first < len) {
            System.arraycopy(b, off + first, buf, 0, len - first);
        }
    }

    /** Makes {@code n} more bytes at the tail visible to the consumer. */
    void publish(int n) {
        TAIL.setRelease(this, (long) TAIL.getOpaque(this) + n);
    }

    // ---- consumer ----

    /** Copies {@code len} bytes starting {@code offset} past the head into {@code dst} (they must be there). */
    void peek(int offset, byte[] dst, int dstOff, int len) {
        int pos = (int) (((long) HEAD.getOpaque(this) + offset) % buf.length);
        int first = Math.min(len, buf.length - pos);
        System.arraycopy(buf, pos, dst, dstOff, first);
        if (first < len) {
            System.arraycopy(buf, 0, dst, dstOff + first, len - first);
        }
    }

    /**
     * Attaches the {@code len} bytes starting {@code offset} past the head to {@code p}, as one slice
     * of the array or two where they wrap (they must be there): the packet carries them to the link
     * without a copy ({@link PacketBuffer#attach}). They stay in place until the consumer frees them,
     * and the array is only replaced ({@link #grow}) by the loop, which also transmits the packet.
     */
    void attachTo(PacketBuffer p, int offset, int len) {
        int pos = (int) (((long) HEAD.getOpaque(this) + offset) % buf.length);
        int first = Math.min(len, buf.length - pos);
        p.attach(buf, pos, first, 0, len - first);
    }

    /** Copies up to {@code len} bytes out from the head and frees them; returns how many. */
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size());
        if (n > 0) {
            peek(0, dst, off, n);
            skip(n);
        }
        return n;
    }

    /** Frees {@code n} bytes at the head. */
    void skip(int n) {
        HEAD.setRelease(this, (long) HEAD.getOpaque(this) + n);
    }
}
