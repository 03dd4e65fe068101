package io.netstack4j.link;

import io.netstack4j.buffer.PacketBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The receive queue of one {@link VirtualPort}: a bounded, lock-free ring of frame slots with many
 * producers (the threads that transmit towards the port) and one consumer (the port's loop), like
 * a NIC's receive ring. A producer copies the frame into a slot, the consumer copies it out; the
 * slot's array is kept and reused, so a frame costs no allocation once the slots have grown to the
 * sizes the traffic needs (each slot's array is allocated when it is first used, at 2 KiB or the
 * next power of two above the frame, at most the LAN's largest frame: a few growths per slot at
 * most, none in steady state).
 *
 * <p>The algorithm is Dmitry Vyukov's bounded queue: each slot carries a sequence number. A
 * producer claims position {@code p} by a compare-and-set of the tail once slot {@code p % n}
 * says {@code p} (free for that lap), fills it and publishes {@code p + 1}; the consumer takes
 * position {@code p} once its slot says {@code p + 1} and frees it for the next lap by writing
 * {@code p + n}. A slot still holding the previous lap's frame means the ring is full: the
 * producer gives up at once (the caller drops and counts, QUEUE_FULL). FIFO in claim order.
 *
 * <p>The publishing write is volatile, so a producer that publishes and then finds no sleeping
 * consumer cannot miss one that registered itself before looking at the ring
 * ({@link VirtualPort#await}).
 */
final class FrameRing extends FrameRingTail {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final int MIN_SLOT = 2048;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(FrameRing.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final int maxFrame;
    private final long[] sequence;
    private final byte[][] frames;
    private final int[] lengths;
    private final long[] times;
    /** The next position the consumer takes; written by the consumer only. */
    private long head;

    FrameRing(int capacity, int maxFrame) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring must hold at least one frame: " + capacity);
        }
        this.capacity = capacity;
        this.maxFrame = maxFrame;
        this.sequence = new long[capacity];
        this.frames = new byte[capacity][];
        this.lengths = new int[capacity];
        this.times = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        VarHandle.releaseFence();
    }

    private int index(long pos) {
        return (int) (pos % capacity);
    }

    /**
     * Copies {@code len} bytes of {@code src} into the ring, due at {@code time}. Any thread.
     *
     * @return false if the ring is full (nothing copied)
     */
    boolean offer(byte[] src, int off, int len, long time) {
        return offer(src, off, len, null, time);
    }

    /**
     * Copies the whole packet in {@code p} (its window, then the data attached to it) into the ring,
     * due at {@code time}: the gathered frame's one copy. Any thread.
     *
     * @return false if the ring is full (nothing copied)
     */
    boolean offer(PacketBuffer p, long time) {
        return offer(p.array(), p.start(), p.totalLength(), p, time);
    }

    /** Into a free slot: {@code len} bytes of {@code src}, or the whole of {@code gather} if not null. */
    private boolean offer(byte[] src, int off, int len, PacketBuffer gather, long time) {
        long pos = tail();
        int i;
        for (;;) {
            i = index(pos);
            long dif = (long) SEQ.getAcquire(sequence, i) - pos;
            if (dif == 0) {
                if (casTail(pos, pos + 1)) {
                    break;
                }
                pos = tail();
            } else if (dif < 0) {
                return false;          // the slot still holds the frame of the previous lap
            } else {
                pos = tail();          // another producer took this position
            }
        }
        byte[] slot = frames[i];
        if (slot == null || slot.length < len) {
            slot = new byte[slotSize(len)];
            frames[i] = slot;
        }
        if (gather != null) {
            gather.copyTotalTo(slot, 0);
        } else {
            System.arraycopy(src, off, slot, 0, len);
        }
        lengths[i] = len;
        times[i] = time;
        SEQ.setVolatile(sequence, i, pos + 1);
        return true;
    }

    private int slotSize(int len) {
        int size = len <= MIN_SLOT ? MIN_SLOT : Integer.highestOneBit(len - 1) << 1;
        return Math.max(len, Math.min(size, maxFrame));
    }

    /** True if the frame at the head is published (consumer; or anyone, as a hint). */
    boolean ready() {
        long pos = (long) HEAD.getOpaque(this);
        return (long) SEQ.getVolatile(sequence, index(pos)) == pos + 1;
    }

    /** The due time of the head frame; only after {@link #ready()} said true (consumer). */
    long headTime() {
        return times[index(head)];
    }

    /** The length of the head frame; only after {@link #ready()} said true (consumer). */
    int headLength() {
        return lengths[index(head)];
    }

    /** Copies the head frame to {@code dst} at {@code off} and frees its slot (consumer). */
    void take(byte[] dst, int off) {
        int i = index(head);
        System.arraycopy(frames[i], 0, dst, off, lengths[i]);
        skip();
    }

    /** Frees the head slot without copying it (consumer). */
    void skip() {
        long pos = head;
        SEQ.setRelease(sequence, index(pos), pos + capacity);
        HEAD.setOpaque(this, pos + 1);
    }

    /** Frames claimed and not yet taken (any thread; exact when the ring is quiet). */
    int size() {
        long n = tail() - (long) HEAD.getOpaque(this);
        return (int) Math.max(0, Math.min(n, capacity));
    }
}

/** Padding so the producers' tail does not share a cache line with the consumer's fields. */
abstract class FrameRingPad {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The producers' tail, between two paddings. */
abstract class FrameRingTail extends FrameRingPad {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(FrameRingTail.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long tail;
    long q01, q02, q03, q04, q05, q06, q07, q08;

    final long tail() {
        return tail;
    }

    final boolean casTail(long expect, long update) {
        return TAIL.compareAndSet(this, expect, update);
    }
}
