package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An endpoint's send queue for application threads: a bounded single-producer/single-consumer ring
 * from one application thread (the producer, serialised by the socket library) to the loop thread.
 * Each slot always holds an empty packet buffer from the stack's pool, put there by the loop: the
 * application copies its payload straight into the slot's buffer behind the headroom (the one copy
 * of the datagram's way out) and publishes it; the loop takes the buffer out, pushes the UDP, IP and
 * Ethernet headers in front and sends it, and puts a fresh buffer in the slot before it publishes
 * the slot as free again. The application never touches the pool.
 */
public final class SendRing {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SendRing.class, "head", long.class);
            TAIL = l.findVarHandle(SendRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Takes a datagram out of the ring: its payload is the window of {@code p}, which the sink owns. */
    @FunctionalInterface
    public interface Sink {
        void send(PacketBuffer p, int dst, int dstPort);
    }

    private final int mask;
    private final PacketBuffer[] buffers;
    private final int[] destination;
    private final int[] destinationPort;
    /** Next slot the loop sends (written by the loop, release). */
    @SuppressWarnings("unused") private volatile long head;
    /** Next slot the application fills (written by the application, release). */
    @SuppressWarnings("unused") private volatile long tail;
    /** The largest payload a slot's buffer takes. */
    private final int maxPayload;

    /**
     * Makes the ring and fills every slot from {@code allocate}. Loop thread.
     *
     * @param capacity   slots, a power of two
     * @param headerRoom bytes left free in front of the payload for the headers (UDP's 8 included)
     */
    public SendRing(int capacity, Supplier<PacketBuffer> allocate, int headerRoom) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        buffers = new PacketBuffer[capacity];
        destination = new int[capacity];
        destinationPort = new int[capacity];
        int max = Integer.MAX_VALUE;
        for (int i = 0; i < capacity; i++) {
            PacketBuffer p = allocate.get();
            p.window(headerRoom, headerRoom);
            buffers[i] = p;
            max = Math.min(max, p.tailroom());
        }
        maxPayload = max;
    }

    /** The largest payload one slot takes. */
    public int maxPayload() {
        return maxPayload;
    }

    // ---- producer: one application thread at a time ----

    /**
     * Copies a datagram into the next free slot and publishes it.
     *
     * @return true if queued; false if the ring is full (the loop has not sent the earlier ones yet)
     * @throws IllegalArgumentException if {@code len} is above {@link #maxPayload()}
     */
    public boolean offer(byte[] b, int off, int len, int dst, int dstPort) {
        if (len > maxPayload) {
            throw new IllegalArgumentException("datagram of " + len + " bytes, a slot takes " + maxPayload);
        }
        long t = tail;
        if (t - (long) HEAD.getAcquire(this) > mask) {
            return false;
        }
        int i = (int) t & mask;
        PacketBuffer p = buffers[i];
        int at = p.start();
        p.window(at, at + len);
        System.arraycopy(b, off, p.array(), at, len);
        destination[i] = dst;
        destinationPort[i] = dstPort;
        // A volatile store, not just a release: with the endpoint's scheduled flag it forms the
        // store-then-load handshake that keeps a datagram from being left unsent (see drain).
        tail = t + 1;
        return true;
    }

    /** Whether the ring has no free slot (seen from the producer). */
    public boolean isFull() {
        return (long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this) > mask;
    }

    // ---- consumer: the loop thread ----

    public boolean isEmpty() {
        return (long) HEAD.getAcquire(this) == (long) TAIL.getAcquire(this);
    }

    /**
     * Sends every published datagram through {@code sink}, refilling each slot from {@code allocate}
     * before freeing it. Returns how many were sent.
     */
    public int drain(Sink sink, Supplier<PacketBuffer> allocate, int headerRoom) {
        long h = head;
        long t = tail;   // volatile load, after the caller cleared the scheduled flag
        int n = 0;
        for (; h < t; h++, n++) {
            int i = (int) h & mask;
            PacketBuffer p = buffers[i];
            PacketBuffer fresh = allocate.get();
            fresh.window(headerRoom, headerRoom);
            buffers[i] = fresh;
            int dst = destination[i];
            int port = destinationPort[i];
            HEAD.setRelease(this, h + 1);
            sink.send(p, dst, port);
        }
        return n;
    }

    /** Releases every slot's buffer (the endpoint closes; no producer may be inside {@link #offer}). */
    public void close() {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                buffers[i].release();
                buffers[i] = null;
            }
        }
    }

    /** The buffers in the slots (the leak check). Loop thread. */
    public void forEachHeld(Consumer<PacketBuffer> c) {
        for (PacketBuffer p : buffers) {
            if (p != null) {
                c.accept(p);
            }
        }
    }
}
