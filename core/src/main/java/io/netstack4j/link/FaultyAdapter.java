package io.netstack4j.link;

import io.netstack4j.stats.DropReason;

import java.util.Arrays;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A LAN adapter seen through a bad cable: wraps another adapter (a TAP device, typically) and
 * applies a {@link FaultConfig} to the frames of each direction — loss, duplication, reordering,
 * delay, jitter, corruption, a bandwidth limit — with the same {@link FaultInjector} a
 * {@link VirtualLan} port uses, seeded, so a run can be repeated as far as the traffic itself
 * repeats. This is how a link to the Linux kernel gets impaired on a kernel without {@code netem}.
 *
 * <p>Frames the stack transmits ({@link Direction#TX}) go through the transmit injector and wait
 * on a "wire" (a heap ordered by due time, then by order of sending) until they are due, then go
 * to the wrapped adapter. Frames the wrapped adapter receives ({@link Direction#RX}) are read as
 * they come, go through the receive injector and wait on a wire of their own until due, then are
 * handed to the stack. A direction whose configuration is {@link FaultConfig#NONE} passes frames
 * straight through, without a copy.
 *
 * <p>Time: the wires are advanced by the stack's loop, which calls {@link #receive} every turn
 * (frames due for transmission are written then) and caps its sleep with {@link #pollAt()}, the
 * earliest due time of either wire. It runs in real time with a {@code StackLoop}, or in virtual
 * time in a simulation, like any adapter of this package.
 *
 * <p>Bounded: each wire holds at most {@code maxInFlight} frames; a frame that finds its wire full
 * is dropped and counted ({@link DropReason#QUEUE_FULL}), as is a frame the bandwidth limiter
 * cannot queue ({@link DropReason#BANDWIDTH_LIMIT}), and a frame too long for the stack's buffer
 * ({@link DropReason#TRUNCATED}). What the injectors did is counted per direction
 * ({@link #lost}, {@link #duplicated}, {@link #reordered}, {@link #corrupted}, {@link #drops}).
 * Each frame on a wire is a copy (an allocation per frame): a test tool, not a data path.
 *
 * <p>Threads: as for any adapter, one loop thread calls {@link #receive}, {@link #transmit} and
 * {@link #pollAt}; {@link #wakeup}, {@link #stats} and the counters are for any thread.
 *
 * <p>Offloads: the wrapped adapter's capabilities, but receive checksum offload is off when the
 * receive direction may corrupt frames, and transmit checksum offload is off when the transmit
 * direction may (a corrupted frame must be caught by a checksum, never delivered). Segmentation
 * offload is never offered: faults are per frame on the wire, so the stack cuts its own segments.
 */
public final class FaultyAdapter implements LinkAdapter {
    /** The default bound of each direction's wire, in frames. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 8192;
    /** At most this many frames are read from the wrapped adapter per {@link #receive} call. */
    static final int MAX_PULL = 64;

    /** A frame on a wire. */
    private record Pending(long dueAt, long seq, byte[] frame) {
    }

    /** One direction: its injector, its wire and its counters. */
    private static final class Way implements FaultCounters {
        final FaultConfig config;
        final boolean clean;
        final FaultInjector injector;
        final PriorityQueue<Pending> wire = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.dueAt, b.dueAt);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        });
        final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
        final AtomicLongArray faults = new AtomicLongArray(3);   // duplicated, corrupted, reordered
        final LinkStats linkStats;

        Way(FaultConfig config, long seed, LinkStats linkStats) {
            this.config = Objects.requireNonNull(config, "config");
            this.clean = config.isNone();
            this.injector = new FaultInjector(this, seed, config);
            this.linkStats = linkStats;
        }

        boolean due(long now) {
            Pending p = wire.peek();
            return p != null && p.dueAt - now <= 0;
        }

        @Override
        public void countInjectedLoss() {
            drops.incrementAndGet(DropReason.INJECTED_LOSS.ordinal());
            linkStats.injectedDrops.incrementAndGet();
        }

        @Override
        public void countDuplicated() {
            faults.incrementAndGet(0);
        }

        @Override
        public void countCorrupted() {
            faults.incrementAndGet(1);
        }

        @Override
        public void countReordered() {
            faults.incrementAndGet(2);
        }

        @Override
        public void countDrop(DropReason reason) {
            drops.incrementAndGet(reason.ordinal());
            linkStats.dropped.incrementAndGet();
        }
    }

    private final LinkAdapter inner;
    private final Way rx;
    private final Way tx;
    private final int maxInFlight;
    private final long seed;
    /** Where frames are read from the wrapped adapter before they go on the receive wire. */
    private final byte[] scratch;
    private final LinkStats stats = new LinkStats();
    /** The wrapped adapter's capabilities last seen, and what this adapter made of them. */
    private volatile LinkCapabilities[] capabilities = new LinkCapabilities[2];
    /** Orders frames of equal due time on a wire by the order they entered it. Loop thread. */
    private long seq;

    /**
     * Wraps {@code inner}.
     *
     * @param inner       the adapter that moves the frames; this one owns and closes it
     * @param rxFaults    what happens to frames on their way from the medium to the stack
     * @param txFaults    what happens to frames on their way from the stack to the medium
     * @param seed        seeds both directions' generators (each its own stream)
     * @param maxInFlight the bound of each direction's wire, in frames
     */
    public FaultyAdapter(LinkAdapter inner, FaultConfig rxFaults, FaultConfig txFaults, long seed, int maxInFlight) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.seed = seed;
        this.rx = new Way(rxFaults, VirtualLan.mix(seed ^ 0x49L), stats);
        this.tx = new Way(txFaults, VirtualLan.mix(seed ^ 0x45L), stats);
        LinkCapabilities caps = inner.capabilities();
        this.scratch = new byte[Math.max(caps.maxFrameLength(), caps.maxSegmentationSize() + 18)];
    }

    /** The same faults both ways, with the default bound of the wires. */
    public FaultyAdapter(LinkAdapter inner, FaultConfig faults, long seed) {
        this(inner, faults, faults, seed, DEFAULT_MAX_IN_FLIGHT);
    }

    /** The adapter that really moves the frames. */
    public LinkAdapter inner() {
        return inner;
    }

    /** The faults of one direction. */
    public FaultConfig faults(Direction d) {
        return way(d).config;
    }

    /** The seed both directions' generators were derived from. */
    public long seed() {
        return seed;
    }

    private Way way(Direction d) {
        return d == Direction.RX ? rx : tx;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public LinkCapabilities capabilities() {
        LinkCapabilities in = inner.capabilities();
        LinkCapabilities[] c = capabilities;
        if (!in.equals(c[0])) {
            boolean rxOk = in.rxChecksumVerified() && rx.config.corrupt() == 0;
            boolean txOk = in.txChecksumOffload() && tx.config.corrupt() == 0;
            c = new LinkCapabilities[] {in, in.withChecksumOffload(rxOk, txOk).withMaxSegmentationSize(0)};
            capabilities = c;
        }
        return c[1];
    }

    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        flushTransmit(nowNanos);
        if (rx.clean && rx.wire.isEmpty()) {
            int n = inner.receive(buf, off, nowNanos);
            if (n >= 0) {
                countReceived(n);
            }
            return n;
        }
        // Everything the medium has goes on the wire (a frame already due there is older than any
        // frame read now, so it goes first).
        for (int i = 0; i < MAX_PULL && !rx.due(nowNanos); i++) {
            int n = inner.receive(scratch, 0, nowNanos);
            if (n < 0) {
                break;
            }
            inject(rx, Arrays.copyOf(scratch, n), nowNanos);
        }
        while (rx.due(nowNanos)) {
            byte[] f = rx.wire.poll().frame;
            if (f.length > buf.length - off) {
                rx.countDrop(DropReason.TRUNCATED);
                continue;
            }
            System.arraycopy(f, 0, buf, off, f.length);
            countReceived(f.length);
            return f.length;
        }
        return -1;
    }

    private void countReceived(int len) {
        stats.rxFrames.incrementAndGet();
        stats.rxBytes.addAndGet(len);
    }

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        stats.txFrames.incrementAndGet();
        stats.txBytes.addAndGet(len);
        if (tx.clean && tx.wire.isEmpty()) {
            inner.transmit(frame, off, len, nowNanos);
            return;
        }
        inject(tx, Arrays.copyOfRange(frame, off, off + len), nowNanos);
        flushTransmit(nowNanos);
    }

    /** Puts the copies the injector makes of {@code frame} on the wire of {@code w}. */
    private void inject(Way w, byte[] frame, long now) {
        int copies = w.injector.apply(frame, now);
        for (int i = 0; i < copies; i++) {
            byte[] f = w.injector.outFrames[i];
            long t = w.injector.outTimes[i];
            w.injector.outFrames[i] = null;
            if (w.wire.size() >= maxInFlight) {
                w.countDrop(DropReason.QUEUE_FULL);
            } else {
                w.wire.add(new Pending(t, seq++, f));
            }
        }
    }

    /** Sends the frames whose time has come to the wrapped adapter, in order. */
    private void flushTransmit(long now) {
        while (tx.due(now)) {
            byte[] f = tx.wire.poll().frame;
            inner.transmit(f, 0, f.length, now);
        }
    }

    /** The earliest due time on either wire, or the wrapped adapter's. */
    @Override
    public long pollAt() {
        long t = inner.pollAt();
        Pending p = rx.wire.peek();
        if (p != null && p.dueAt < t) {
            t = p.dueAt;
        }
        p = tx.wire.peek();
        if (p != null && p.dueAt < t) {
            t = p.dueAt;
        }
        return t;
    }

    /**
     * Waits on the wrapped adapter; frames on the wires do not end the wait (the loop caps the
     * timeout with {@link #pollAt()}).
     */
    @Override
    public void await(long timeoutNanos) throws InterruptedException {
        inner.await(timeoutNanos);
    }

    @Override
    public void wakeup() {
        inner.wakeup();
    }

    @Override
    public boolean wakeAlso(LinkAdapter sleeper) {
        return inner.wakeAlso(sleeper);
    }

    /**
     * What the stack sent and received through this adapter: frames and bytes on the stack's
     * side of the injectors, {@code injectedDrops} for the loss fault, {@code dropped} for the
     * bounds. The wrapped adapter keeps its own ({@code inner().stats()}).
     */
    @Override
    public LinkStats stats() {
        return stats;
    }

    /** Frames the loss fault dropped in direction {@code d}. */
    public long lost(Direction d) {
        return way(d).drops.get(DropReason.INJECTED_LOSS.ordinal());
    }

    /** Frames of direction {@code d} dropped for {@code reason} (INJECTED_LOSS, QUEUE_FULL, BANDWIDTH_LIMIT, TRUNCATED). */
    public long drops(Direction d, DropReason reason) {
        return way(d).drops.get(reason.ordinal());
    }

    /** Frames of direction {@code d} delivered twice. */
    public long duplicated(Direction d) {
        return way(d).faults.get(0);
    }

    /** Frame copies of direction {@code d} with a bit flipped. */
    public long corrupted(Direction d) {
        return way(d).faults.get(1);
    }

    /** Frame copies of direction {@code d} held back so that later frames overtake them. */
    public long reordered(Direction d) {
        return way(d).faults.get(2);
    }

    /** Frames waiting on the wire of direction {@code d}; exact on the loop thread, a hint elsewhere. */
    public int inFlight(Direction d) {
        return way(d).wire.size();
    }

    /** One line per direction: what the injectors did ("rx lost 12 duplicated 3 reordered 40 ..."). */
    public String faultReport() {
        return describe(Direction.RX) + "\n" + describe(Direction.TX);
    }

    private String describe(Direction d) {
        Way w = way(d);
        return d.name().toLowerCase(java.util.Locale.ROOT) + " lost " + lost(d) + " duplicated " + duplicated(d)
                + " reordered " + reordered(d) + " corrupted " + corrupted(d) + " queue-full "
                + drops(d, DropReason.QUEUE_FULL) + " bandwidth-limit " + drops(d, DropReason.BANDWIDTH_LIMIT)
                + " truncated " + drops(d, DropReason.TRUNCATED) + " (" + w.config + ")";
    }

    /** Closes the wrapped adapter; frames still on the wires are discarded. */
    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "FaultyAdapter[" + inner + ", rx " + rx.config + ", tx " + tx.config + "]";
    }
}
