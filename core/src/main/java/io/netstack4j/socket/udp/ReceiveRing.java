package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.wire.Ipv4Address;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * An endpoint's receive queue: a bounded single-producer/single-consumer ring between the loop
 * thread, which {@link #offer}s each datagram in the packet buffer it arrived in (no copy), and one
 * consumer — an application thread, or the loop itself — which copies a datagram out
 * ({@link #take(byte[], int, int)}) and moves on. Indices are published with release stores and
 * read with acquire loads, as Seastar's and io_uring's rings do; neither side takes a lock.
 *
 * <p>The consumer never touches the pool: a buffer it has finished with stays in its slot until the
 * loop {@link #reclaim}s it (at its next offer, or when polled). One consumer at a time: the socket
 * library serialises application threads on a socket.
 */
public final class ReceiveRing {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle CONSUMED_BYTES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(ReceiveRing.class, "head", long.class);
            TAIL = l.findVarHandle(ReceiveRing.class, "tail", long.class);
            CONSUMED_BYTES = l.findVarHandle(ReceiveRing.class, "consumedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final int mask;
    private final PacketBuffer[] buffers;
    private final int[] source;
    private final int[] sourcePort;
    private final int[] destination;
    private final int[] destinationPort;
    /** Next slot the consumer takes (written by the consumer, release). */
    @SuppressWarnings("unused") private volatile long head;
    /** Next slot the producer fills (written by the producer, release). */
    @SuppressWarnings("unused") private volatile long tail;
    /** Payload bytes the consumer has taken, ever (written by the consumer, release). */
    @SuppressWarnings("unused") private volatile long consumedBytes;
    /** Producer only: slots below this have had their buffers released. */
    private long reclaimed;
    /** Producer only: payload bytes offered, ever. */
    private long offeredBytes;

    /** @param capacity the most datagrams queued (rounded up to a power of two for the ring) */
    public ReceiveRing(int capacity) {
        if (capacity < 1 || capacity > 1 << 20) {
            throw new IllegalArgumentException("capacity out of range 1..2^20: " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.bitCount(capacity) == 1 ? capacity : Integer.highestOneBit(capacity) << 1;
        this.mask = size - 1;
        buffers = new PacketBuffer[size];
        source = new int[size];
        sourcePort = new int[size];
        destination = new int[size];
        destinationPort = new int[size];
    }

    // ---- producer: the loop thread ----

    /**
     * Queues a datagram: its payload is the window of {@code payload}, which the ring keeps.
     *
     * @param byteLimit the most payload bytes that may be queued, this datagram included
     * @return false (nothing kept: the caller still owns {@code payload}) when the ring holds
     *         {@code capacity} datagrams or the bytes would pass {@code byteLimit}
     */
    public boolean offer(PacketBuffer payload, int src, int srcPort, int dst, int dstPort, long byteLimit) {
        reclaim();
        long t = tail;   // only this thread writes it
        long h = (long) HEAD.getAcquire(this);
        if (t - h >= capacity || t - reclaimed > mask) {
            return false;
        }
        long queued = offeredBytes - (long) CONSUMED_BYTES.getAcquire(this);
        if (queued + payload.length() > byteLimit) {
            return false;
        }
        int i = (int) t & mask;
        buffers[i] = payload;
        source[i] = src;
        sourcePort[i] = srcPort;
        destination[i] = dst;
        destinationPort[i] = dstPort;
        offeredBytes += payload.length();
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Releases the buffers of the datagrams the consumer has finished with. Producer only. */
    public void reclaim() {
        long h = (long) HEAD.getAcquire(this);
        for (long r = reclaimed; r < h; r++) {
            int i = (int) r & mask;
            buffers[i].release();
            buffers[i] = null;
        }
        reclaimed = h;
    }

    /**
     * Releases every buffer, taken or not (the endpoint closes). Producer only, and only while no
     * consumer is inside {@link #take} (the socket library holds its receive lock).
     */
    public void clear() {
        long t = tail;
        for (long r = reclaimed; r < t; r++) {
            int i = (int) r & mask;
            buffers[i].release();
            buffers[i] = null;
        }
        reclaimed = t;
        CONSUMED_BYTES.setRelease(this, offeredBytes);
        HEAD.setRelease(this, t);
    }

    /** Calls {@code c} with every buffer the ring holds, taken or not (the leak check). Producer only. */
    public void forEachHeld(Consumer<PacketBuffer> c) {
        for (long r = reclaimed; r < tail; r++) {
            c.accept(buffers[(int) r & mask]);
        }
    }

    // ---- either side ----

    /** Datagrams waiting. */
    public int size() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }

    public boolean isEmpty() {
        return (long) TAIL.getAcquire(this) == (long) HEAD.getAcquire(this);
    }

    /** Payload bytes waiting (exact on the producer's side, a lower bound elsewhere). */
    public long bytes() {
        return offeredBytes - (long) CONSUMED_BYTES.getAcquire(this);
    }

    public int capacity() {
        return capacity;
    }

    // ---- consumer: one thread at a time ----

    /** The length of the next datagram, or -1 if none. */
    public int peekLength() {
        long h = head;
        if (h == (long) TAIL.getAcquire(this)) {
            return -1;
        }
        return buffers[(int) h & mask].length();
    }

    /** The next datagram's sender (call after {@link #peekLength} found one). */
    public int peekSource() {
        return source[(int) head & mask];
    }

    public int peekSourcePort() {
        return sourcePort[(int) head & mask];
    }

    /**
     * Copies the next datagram into {@code b} (at most {@code len} bytes: POSIX discards the rest of
     * a datagram) and takes it off the ring.
     *
     * @return the bytes copied, or -1 if the ring is empty
     */
    public int take(byte[] b, int off, int len) {
        long h = head;
        if (h == (long) TAIL.getAcquire(this)) {
            return -1;
        }
        PacketBuffer p = buffers[(int) h & mask];
        int n = Math.min(len, p.length());
        System.arraycopy(p.array(), p.start(), b, off, n);
        advance(h, p.length());
        return n;
    }

    /** Takes the next datagram as a value with a copy of its payload, or null if none. */
    public UdpDatagram takeDatagram() {
        long h = head;
        if (h == (long) TAIL.getAcquire(this)) {
            return null;
        }
        int i = (int) h & mask;
        PacketBuffer p = buffers[i];
        byte[] data = new byte[p.length()];
        System.arraycopy(p.array(), p.start(), data, 0, data.length);
        UdpDatagram d = new UdpDatagram(new Ipv4Address(source[i]), sourcePort[i], new Ipv4Address(destination[i]),
                destinationPort[i], data);
        advance(h, data.length);
        return d;
    }

    private void advance(long h, int len) {
        CONSUMED_BYTES.setRelease(this, consumedBytes + len);
        HEAD.setRelease(this, h + 1);
    }
}
