package io.netstack4j.link;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * receive queue.
 *
 * <p>Thread-safe (one lock for the whole LAN; locks are fine in the link layer). When driven from
 * one thread, everything — which frames are lost, duplicated, corrupted, delayed, and the order
 * of delivery — is a function of the seed, the port names and the sequence of calls. Each port
 * and direction has its own generator, derived from the seed and the port's name, so the
 * faults one port sees do not depend on the traffic of the others.
 */
public final class VirtualLan {
    public static final int DEFAULT_MTU = 1500;
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

    final ReentrantLock lock = new ReentrantLock();
    private final long seed;
    private final int mtu;
    private final int rxQueueFrames;
    private final List<VirtualPort> ports = new ArrayList<>();
    private final MacTable table;
    private long forwarded;
    private long flooded;
    private long filtered;

    /** A LAN with MTU 1500, receive queues of 1024 frames and a MAC table of 1024 entries. */
    public VirtualLan(long seed) {
        this(seed, DEFAULT_MTU, DEFAULT_RX_QUEUE_FRAMES, DEFAULT_MAC_TABLE_SIZE);
    }

    /**
     * @param seed          seeds every fault injector
     * @param mtu           the MTU of every port; frames longer than {@code mtu + 18} are dropped
     * @param rxQueueFrames the bound of each port's receive queue
     * @param macTableSize  the bound of the switch's MAC table
     */
    public VirtualLan(long seed, int mtu, int rxQueueFrames, int macTableSize) {
        if (mtu < 68 || mtu > 65_521) {
            throw new IllegalArgumentException("MTU out of range 68..65521: " + mtu);
        }
        if (rxQueueFrames < 1) {
            throw new IllegalArgumentException("receive queue must hold at least one frame: " + rxQueueFrames);
        }
        this.seed = seed;
        this.mtu = mtu;
        this.rxQueueFrames = rxQueueFrames;
        this.table = new MacTable(macTableSize, DEFAULT_AGING_NANOS);
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
            for (VirtualPort p : ports) {
                if (p.name().equals(name)) {
                    throw new IllegalArgumentException("a port named " + name + " is already attached");
                }
            }
            long portSeed = mix(seed ^ mix(name.hashCode()));
            VirtualPort p = new VirtualPort(this, name, mtu, rxQueueFrames, DEFAULT_MAX_IN_FLIGHT, portSeed,
                    egress, ingress);
            ports.add(p);
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** The ports plugged in, in the order they were attached. */
    public List<VirtualPort> ports() {
        lock.lock();
        try {
            return List.copyOf(ports);
        } finally {
            lock.unlock();
        }
    }

    /** The port the switch has learnt {@code mac} on, if any (and not aged out at {@code nowNanos}). */
    public Optional<VirtualPort> portOf(MacAddress mac, long nowNanos) {
        lock.lock();
        try {
            return Optional.ofNullable(table.lookup(mac.bits(), nowNanos));
        } finally {
            lock.unlock();
        }
    }

    /** Entries in the MAC table. */
    public int macTableSize() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    /** Entries evicted from the full MAC table. */
    public long macTableEvictions() {
        lock.lock();
        try {
            return table.evictions();
        } finally {
            lock.unlock();
        }
    }

    /** Frame copies forwarded to one known port. */
    public long forwardedFrames() {
        lock.lock();
        try {
            return forwarded;
        } finally {
            lock.unlock();
        }
    }

    /** Frame copies flooded (broadcast, multicast or unknown destination). */
    public long floodedFrames() {
        lock.lock();
        try {
            return flooded;
        } finally {
            lock.unlock();
        }
    }

    /** Frames not forwarded because their destination was learnt on the port they came from. */
    public long filteredFrames() {
        lock.lock();
        try {
            return filtered;
        } finally {
            lock.unlock();
        }
    }

    void transmit(VirtualPort from, byte[] frame, int off, int len, long now) {
        Objects.checkFromIndexSize(off, len, frame.length);
        lock.lock();
        try {
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
            byte[] copy = Arrays.copyOfRange(frame, off, off + len);
            long src = read48(copy, 6);
            if (!isGroup(src)) {
                table.learn(src, from, now);
            }
            FaultInjector egress = from.egress;
            int copies = egress.apply(copy, now);
            for (int i = 0; i < copies; i++) {
                byte[] f = egress.outFrames[i];
                long t = egress.outTimes[i];
                egress.outFrames[i] = null;
                // The (possibly corrupted) copy's own destination decides where it goes.
                long dst = read48(f, 0);
                VirtualPort to = isGroup(dst) ? null : table.lookup(dst, now);
                if (to == from) {
                    filtered++;
                } else if (to != null) {
                    forwarded++;
                    deliver(to, f, t, now);
                } else {
                    flooded++;
                    for (int p = 0; p < ports.size(); p++) {
                        VirtualPort port = ports.get(p);
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
            if (ports.remove(p)) {
                table.forget(p);
            }
            p.markClosed();
        } finally {
            lock.unlock();
        }
    }

    private static long read48(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
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
