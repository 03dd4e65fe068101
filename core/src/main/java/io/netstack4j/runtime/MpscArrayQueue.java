package io.netstack4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bounded, lock-free queue for many producers and one consumer: the loop's task queue (Netty's
 * event loops use such a queue for the same job). The algorithm is Dmitry Vyukov's bounded queue:
 * an array of slots, each with a sequence number that says whose turn it is.
 *
 * <ul>
 * <li>Slot {@code i} starts with sequence {@code i}. A producer that reads the producer index
 *     {@code p} may claim it when slot {@code p & mask} holds sequence {@code p}: it advances the
 *     index by a compare-and-set, stores its element, then publishes the slot with sequence
 *     {@code p + 1} (a release store). A sequence below {@code p} means the consumer has not yet
 *     emptied that slot one lap ago: the queue is full and {@link #offer} returns false.
 * <li>The consumer, at its index {@code c}, takes slot {@code c & mask} once its sequence is
 *     {@code c + 1} (an acquire load), clears it and hands the slot to the next lap with sequence
 *     {@code c + capacity}.
 * </ul>
 *
 * No locks, one compare-and-set per offer (retried only when producers collide), none per poll.
 * The producer index counts every element ever accepted, so {@link #offered()} costs nothing extra.
 *
 * <p>{@link #isEmpty()} compares the producer index, read with volatile semantics, with the
 * consumer's: a producer's successful compare-and-set (itself volatile) and a later volatile read
 * of a flag, against the consumer's volatile write of that flag and a later {@code isEmpty()},
 * form a Dekker pair — one of the two sides sees the other. {@link StackLoop}'s wake-up protocol
 * (the {@code parked} flag) relies on this. {@code isEmpty()} may say false for an element claimed
 * but not yet published; {@link #poll} then returns null for a moment, and the consumer tries again.
 *
 * <p>{@link #poll}, {@link #isEmpty} and {@link #drain} are for the single consumer only (one thread
 * at a time, with a happens-before edge between successive consumers, such as a thread join).
 */
public final class MpscArrayQueue<E> {
    private static final VarHandle PRODUCER;
    private static final VarHandle CONSUMER;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ELEM = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER = l.findVarHandle(MpscArrayQueue.class, "producerIndex", long.class);
            CONSUMER = l.findVarHandle(MpscArrayQueue.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final int mask;
    private final long[] sequences;
    private final Object[] elements;
    // Padding keeps the producers' hot index and the consumer's on separate cache lines.
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long producerIndex;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    /** Written by the consumer only (release), read by others for {@link #size()}. */
    private volatile long consumerIndex;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    /**
     * @param requestedCapacity at least 1; rounded up to a power of two (so a slot is found with a
     *                          mask) and to at least 2 (with one slot, a published sequence {@code p + 1}
     *                          would read as the next lap's "free"), at most 2^30
     */
    public MpscArrayQueue(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > 1 << 30) {
            throw new IllegalArgumentException("capacity out of range 1..2^30: " + requestedCapacity);
        }
        capacity = requestedCapacity <= 2 ? 2 : Integer.highestOneBit(requestedCapacity - 1) << 1;
        mask = capacity - 1;
        sequences = new long[capacity];
        elements = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        VarHandle.releaseFence();
    }

    /** The number of slots (the requested capacity rounded up to a power of two, at least 2). */
    public int capacity() {
        return capacity;
    }

    /**
     * Adds {@code e} at the tail. Any thread.
     *
     * @return false if the queue is full (nothing is added)
     */
    public boolean offer(E e) {
        Objects.requireNonNull(e, "element");
        long p = producerIndex;
        while (true) {
            int i = (int) p & mask;
            long seq = (long) SEQ.getAcquire(sequences, i);
            long dif = seq - p;
            if (dif == 0) {
                if (PRODUCER.compareAndSet(this, p, p + 1)) {
                    ELEM.set(elements, i, e);
                    SEQ.setRelease(sequences, i, p + 1);
                    return true;
                }
                p = producerIndex;
            } else if (dif < 0) {
                return false;   // the slot of one lap ago is still full
            } else {
                p = producerIndex;   // another producer took p; try the next index
            }
        }
    }

    /** Takes the head, or null if there is none (yet). Consumer only. */
    @SuppressWarnings("unchecked")
    public E poll() {
        long c = (long) CONSUMER.getOpaque(this);
        int i = (int) c & mask;
        long seq = (long) SEQ.getAcquire(sequences, i);
        if (seq != c + 1) {
            return null;   // empty, or claimed and not yet published
        }
        E e = (E) ELEM.get(elements, i);
        ELEM.set(elements, i, null);
        CONSUMER.setRelease(this, c + 1);
        SEQ.setRelease(sequences, i, c + capacity);
        return e;
    }

    /**
     * True if no element was accepted that the consumer has not taken. Consumer only; see the class
     * comment for the ordering it gives.
     */
    public boolean isEmpty() {
        return producerIndex == (long) CONSUMER.getOpaque(this);
    }

    /** About how many elements are queued (exact when producers and consumer are quiet). Any thread. */
    public int size() {
        long c = consumerIndex;
        long p = producerIndex;
        return (int) Math.max(0, Math.min(capacity, p - c));
    }

    /** Elements ever accepted by {@link #offer}. Any thread. */
    public long offered() {
        return producerIndex;
    }

    /**
     * Takes every element published so far, oldest first, and gives each to {@code sink}. Consumer
     * only.
     *
     * @return how many were taken
     */
    public int drain(Consumer<? super E> sink) {
        int n = 0;
        for (E e = poll(); e != null; e = poll()) {
            sink.accept(e);
            n++;
        }
        return n;
    }
}
