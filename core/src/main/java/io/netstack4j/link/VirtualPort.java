package io.netstack4j.link;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.stats.DropReason;

import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One port of a {@link VirtualLan}: the LAN adapter of one stack plugged into the in-process
 * switch. Frames on their way to this port wait in its bounded receive ring (like a NIC's ring)
 * until the stack reads them; a frame that finds the ring full is dropped and counted
 * (QUEUE_FULL).
 *
 * <p>Two paths lead into the ring. <b>Fast</b>: a frame from a port without egress faults to a
 * port without ingress faults, while nothing is in flight to it, is copied straight into a slot of
 * the ring by the sending thread: no lock, no allocation. <b>Faulty</b>: otherwise the frame goes
 * through the fault injectors under the LAN's lock and waits "on the wire" (an in-flight heap
 * ordered by delivery time, then send order) until its delivery time, when it moves into the ring.
 *
 * <p>Changing faults at run time ({@link #setEgressFaults}, {@link #setIngressFaults}) keeps this
 * order: frames reach the ring in order of delivery time, and among equal times in the order they
 * were sent. A frame sent once a link is healed is due at once; while frames sent before the heal
 * are still in flight to the port it joins them in the heap, so it passes only frames that are due
 * later than it (as a frame sent on a faster path would), never one due earlier; the fast path
 * resumes once nothing is in flight to the port. (Frames sent concurrently by different threads
 * have no order but the ring's.)
 *
 * <p>Virtual time: the simulation passes {@code nowNanos}, and {@link #pollAt()} says when the
 * next frame falls due. Real time: the stack loop passes {@code System.nanoTime()}-based times,
 * caps its {@link #await} timeout with {@link #pollAt()}, and is unparked by frames that other
 * threads transmit to it and by {@link #wakeup()}; a sender unparks it only while it sleeps.
 */
public final class VirtualPort implements LinkAdapter {
    /** A frame in flight. */
    private record Pending(long deliverAt, long seq, byte[] frame) {
    }

    private final VirtualLan lan;
    private final String name;
    private final int mtu;
    private final int maxInFlight;
    final FaultInjector egress;
    final FaultInjector ingress;
    private final FrameRing ring;

    /** Guarded by the LAN's lock. */
    private final PriorityQueue<Pending> inFlight = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deliverAt, b.deliverAt);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    /** Guarded by the LAN's lock. */
    private long seq;
    /** {@code inFlight.size()}, readable without the lock. */
    private volatile int inFlightCount;
    private volatile boolean egressClean;
    private volatile boolean ingressClean;
    /** Sticky: a corruption fault has been configured on this direction (see {@link #capabilities()}). */
    boolean egressEverCorrupt;
    boolean ingressEverCorrupt;
    private volatile LinkCapabilities capabilities;

    /** The loop thread while it sleeps in {@link #await}, else null. */
    private volatile Thread waiter;
    /** Woken with this port ({@link #wakeAlso}), or null. */
    private volatile LinkAdapter alsoWake;
    private volatile boolean signalled;
    private volatile boolean closed;

    private final LinkStats stats = new LinkStats();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    VirtualPort(VirtualLan lan, String name, int mtu, int maxFrame, int rxCapacity, int maxInFlight, long seed,
                FaultConfig egressFaults, FaultConfig ingressFaults) {
        this.lan = lan;
        this.name = name;
        this.mtu = mtu;
        this.maxInFlight = maxInFlight;
        this.ring = new FrameRing(rxCapacity, maxFrame);
        FaultCounters counters = new FaultCounters() {
            @Override
            public void countInjectedLoss() {
                VirtualPort.this.countInjectedLoss();
            }

            @Override
            public void countDuplicated() {
                VirtualPort.this.countDuplicated();
            }

            @Override
            public void countCorrupted() {
                VirtualPort.this.countCorrupted();
            }

            @Override
            public void countReordered() {
                VirtualPort.this.countReordered();
            }

            @Override
            public void countDrop(DropReason reason) {
                VirtualPort.this.countDrop(reason);
            }
        };
        this.egress = new FaultInjector(counters, VirtualLan.mix(seed ^ 0x45L), egressFaults);
        this.ingress = new FaultInjector(counters, VirtualLan.mix(seed ^ 0x49L), ingressFaults);
        this.egressClean = egressFaults.isNone();
        this.ingressClean = ingressFaults.isNone();
        this.egressEverCorrupt = egressFaults.corrupt() > 0;
        this.ingressEverCorrupt = ingressFaults.corrupt() > 0;
        this.capabilities = LinkCapabilities.basic(mtu).withMaxFrameLength(maxFrame);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Frames up to {@code mtu + 18} bytes (room for an 802.1Q tag), batching (a burst of frames to
     * a sleeping port costs one unpark), no segmentation offload, and checksum offload when the
     * LAN has it on ({@link VirtualLan#checksumOffload()}) and the path cannot corrupt frames:
     * <ul>
     *   <li>receive ({@code rxChecksumVerified}): no corruption fault has ever been configured on
     *       this port's ingress nor on any other port's egress. The frames are then byte for byte
     *       what their in-JVM senders wrote, and need no verification;</li>
     *   <li>transmit ({@code txChecksumOffload}): every other port of the LAN has receive
     *       offload, so none of them verifies what this port sends.</li>
     * </ul>
     * The corruption condition is sticky: once such a fault has been configured, the offloads of
     * the ports it concerns stay off, even after the fault is removed (corrupted frames may still
     * be queued). A frame sent with a checksum left to the link and still queued when offload
     * turns off fails the receiver's verification: a loss, never a corrupted frame accepted. A
     * volatile read, no allocation.
     */
    @Override
    public LinkCapabilities capabilities() {
        return capabilities;
    }

    /** The LAN this port is plugged into. */
    public VirtualLan lan() {
        return lan;
    }

    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        if (signalled) {
            signalled = false;
        }
        if (closed) {
            return -1;
        }
        if (inFlightCount > 0) {
            lan.lock.lock();
            try {
                advance(nowNanos);
            } finally {
                lan.lock.unlock();
            }
        }
        // A frame is never handed out before its time, even if a sender's later clock has
        // already moved it into the ring.
        while (ring.ready() && ring.headTime() - nowNanos <= 0) {
            int len = ring.headLength();
            if (len > buf.length - off) {
                ring.skip();
                countDrop(DropReason.TRUNCATED);
                continue;
            }
            ring.take(buf, off);
            stats.rxFrames.incrementAndGet();
            stats.rxBytes.addAndGet(len);
            return len;
        }
        return -1;
    }

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        lan.transmit(this, frame, off, len, nowNanos);
    }

    /** A frame with data attached is gathered straight into the receiving port's ring when it can be. */
    @Override
    public void transmit(PacketBuffer frame, long nowNanos) {
        lan.transmit(this, frame, nowNanos);
    }

    /** Called by the port's own (loop) thread, as {@link #receive}. */
    @Override
    public long pollAt() {
        if (ring.ready()) {
            return ring.headTime();
        }
        if (inFlightCount == 0) {
            return NEVER;
        }
        lan.lock.lock();
        try {
            Pending p = inFlight.peek();
            return p == null ? NEVER : p.deliverAt;
        } finally {
            lan.lock.unlock();
        }
    }

    /**
     * Returns when a frame is sent to this port, {@link #wakeup()} is called, a frame is already
     * waiting in the receive ring, or the timeout passes. Frames still in flight do not end
     * the wait: the caller caps {@code timeoutNanos} with {@link #pollAt()}. Sleeps with
     * {@link LockSupport#parkNanos}; takes no lock.
     */
    @Override
    public void await(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos <= 0 || signalled || closed || ring.ready()) {
            signalled = false;
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        waiter = Thread.currentThread();
        try {
            // Pairs with wake(): this thread publishes itself, then looks; a sender publishes its
            // frame (a volatile write), then looks for a waiter. One of the two sees the other.
            while (!signalled && !closed && !ring.ready()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiter = null;
        }
        signalled = false;
    }

    @Override
    public void wakeup() {
        signalled = true;
        wake();
    }

    /** Unparks the loop if it sleeps in {@link #await} (or in the await of {@link #wakeAlso}'s adapter). */
    private void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        LinkAdapter also = alsoWake;
        if (also != null) {
            also.wakeup();
        }
    }

    @Override
    public boolean wakeAlso(LinkAdapter sleeper) {
        alsoWake = sleeper;
        return true;
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    /** Frames this port dropped for {@code reason}: INJECTED_LOSS, BANDWIDTH_LIMIT, QUEUE_FULL, BAD_LENGTH, TRUNCATED. */
    public long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** Frames its fault injectors duplicated (each counts once, for the extra copy). */
    public long duplicated() {
        return duplicated.get();
    }

    /** Frame copies its fault injectors corrupted. */
    public long corrupted() {
        return corrupted.get();
    }

    /** Frame copies its fault injectors held back to reorder them. */
    public long reordered() {
        return reordered.get();
    }

    /** The faults applied to frames this port sends. */
    public FaultConfig egressFaults() {
        lan.lock.lock();
        try {
            return egress.config();
        } finally {
            lan.lock.unlock();
        }
    }

    /** The faults applied to frames delivered to this port. */
    public FaultConfig ingressFaults() {
        lan.lock.lock();
        try {
            return ingress.config();
        } finally {
            lan.lock.unlock();
        }
    }

    /**
     * Changes the faults of frames this port sends from now on (for example to heal a link); see
     * the class comment for the order of frames around the change.
     */
    public void setEgressFaults(FaultConfig faults) {
        Objects.requireNonNull(faults);
        lan.lock.lock();
        try {
            egress.config(faults);
            egressClean = faults.isNone();
            egressEverCorrupt |= faults.corrupt() > 0;
            lan.updateCapabilities();
        } finally {
            lan.lock.unlock();
        }
    }

    /** Changes the faults of frames delivered to this port from now on. */
    public void setIngressFaults(FaultConfig faults) {
        Objects.requireNonNull(faults);
        lan.lock.lock();
        try {
            ingress.config(faults);
            ingressClean = faults.isNone();
            ingressEverCorrupt |= faults.corrupt() > 0;
            lan.updateCapabilities();
        } finally {
            lan.lock.unlock();
        }
    }

    /** Frames waiting: in flight to this port plus in its receive ring. Any thread. */
    public int pending() {
        return closed ? 0 : inFlightCount + ring.size();
    }

    /** Unplugs the port: it leaves the switch, its queues are emptied. Idempotent. */
    @Override
    public void close() {
        lan.detach(this);
    }

    boolean isClosed() {
        return closed;
    }

    /** Frames this port sends need no fault injection. */
    boolean egressClean() {
        return egressClean;
    }

    void capabilities(LinkCapabilities c) {
        capabilities = c;
    }

    /**
     * The fast path: copies a frame straight into the ring if nothing stands in its way (no
     * ingress faults, nothing in flight). Any thread, no lock.
     *
     * @return false if the frame must take the faulty path instead
     */
    boolean offerFast(byte[] frame, int off, int len, long now) {
        return offerFast(frame, off, len, null, now);
    }

    /** As above, the whole packet in {@code p} (window and attached data), gathered into the ring. */
    boolean offerFast(PacketBuffer p, long now) {
        return offerFast(p.array(), p.start(), p.totalLength(), p, now);
    }

    private boolean offerFast(byte[] frame, int off, int len, PacketBuffer gather, long now) {
        if (!ingressClean || inFlightCount != 0) {
            return false;
        }
        if (!closed) {
            if (gather != null ? ring.offer(gather, now) : ring.offer(frame, off, len, now)) {
                wake();
            } else {
                countDrop(DropReason.QUEUE_FULL);
            }
        }
        return true;
    }

    // ---- called by the LAN under its lock ----

    void markClosed() {
        closed = true;
        inFlight.clear();
        inFlightCount = 0;
        signalled = true;
        wake();
    }

    /** Puts a frame on the wire to this port, due at {@code deliverAt}; {@code now} is the sender's time. */
    void enqueue(byte[] frame, long deliverAt, long now) {
        if (closed) {
            return;
        }
        if (inFlight.size() >= maxInFlight) {
            countDrop(DropReason.QUEUE_FULL);
            return;
        }
        inFlight.add(new Pending(deliverAt, seq++, frame));
        inFlightCount = inFlight.size();
        advance(now);
        signalled = true;
        wake();
    }

    /** Moves the frames due at {@code now} from the wire into the bounded receive ring. */
    private void advance(long now) {
        Pending p;
        boolean moved = false;
        while ((p = inFlight.peek()) != null && p.deliverAt - now <= 0) {
            inFlight.poll();
            moved = true;
            if (!ring.offer(p.frame, 0, p.frame.length, p.deliverAt)) {
                countDrop(DropReason.QUEUE_FULL);
            }
        }
        if (moved) {
            // Only once the frames are in the ring: a fast sender that then sees nothing in
            // flight queues behind them.
            inFlightCount = inFlight.size();
        }
    }

    void countTransmitted(int len) {
        stats.txFrames.incrementAndGet();
        stats.txBytes.addAndGet(len);
    }

    /** A frame dropped for no protocol reason (sent on an unplugged port). */
    void countDropped() {
        stats.dropped.incrementAndGet();
    }

    void countDrop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
        stats.dropped.incrementAndGet();
    }

    void countInjectedLoss() {
        drops.incrementAndGet(DropReason.INJECTED_LOSS.ordinal());
        stats.injectedDrops.incrementAndGet();
    }

    void countDuplicated() {
        duplicated.incrementAndGet();
    }

    void countCorrupted() {
        corrupted.incrementAndGet();
    }

    void countReordered() {
        reordered.incrementAndGet();
    }

    @Override
    public String toString() {
        return "VirtualPort[" + name + ", " + stats + "]";
    }
}
