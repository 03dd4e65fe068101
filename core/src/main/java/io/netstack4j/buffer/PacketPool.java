package io.netstack4j.buffer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A stack's free list of {@link PacketBuffer}s of one size. {@link #acquire()} takes a buffer (a
 * new one only while the pool is still filling up), {@link PacketBuffer#release()} brings it back;
 * at most {@code maxFree} wait in the list, the rest are left to the garbage collector (counted).
 * In the steady state a packet's way through the stack allocates nothing.
 *
 * <p>Owned by one thread (the stack's loop): no locks, no atomics.
 *
 * <p>With {@link LeakDetector#ENABLED} (tests), the pool also remembers where each buffer not yet
 * released was acquired, and asks its {@link Holder}s which buffers they keep: a buffer that is
 * neither released nor held is a leak.
 */
public final class PacketPool {
    /**
     * Room in front of a payload for the headers pushed on the way out: a virtio-net header (12),
     * Ethernet (14), IPv4 with options (60), TCP with options (60), rounded up.
     */
    public static final int HEADROOM = 160;
    /** Room behind the largest frame (an 802.1Q tag, slack). */
    public static final int TAILROOM = 32;
    /** Ethernet header length. */
    private static final int ETHERNET_HEADER = 14;

    /** Someone who keeps buffers from this pool between calls (a queue, a ring). */
    @FunctionalInterface
    public interface Holder {
        /** Calls {@code c} with each buffer of the pool that it keeps now. */
        void forEachHeld(Consumer<PacketBuffer> c);
    }

    /** Stands for an acquire site when traces are not recorded. */
    private static final Throwable NO_TRACE = new Throwable(
            "acquire site not recorded: run with -Dnetstack4j.leakDetection=paranoid", null, false, false) { };

    private final String name;
    private final int bufferSize;
    private final PacketBuffer[] free;
    private int freeCount;
    private long allocated;
    private long acquired;
    private long released;
    private long discarded;
    private final Map<PacketBuffer, Throwable> outstanding;
    private Holder[] holders = new Holder[0];
    private Thread lastUser;

    /**
     * @param name       for messages ("alice")
     * @param bufferSize the array size of every buffer (at least {@link #HEADROOM} + 64)
     * @param maxFree    the most released buffers kept for reuse
     */
    public PacketPool(String name, int bufferSize, int maxFree) {
        this.name = Objects.requireNonNull(name, "name");
        if (bufferSize < HEADROOM + 64) {
            throw new IllegalArgumentException("buffer size below " + (HEADROOM + 64) + ": " + bufferSize);
        }
        if (maxFree < 0) {
            throw new IllegalArgumentException("maxFree negative: " + maxFree);
        }
        this.bufferSize = bufferSize;
        this.free = new PacketBuffer[maxFree];
        this.outstanding = LeakDetector.ENABLED ? new IdentityHashMap<>() : null;
        if (LeakDetector.ENABLED) {
            LeakDetector.register(this);
        }
    }

    /** A pool whose buffers hold a whole frame of a link with this MTU, with the headroom in front. */
    public static PacketPool forMtu(String name, int mtu, int maxFree) {
        return new PacketPool(name, bufferSizeFor(mtu), maxFree);
    }

    /** The buffer size for frames of a link with this MTU: headroom, Ethernet header, MTU, tailroom. */
    public static int bufferSizeFor(int mtu) {
        return HEADROOM + ETHERNET_HEADER + mtu + TAILROOM;
    }

    /** An empty buffer whose window starts at {@link #HEADROOM}. */
    public PacketBuffer acquire() {
        PacketBuffer b;
        if (freeCount > 0) {
            b = free[--freeCount];
            free[freeCount] = null;
            b.free = false;
        } else {
            b = new PacketBuffer(new byte[bufferSize], this);
            allocated++;
        }
        b.reset(HEADROOM);
        acquired++;
        if (outstanding != null) {
            outstanding.put(b, LeakDetector.PARANOID ? new Throwable("buffer acquired from pool " + name) : NO_TRACE);
            lastUser = Thread.currentThread();
        }
        return b;
    }

    /**
     * A buffer holding a copy of {@code len} bytes of {@code src} at {@code off}, at the same place
     * in the array as in the source when it is a buffer of this size (so headroom is kept).
     */
    public PacketBuffer copyOf(PacketBuffer src) {
        PacketBuffer b = acquire();
        int at = Math.min(src.start(), bufferSize - src.length());
        System.arraycopy(src.array(), src.start(), b.array(), at, src.length());
        b.window(at, at + src.length());
        return b;
    }

    void recycle(PacketBuffer b) {
        if (b.free) {
            throw new IllegalStateException("buffer released twice (pool " + name + ")");
        }
        released++;
        if (outstanding != null) {
            outstanding.remove(b);
            lastUser = Thread.currentThread();
        }
        if (freeCount < free.length) {
            b.free = true;
            free[freeCount++] = b;
        } else {
            discarded++;
        }
    }

    /** Registers a holder whose buffers the leak check must not call leaked. */
    public void addHolder(Holder h) {
        Objects.requireNonNull(h, "h");
        Holder[] a = java.util.Arrays.copyOf(holders, holders.length + 1);
        a[holders.length] = h;
        holders = a;
    }

    public void removeHolder(Holder h) {
        for (int i = 0; i < holders.length; i++) {
            if (holders[i] == h) {
                Holder[] a = new Holder[holders.length - 1];
                System.arraycopy(holders, 0, a, 0, i);
                System.arraycopy(holders, i + 1, a, i, holders.length - i - 1);
                holders = a;
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** Buffers acquired and not yet released: held by someone, or leaked. */
    public long outstanding() {
        return acquired - released;
    }

    /** Buffers created (the pool was empty); flat once the pool is warm. */
    public long allocated() {
        return allocated;
    }

    public long acquired() {
        return acquired;
    }

    public long released() {
        return released;
    }

    /** Released buffers not kept because the free list was full. */
    public long discarded() {
        return discarded;
    }

    /** Released buffers waiting for reuse. */
    public int freeCount() {
        return freeCount;
    }

    /** The thread that last took or gave back a buffer (leak detection only), or null. */
    Thread lastUser() {
        return lastUser;
    }

    /**
     * Buffers neither released nor held (leak detection only): each with where it was acquired.
     * Call it only when the pool's owner is not running.
     */
    Map<PacketBuffer, Throwable> leaks() {
        if (outstanding == null) {
            return Map.of();
        }
        Map<PacketBuffer, Throwable> left = new IdentityHashMap<>(outstanding);
        for (Holder h : holders) {
            h.forEachHeld(left::remove);
        }
        return left;
    }

    @Override
    public String toString() {
        return "PacketPool[" + name + ", " + bufferSize + " B, " + outstanding() + " out, " + freeCount + " free, "
                + allocated + " allocated]";
    }
}
