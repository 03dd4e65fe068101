package io.netstack4j.link;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.MacAddress;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process Ethernet: a learning switch that any number of stacks plug into through
 * {@link VirtualPort}s, each with a seeded fault injector per direction ({@link FaultConfig}).
 *
 * <p>A frame sent on a port goes through that port's egress faults, then the switch: the
 * source address is learnt (IEEE 802.1D §7.8), a unicast destination in the table is forwarded
 * to its port only (and filtered if that is the port it came from), while broadcast, multicast
 * and unknown unicast destinations are flooded to every other port. Each receiving port's
 * ingress faults apply, then the frame waits until its delivery time and in the port's bounded
 * receive ring.
 *
 * <p>Thread-safe. Frames between ports without faults take a path with no lock and no
 * allocation: the MAC table and the list of ports are read from snapshots published through
 * volatile fields, and the sending thread copies the frame straight into the receiving port's
 * lock-free ring ({@link VirtualPort}). Frames that meet a fault injector take the faulty path,
 * under one lock for the whole LAN (it copies each frame; delays need it kept). When driven from
 * one thread, everything — which frames are lost, duplicated, corrupted, delayed, and the order
 * of delivery — is a function of the seed, the port names and the sequence of calls. Each port
 * and direction has its own generator, derived from the seed and the port's name, so the
 * faults one port sees do not depend on the traffic of the others.
 *
 * <p>The MTU goes up to 65,535 (an IPv4 packet's largest size), so two stacks in one JVM can
 * exchange 64 KiB datagrams unfragmented; checksum offload ({@link #checksumOffload()}) lets
 * them skip checksums while no corruption fault is configured on the path
 * ({@link VirtualPort#capabilities()}).
 */
public final class VirtualLan {
    public static final int DEFAULT_MTU = 1500;
    /** The largest MTU: an IPv4 packet's Total Length is 16 bits (RFC 791 §3.1). */
    public static final int MAX_MTU = 65_535;
    /** Frames a port's receive queue holds once due (like a NIC ring). */
    public static final int DEFAULT_RX_QUEUE_FRAMES = 1024;
    /** Frames that may be in flight (delayed) towards one port. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 65_536;
    public static final int DEFAULT_MAC_TABLE_SIZE = 1024;
    /** IEEE 802.1D's default ageing time, 300 s. */
    public static final long DEFAULT_AGING_NANOS = 300_000_000_000L;
    /** Room for an 802.1Q tag beyond the 14-byte header. */
    private static final int MAX_HEADER = 18;
    private static final int HEADER = 14;

    /** Guards the faulty path, the fault injectors, attaching and detaching. */
    final ReentrantLock lock = new ReentrantLock();
    private final long seed;
    private final int mtu;
    private final int rxQueueFrames;
    private final boolean checksumOffload;
    /** Copy-on-write under {@link #lock}: read without it. */
    private volatile VirtualPort[] ports = new VirtualPort[0];
    private final MacTable table;
    /** Sticky, under the lock: an unplugged port had a corruption fault on its egress. */
    private boolean unpluggedEverCorrupt;
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder flooded = new LongAdder();
    private final LongAdder filtered = new LongAdder();

    /** A LAN with MTU 1500, receive queues of 1024 frames and a MAC table of 1024 entries. */
    public VirtualLan(long seed) {
        this(seed, DEFAULT_MTU, DEFAULT_RX_QUEUE_FRAMES, DEFAULT_MAC_TABLE_SIZE);
    }

    /** A LAN with checksum offload on (see the five-argument constructor). */
    public VirtualLan(long seed, int mtu, int rxQueueFrames, int macTableSize) {
        this(seed, mtu, rxQueueFrames, macTableSize, true);
    }

    /**
     * @param seed            seeds every fault injector
     * @param mtu             the MTU of every port, 68..65535; frames longer than {@code mtu + 18}
     *                        are dropped
     * @param rxQueueFrames   the bound of each port's receive ring (its slots' arrays are allocated
     *                        as they are first used, each up to {@code mtu + 18} bytes)
     * @param macTableSize    the bound of the switch's MAC table
     * @param checksumOffload whether ports offer checksum offload (both ends are in this JVM);
     *                        off, every port reports none and stacks compute and verify every
     *                        checksum, as on a real wire
     */
    public VirtualLan(long seed, int mtu, int rxQueueFrames, int macTableSize, boolean checksumOffload) {
        if (mtu < 68 || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
        }
        if (rxQueueFrames < 1) {
            throw new IllegalArgumentException("receive queue must hold at least one frame: " + rxQueueFrames);
        }
        this.seed = seed;
        this.mtu = mtu;
        this.rxQueueFrames = rxQueueFrames;
        this.checksumOffload = checksumOffload;
        this.table = new MacTable(macTableSize, DEFAULT_AGING_NANOS);
    }

    /** Whether the ports may offer checksum offload (each port still turns it off for corruption). */
    public boolean checksumOffload() {
        return checksumOffload;
    }

    /** The MTU of every port. */
    public int mtu() {
        return mtu;
    }

    public long seed() {
        return seed;
    }

    /** Plugs in a port without faults. */
    public VirtualPort attach(String name) {
        return attach(name, FaultConfig.NONE, FaultConfig.NONE);
    }

    /**
     * Plugs in a port.
     *
     * @param name    unique among the LAN's ports; also seeds the port's fault injectors
     * @param egress  faults of the frames it sends
     * @param ingress faults of the frames delivered to it
     */
    public VirtualPort attach(String name, FaultConfig egress, FaultConfig ingress) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(ingress, "ingress");
        lock.lock();
        try {
            VirtualPort[] old = ports;
            for (VirtualPort p : old) {
                if (p.name().equals(name)) {
                    throw new IllegalArgumentException("a port named " + name + " is already attached");
                }
            }
            long portSeed = mix(seed ^ mix(name.hashCode()));
            VirtualPort p = new VirtualPort(this, name, mtu, mtu + MAX_HEADER, rxQueueFrames, DEFAULT_MAX_IN_FLIGHT,
                    portSeed, egress, ingress);
            VirtualPort[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = p;
            ports = next;
            updateCapabilities();
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** The ports plugged in, in the order they were attached. */
    public List<VirtualPort> ports() {
        return List.of(ports);
    }

    /** The port the switch has learnt {@code mac} on, if any (and not aged out at {@code nowNanos}). */
    public Optional<VirtualPort> portOf(MacAddress mac, long nowNanos) {
        return Optional.ofNullable(table.lookup(mac.bits(), nowNanos));
    }

    /** Entries in the MAC table. */
    public int macTableSize() {
        return table.size();
    }

    /** Entries evicted from the full MAC table. */
    public long macTableEvictions() {
        return table.evictions();
    }

    /** Frame copies forwarded to one known port. */
    public long forwardedFrames() {
        return forwarded.sum();
    }

    /** Frame copies flooded (broadcast, multicast or unknown destination). */
    public long floodedFrames() {
        return flooded.sum();
    }

    /** Frames not forwarded because their destination was learnt on the port they came from. */
    public long filteredFrames() {
        return filtered.sum();
    }

    void transmit(VirtualPort from, byte[] frame, int off, int len, long now) {
        Objects.checkFromIndexSize(off, len, frame.length);
        if (from.isClosed()) {
            from.countDropped();
            return;
        }
        if (len < HEADER) {
            from.countDrop(DropReason.TRUNCATED);
            return;
        }
        if (len > mtu + MAX_HEADER) {
            from.countDrop(DropReason.BAD_LENGTH);
            return;
        }
        from.countTransmitted(len);
        long src = Bytes.u48(frame, off + 6);
        if (!isGroup(src)) {
            table.learn(src, from, now);
        }
        if (!from.egressClean()) {
            transmitFaulty(from, Arrays.copyOfRange(frame, off, off + len), now);
            return;
        }
        long dst = Bytes.u48(frame, off);
        VirtualPort to = isGroup(dst) ? null : table.lookup(dst, now);
        if (to == from) {
            filtered.increment();
        } else if (to != null) {
            forwarded.increment();
            deliverFast(to, frame, off, len, now, null);
        } else {
            flooded.increment();
            byte[] copy = null;
            for (VirtualPort port : ports) {
                if (port != from) {
                    copy = deliverFast(port, frame, off, len, now, copy);
                }
            }
        }
    }

    /**
     * A frame from {@code from} in a buffer: one with data attached (a TCP segment whose data rides
     * on its send ring) and a known, clean destination is gathered straight into that port's ring;
     * anything else (faults, flooding, a port that is not ready for the fast path) goes the way of
     * an array, joined first.
     */
    void transmit(VirtualPort from, PacketBuffer p, long now) {
        int len = p.totalLength();
        byte[] frame = p.array();
        int off = p.start();
        VirtualPort to = null;
        if (p.hasAttachment() && p.segmentSize() == 0 && !from.isClosed() && p.length() >= HEADER
                && len <= mtu + MAX_HEADER && from.egressClean()) {
            long dst = Bytes.u48(frame, off);
            to = isGroup(dst) ? null : table.lookup(dst, now);
        }
        if (to == null || to == from || !to.offerFast(p, now)) {
            PacketBuffer f = p.flattened();
            transmit(from, f.array(), f.start(), f.length(), now);
            return;
        }
        from.countTransmitted(len);
        long src = Bytes.u48(frame, off + 6);
        if (!isGroup(src)) {
            table.learn(src, from, now);
        }
        forwarded.increment();
    }

    /**
     * Delivers to {@code to} on the fast path if it can, else through its ingress faults under
     * the lock, with a copy of the frame ({@code copy} if already made; returned for the next port).
     */
    private byte[] deliverFast(VirtualPort to, byte[] frame, int off, int len, long now, byte[] copy) {
        if (to.offerFast(frame, off, len, now)) {
            return copy;
        }
        byte[] c = copy != null ? copy : Arrays.copyOfRange(frame, off, off + len);
        lock.lock();
        try {
            deliver(to, c, now, now);
        } finally {
            lock.unlock();
        }
        return c;
    }

    /** The faulty path: the sender's egress faults, then the switch, then each receiver's ingress faults. */
    private void transmitFaulty(VirtualPort from, byte[] copy, long now) {
        lock.lock();
        try {
            FaultInjector egress = from.egress;
            int copies = egress.apply(copy, now);
            for (int i = 0; i < copies; i++) {
                byte[] f = egress.outFrames[i];
                long t = egress.outTimes[i];
                egress.outFrames[i] = null;
                // The (possibly corrupted) copy's own destination decides where it goes.
                long dst = Bytes.u48(f, 0);
                VirtualPort to = isGroup(dst) ? null : table.lookup(dst, now);
                if (to == from) {
                    filtered.increment();
                } else if (to != null) {
                    forwarded.increment();
                    deliver(to, f, t, now);
                } else {
                    flooded.increment();
                    for (VirtualPort port : ports) {
                        if (port != from) {
                            deliver(port, f, t, now);
                        }
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static void deliver(VirtualPort to, byte[] f, long t, long now) {
        FaultInjector ingress = to.ingress;
        int n = ingress.apply(f, t);
        for (int j = 0; j < n; j++) {
            to.enqueue(ingress.outFrames[j], ingress.outTimes[j], now);
            ingress.outFrames[j] = null;
        }
    }

    void detach(VirtualPort p) {
        lock.lock();
        try {
            VirtualPort[] old = ports;
            int i = List.of(old).indexOf(p);
            if (i >= 0) {
                VirtualPort[] next = new VirtualPort[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                ports = next;
                unpluggedEverCorrupt |= p.egressEverCorrupt;
                table.forget(p);
                updateCapabilities();
            }
            p.markClosed();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes every port's capabilities after a change of faults or ports (under the lock):
     * receive checksum offload while no corruption fault was ever configured on a path into the
     * port, transmit offload while every other port has receive offload.
     */
    void updateCapabilities() {
        VirtualPort[] ps = ports;
        boolean[] rx = new boolean[ps.length];
        for (int i = 0; i < ps.length; i++) {
            boolean ok = checksumOffload && !unpluggedEverCorrupt && !ps[i].ingressEverCorrupt;
            for (int j = 0; j < ps.length && ok; j++) {
                ok = j == i || !ps[j].egressEverCorrupt;
            }
            rx[i] = ok;
        }
        for (int i = 0; i < ps.length; i++) {
            boolean tx = checksumOffload;
            for (int j = 0; j < ps.length && tx; j++) {
                tx = j == i || rx[j];
            }
            ps[i].capabilities(LinkCapabilities.basic(mtu).withMaxFrameLength(mtu + MAX_HEADER)
                    .withChecksumOffload(rx[i], tx).withBatching(true));
        }
    }

    /** Broadcast and multicast addresses have the I/G bit (bit 0 of the first octet) set. */
    private static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** SplitMix64's finalizer: spreads a seed's bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
