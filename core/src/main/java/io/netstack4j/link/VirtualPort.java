package io.netstack4j.link;

import io.netstack4j.stats.DropReason;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;

/**
 * One port of a {@link VirtualLan}: the LAN adapter of one stack plugged into the in-process
 * switch. Frames on their way to this port wait "on the wire" until their delivery time,
 * then in a bounded receive queue (like a NIC's ring) until the stack reads them; a frame that
 * falls due while the receive queue is full is dropped and counted.
 *
 * <p>Virtual time: the simulation passes {@code nowNanos}, and {@link #pollAt()} says when the
 * next frame falls due. Real time: the stack loop passes {@code System.nanoTime()}-based times,
 * caps its {@link #await} timeout with {@link #pollAt()}, and is woken by frames that other
 * threads transmit to it and by {@link #wakeup()}.
 */
public final class VirtualPort implements LinkAdapter {
    /** A frame in flight or queued. */
    private record Pending(long deliverAt, long seq, byte[] frame) {
    }

    private final VirtualLan lan;
    private final String name;
    private final int mtu;
    private final int rxCapacity;
    private final int maxInFlight;
    final FaultInjector egress;
    final FaultInjector ingress;

    private final PriorityQueue<Pending> inFlight = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deliverAt, b.deliverAt);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final ArrayDeque<Pending> rxQueue = new ArrayDeque<>();
    private final Condition ready;
    private boolean signalled;
    private boolean closed;
    private long seq;

    private final LinkStats stats = new LinkStats();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    VirtualPort(VirtualLan lan, String name, int mtu, int rxCapacity, int maxInFlight, long seed,
                FaultConfig egressFaults, FaultConfig ingressFaults) {
        this.lan = lan;
        this.name = name;
        this.mtu = mtu;
        this.rxCapacity = rxCapacity;
        this.maxInFlight = maxInFlight;
        this.ready = lan.lock.newCondition();
        this.egress = new FaultInjector(this, VirtualLan.mix(seed ^ 0x45L), egressFaults);
        this.ingress = new FaultInjector(this, VirtualLan.mix(seed ^ 0x49L), ingressFaults);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** The LAN this port is plugged into. */
    public VirtualLan lan() {
        return lan;
    }

    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        lan.lock.lock();
        try {
            signalled = false;
            advance(nowNanos);
            Pending p;
            // A frame is never handed out before its time, even if a sender's later clock has
            // already moved it into the receive queue.
            while ((p = rxQueue.peek()) != null && p.deliverAt - nowNanos <= 0) {
                rxQueue.poll();
                int len = p.frame.length;
                if (len > buf.length - off) {
                    countDrop(DropReason.TRUNCATED);
                    continue;
                }
                System.arraycopy(p.frame, 0, buf, off, len);
                stats.rxFrames.incrementAndGet();
                stats.rxBytes.addAndGet(len);
                return len;
            }
            return -1;
        } finally {
            lan.lock.unlock();
        }
    }

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        lan.transmit(this, frame, off, len, nowNanos);
    }

    @Override
    public long pollAt() {
        lan.lock.lock();
        try {
            Pending p = rxQueue.peek();
            if (p == null) {
                p = inFlight.peek();
            }
            return p == null ? NEVER : p.deliverAt;
        } finally {
            lan.lock.unlock();
        }
    }

    /**
     * Returns when a frame is sent to this port, {@link #wakeup()} is called, a frame is already
     * waiting in the receive queue, or the timeout passes. Frames still in flight do not end
     * the wait: the caller caps {@code timeoutNanos} with {@link #pollAt()}.
     */
    @Override
    public void await(long timeoutNanos) throws InterruptedException {
        lan.lock.lock();
        try {
            long left = timeoutNanos;
            while (!signalled && rxQueue.isEmpty() && !closed && left > 0) {
                left = ready.awaitNanos(left);
            }
            signalled = false;
        } finally {
            lan.lock.unlock();
        }
    }

    @Override
    public void wakeup() {
        lan.lock.lock();
        try {
            signalled = true;
            ready.signalAll();
        } finally {
            lan.lock.unlock();
        }
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

    /** Changes the faults of frames this port sends from now on (for example to heal a link). */
    public void setEgressFaults(FaultConfig faults) {
        lan.lock.lock();
        try {
            egress.config(java.util.Objects.requireNonNull(faults));
        } finally {
            lan.lock.unlock();
        }
    }

    /** Changes the faults of frames delivered to this port from now on. */
    public void setIngressFaults(FaultConfig faults) {
        lan.lock.lock();
        try {
            ingress.config(java.util.Objects.requireNonNull(faults));
        } finally {
            lan.lock.unlock();
        }
    }

    /** Frames waiting: in flight to this port plus in its receive queue. */
    public int pending() {
        lan.lock.lock();
        try {
            return inFlight.size() + rxQueue.size();
        } finally {
            lan.lock.unlock();
        }
    }

    /** Unplugs the port: it leaves the switch, its queues are emptied. Idempotent. */
    @Override
    public void close() {
        lan.detach(this);
    }

    // ---- called by the LAN under its lock ----

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
        inFlight.clear();
        rxQueue.clear();
        signalled = true;
        ready.signalAll();
    }

    /** Puts a frame on the wire to this port, due at {@code deliverAt}; {@code now} is the sender's time. */
    void enqueue(byte[] frame, long deliverAt, long now) {
        if (inFlight.size() >= maxInFlight) {
            countDrop(DropReason.QUEUE_FULL);
            return;
        }
        inFlight.add(new Pending(deliverAt, seq++, frame));
        advance(now);
        signalled = true;
        ready.signalAll();
    }

    /** Moves the frames due at {@code now} from the wire into the bounded receive queue. */
    private void advance(long now) {
        Pending p;
        while ((p = inFlight.peek()) != null && p.deliverAt - now <= 0) {
            inFlight.poll();
            if (rxQueue.size() >= rxCapacity) {
                countDrop(DropReason.QUEUE_FULL);
            } else {
                rxQueue.add(p);
            }
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
