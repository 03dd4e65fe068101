package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.NetworkLayer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A connection's receive buffer (RFC 9293 §3.10.7.4, seventh step: "the data is moved into the
 * receive buffer"): the data that arrived in order, kept in the packet buffers they arrived in —
 * a queue of chunks, each a slice of one buffer — so the application's {@code read} copies each byte
 * once, from the frame into its array. A single-producer/single-consumer ring, as UDP's receive
 * queue: the loop thread appends chunks and publishes them with release stores; one consumer at a
 * time (an application thread, or the loop answering a waiting call; the socket's receive lock makes
 * them take turns) copies out and publishes how far it got. The consumer never touches the pool: a
 * chunk it has passed stays in its slot until the loop {@link #reclaim}s it.
 *
 * <p>A segment whose data fill less than a quarter of its buffer is not kept in it (a peer sending
 * one byte per segment would otherwise pin a whole frame per byte): its data are appended to the
 * last chunk if that is one of ours with room, else copied into a fresh buffer of our own that
 * becomes the last chunk. So the memory held is at most about four times the data, and the bulk
 * path, full-sized segments, copies nothing here. Only the last chunk may grow, and the consumer
 * only leaves a chunk for the next once a next exists.
 */
final class RecvQueue {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle PRODUCED;
    private static final VarHandle CONSUMED;
    private static final VarHandle LENS = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RecvQueue.class, "head", long.class);
            TAIL = l.findVarHandle(RecvQueue.class, "tail", long.class);
            PRODUCED = l.findVarHandle(RecvQueue.class, "produced", long.class);
            CONSUMED = l.findVarHandle(RecvQueue.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PacketBuffer[] bufs;
    private final int[] offs;
    private final int[] lens;
    /** The chunk's buffer is one we filled (small data were copied into it): more may be appended. */
    private final boolean[] ours;
    private final int mask;
    /** The chunk the consumer is in (written by the consumer, release). */
    @SuppressWarnings("unused") private long head;
    /** Chunks published (written by the producer, release). */
    @SuppressWarnings("unused") private long tail;
    /** Bytes published, ever (written by the producer, release). */
    @SuppressWarnings("unused") private long produced;
    /** Bytes consumed, ever (written by the consumer, release). */
    @SuppressWarnings("unused") private long consumed;
    /** Consumer only: bytes of the head chunk already taken. */
    private int headOff;
    /** Producer only: chunks below this have had their buffers released. */
    private long reclaimed;

    /** @param slots the most chunks held at once (rounded up to a power of two) */
    RecvQueue(int slots) {
        int n = Integer.highestOneBit(Math.max(2, slots) - 1) << 1;
        bufs = new PacketBuffer[n];
        offs = new int[n];
        lens = new int[n];
        ours = new boolean[n];
        mask = n - 1;
    }

    /** The slots a queue gets for a receive buffer of {@code bytes}: room for its segments even if they are small. */
    static int slotsFor(int bytes) {
        return Math.min(1 << 14, Math.max(64, bytes / 512));
    }

    /** Bytes waiting to be read; any thread. */
    int size() {
        return (int) ((long) PRODUCED.getAcquire(this) - (long) CONSUMED.getAcquire(this));
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Bytes that ever entered the queue; any thread. */
    long written() {
        return (long) PRODUCED.getAcquire(this);
    }

    // ---- producer (the loop) ----

    /**
     * Appends {@code len} bytes of the segment at {@code off} in {@code b}: the buffer itself when
     * the data fill a quarter of it or more ({@code kept} true; the queue owns it from here on),
     * else a copy ({@code kept} false: the caller keeps {@code b}).
     *
     * @return {@link #KEPT}, {@link #COPIED}, or {@link #FULL} when there is no slot left (nothing
     *         appended; the segment is dropped and the peer sends it again)
     */
    int add(PacketBuffer b, int off, int len, NetworkLayer pool) {
        if (len <= 0) {
            return COPIED;
        }
        if (len * 4 >= b.capacity()) {
            return keep(b, off, len);
        }
        long t = (long) TAIL.getOpaque(this);
        if (t > reclaimed) {
            int i = (int) ((t - 1) & mask);
            PacketBuffer last = bufs[i];
            int end = offs[i] + lens[i];
            if (ours[i] && last.capacity() - end >= len) {
                System.arraycopy(b.array(), off, last.array(), end, len);
                LENS.setRelease(lens, i, lens[i] + len);
                PRODUCED.setRelease(this, (long) PRODUCED.getOpaque(this) + len);
                return COPIED;
            }
        }
        if (!hasRoom()) {
            return FULL;
        }
        PacketBuffer own = pool.allocate();
        int at = own.start();
        if (own.capacity() - at < len) {
            own.release();   // more than a frame's worth in a large buffer (receive offload): keep that one
            return keep(b, off, len);
        }
        System.arraycopy(b.array(), off, own.array(), at, len);
        publish(own, at, len, true);
        return COPIED;
    }

    private int keep(PacketBuffer b, int off, int len) {
        if (!hasRoom()) {
            return FULL;
        }
        publish(b, off, len, false);
        return KEPT;
    }

    static final int KEPT = 0;
    static final int COPIED = 1;
    static final int FULL = 2;

    private boolean hasRoom() {
        reclaim();
        return (long) TAIL.getOpaque(this) - reclaimed <= mask;
    }

    private void publish(PacketBuffer b, int off, int len, boolean own) {
        long t = (long) TAIL.getOpaque(this);
        int i = (int) (t & mask);
        bufs[i] = b;
        offs[i] = off;
        ours[i] = own;
        LENS.setRelease(lens, i, len);
        TAIL.setRelease(this, t + 1);
        PRODUCED.setRelease(this, (long) PRODUCED.getOpaque(this) + len);
    }

    /** Gives back to the pool the buffers of the chunks the consumer has left behind. */
    void reclaim() {
        long h = (long) HEAD.getAcquire(this);
        for (long r = reclaimed; r < h; r++) {
            int i = (int) (r & mask);
            bufs[i].release();
            bufs[i] = null;
        }
        if (h > reclaimed) {
            reclaimed = h;
        }
    }

    /** Gives back every buffer; the queue is not used any more (no consumer may be in it: hold its lock). */
    void clear() {
        long t = (long) TAIL.getOpaque(this);
        for (long r = reclaimed; r < t; r++) {
            int i = (int) (r & mask);
            bufs[i].release();
            bufs[i] = null;
        }
        reclaimed = t;
    }

    /** The buffers held (for the leak detector); loop thread. */
    void forEachHeld(Consumer<PacketBuffer> c) {
        long t = (long) TAIL.getOpaque(this);
        for (long r = reclaimed; r < t; r++) {
            c.accept(bufs[(int) (r & mask)]);
        }
    }

    // ---- consumer (one at a time) ----

    /** Copies up to {@code len} bytes out, in order; returns how many. */
    int read(byte[] dst, int off, int len) {
        long t = (long) TAIL.getAcquire(this);
        long h = (long) HEAD.getOpaque(this);
        int ho = headOff;
        int n = 0;
        while (h < t) {
            int i = (int) (h & mask);
            int l = (int) LENS.getAcquire(lens, i);
            int k = Math.min(l - ho, len - n);
            if (k > 0) {
                System.arraycopy(bufs[i].array(), offs[i] + ho, dst, off + n, k);
                n += k;
                ho += k;
            }
            if (ho < l || h == t - 1) {
                break;   // the caller's array is full, or this is the last chunk (it may still grow)
            }
            h++;
            ho = 0;
        }
        return advance(h, ho, n);
    }

    /** Drops everything published so far (shut down for reading); returns how many bytes. */
    int skipAll() {
        long t = (long) TAIL.getAcquire(this);
        long p = (long) PRODUCED.getAcquire(this);
        int n = (int) (p - (long) CONSUMED.getOpaque(this));
        if (t == 0) {
            return 0;
        }
        long last = t - 1;
        return advance(last, (int) LENS.getAcquire(lens, (int) (last & mask)), n);
    }

    private int advance(long h, int ho, int n) {
        headOff = ho;
        HEAD.setRelease(this, h);
        if (n > 0) {
            CONSUMED.setRelease(this, (long) CONSUMED.getOpaque(this) + n);
        }
        return n;
    }
}
