package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.buffer.PacketPool;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One host's protocol stack on one Ethernet interface: the LAN driver, ARP, IPv4 and ICMP, with
 * room for upper protocols ({@link #registerProtocol}).
 *
 * <p>Pure protocol code: not thread-safe, no clock reads, no threads. One thread owns it (a
 * {@link io.netstack4j.runtime.StackLoop}, or a simulation) and calls, with the current time:
 * {@link #start} once, {@link #receiveFrame} for each frame from the LAN adapter, and
 * {@link #poll} after each batch of frames (a frame can make work due at once: a response for the
 * resolver to read) and whenever the deadline it last returned has come. Frames go out through the
 * {@link FrameSink} given at construction, synchronously, from within these calls.
 *
 * <p>Packets travel in {@link PacketBuffer}s from the stack's own {@link #pool()}: a frame is read
 * into one, each layer strips its header in place, and a transport keeps the buffer or releases it;
 * on the way out each layer pushes its header in front of the payload in the same buffer
 * ({@link NetworkLayer}, which the stack implements for the transports).
 *
 * <p>Timers live in one {@link TimerWheel} ({@link #timers()}): ARP entries, the resolver's
 * lookups and the transports each own {@link io.netstack4j.time.Timer}s on it, and {@link #poll}
 * runs only those that are due.
 */
public final class Stack implements NetworkLayer {
    /** Released buffers kept for reuse, per stack, at most (a burst of frames, queues refilling). */
    public static final int POOL_FREE_BUFFERS = 4096;
    /**
     * ... and at most this many bytes of them (2 MiB: 1,229 buffers at MTU 1500, 31 at 65,535). TCP's
     * receive queues keep frames until they are read, so a stack with many connections can have many
     * out at once; what comes back beyond this is left to the garbage collector.
     */
    public static final int POOL_FREE_BYTES = 2 << 20;

    private final StackConfig config;
    private final StackStats stats = new StackStats();
    private final Addresses addresses;
    private final Routes routes;
    private final EthernetLayer link;
    private final ArpLayer arp;
    private final PacketPool pool;
    private final Fragmenter fragmenter;
    private final Ipv4Output output;
    private final Ipv4Input input;
    private final Reassembler reassembler;
    private final Icmp icmp;
    private final IpProtocolHandler[] handlers = new IpProtocolHandler[256];
    /** Sources of datagrams handed over by application threads, flushed every loop turn. */
    private OutputSource[] outputSources = new OutputSource[0];
    /** The handlers registered, once each (for the end-of-burst calls). */
    private final List<IpProtocolHandler> registered = new ArrayList<>();
    private final TimerWheel timers = new TimerWheel();
    /** Clients polled on every {@link #poll} ({@link #addTimerClient}). */
    private final List<TimerClient> everyPoll = new ArrayList<>();
    /** Clients polled when due, through the wheel ({@link #scheduleTimerClient}). */
    private final List<TimerClient.Registration> scheduled = new ArrayList<>();
    private boolean started;
    /** The router's hook when this stack is one of its interfaces, else null ({@link #forwarder}). */
    private Forwarder forwarder;
    /** The link completes transport checksums ({@link #linkCapabilities}). */
    private boolean txChecksumOffload;
    /** The largest IP packet the link cuts into MTU-sized ones (TSO), or 0 ({@link #linkCapabilities}). */
    private int maxSegmentationSize;

    public Stack(StackConfig config, FrameSink out) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(out, "out");
        addresses = new Addresses(config.addresses());
        routes = new Routes(addresses, config.gateway());
        link = new EthernetLayer(config.mac(), out, stats);
        arp = new ArpLayer(config, addresses, link, stats, timers);
        pool = PacketPool.forMtu(config.name(), config.mtu(),
                Math.max(64, Math.min(POOL_FREE_BUFFERS, POOL_FREE_BYTES / PacketPool.bufferSizeFor(config.mtu()))));
        fragmenter = new Fragmenter(link, pool, stats, config.mtu());
        output = new Ipv4Output(config, addresses, routes, fragmenter, pool, stats);
        IcmpErrors errors = new IcmpErrors(config, addresses, output, stats);
        icmp = new Icmp(config, addresses, output, errors, stats, handlers);
        reassembler = new Reassembler(config, stats, errors::reassemblyTimedOut);
        input = new Ipv4Input(addresses, reassembler, icmp, errors, handlers, stats);
        output.connect(arp);
        arp.connect(output::sendResolved, this::nextHopUnreachable);
        link.connect(arp, input);
        pool.addHolder(this::forEachHeld);
    }

    /**
     * Makes this stack one interface of a router: datagrams from the link for other hosts go to
     * {@code f} instead of being dropped (see {@link Forwarder}); null makes it a host again.
     * Set it before the first frame.
     */
    public void forwarder(Forwarder f) {
        forwarder = f;
        input.forwarder(f);
    }

    /**
     * Sends a whole IPv4 datagram (the window of {@code datagram}: header first, at most
     * {@link #mtu()} bytes) to {@code nextHop}, a neighbour on this link, as it is: its MAC from the
     * ARP cache, or the datagram waits in ARP's bounded queue while the next hop resolves. For a
     * router: forwarded datagrams and fragments, and its own ICMP messages. The stack owns the
     * buffer from here on.
     *
     * @return SENT, QUEUED, or QUEUE_FULL (counted by ARP, the buffer released)
     * @throws IllegalArgumentException if the datagram is larger than the MTU (the buffer released)
     */
    public SendResult transmitDatagram(PacketBuffer datagram, int nextHop, long now) {
        if (datagram.totalLength() > config.mtu()) {
            int len = datagram.totalLength();
            datagram.release();
            throw new IllegalArgumentException("datagram of " + len + " bytes over the MTU " + config.mtu());
        }
        return output.sendDatagram(datagram, nextHop, now);
    }

    /** Every buffer the stack holds in its queues (ARP's, the loopback's): for a leak check across stacks. */
    public void forEachHeld(java.util.function.Consumer<PacketBuffer> c) {
        arp.forEachHeld(c);
        output.forEachHeld(c);
    }

    /** ARP gave up on the next hop of a queued datagram: ours is reported locally, another's to the router. */
    private void nextHopUnreachable(PacketBuffer datagram, long now) {
        int src = io.netstack4j.wire.Bytes.u32(datagram.array(), datagram.start() + 12);
        if (forwarder != null && !addresses.isLocal(src)) {
            forwarder.nextHopUnreachable(datagram, now);
        } else {
            icmp.localUnreachable(datagram, now);
        }
    }

    /** The stack's buffer pool: the loop reads frames into its buffers. Loop thread only. */
    public PacketPool pool() {
        return pool;
    }

    public String name() {
        return config.name();
    }

    public StackConfig config() {
        return config;
    }

    public MacAddress mac() {
        return config.mac();
    }

    public List<Ipv4Cidr> addresses() {
        return config.addresses();
    }

    /** The largest datagram that leaves unfragmented. */
    public int mtu() {
        return config.mtu();
    }

    /** The interface comes up: announces each address with a gratuitous ARP (RFC 5227 §2.3). Idempotent. */
    public void start(long now) {
        if (!started) {
            started = true;
            arp.announce(now);
        }
    }

    public boolean isStarted() {
        return started;
    }

    /**
     * One frame from the LAN adapter (destination MAC first, no FCS), copied into a buffer of the
     * pool. Malformed frames and frames for others are dropped and counted; nothing is thrown. The
     * array is not kept.
     */
    public void receiveFrame(byte[] buf, int off, int len, long now) {
        PacketBuffer p = pool.acquire();
        if (len > p.tailroom()) {
            p.release();
            p = PacketBuffer.wrap(buf.clone(), off, len);
        } else {
            System.arraycopy(buf, off, p.array(), p.append(len), len);
        }
        link.receive(p, now);
    }

    /**
     * One frame from the LAN adapter in a buffer of {@link #pool()} (its window: the whole frame).
     * The stack owns the buffer from here on.
     */
    public void receiveFrame(PacketBuffer frame, long now) {
        link.receive(frame, now);
    }

    /** Flushes {@code source} on every loop turn (see {@link OutputSource}). */
    public void addOutputSource(OutputSource source) {
        OutputSource[] a = java.util.Arrays.copyOf(outputSources, outputSources.length + 1);
        a[outputSources.length] = Objects.requireNonNull(source);
        outputSources = a;
    }

    /** Whether an {@link OutputSource} has something to send (the loop must not sleep). Any thread. */
    public boolean hasOutput() {
        for (OutputSource s : outputSources) {
            if (s.hasOutput()) {
                return true;
            }
        }
        return false;
    }

    /** Sends what application threads handed to the output sources. Loop thread. */
    public void flushOutput(long now) {
        for (OutputSource s : outputSources) {
            s.flushOutput(now);
        }
    }

    /**
     * The end of a burst of frames (the loop has handed over what the adapter had): transports
     * send what they held back to coalesce ({@link IpProtocolHandler#endOfInputBurst}).
     */
    public void endOfInputBurst(long now) {
        for (int i = 0; i < registered.size(); i++) {   // indexed: no iterator per burst
            registered.get(i).endOfInputBurst(now);
        }
    }

    /**
     * Delivers looped-back datagrams, runs the timers due on the {@link #timers() wheel} (ARP
     * retransmission and aging, the resolver, timer clients polled when due), the reassembly
     * timeouts, and the timer clients polled every time ({@link #addTimerClient}).
     *
     * @return the next time this stack needs polling, exactly (the earliest deadline of all those),
     *         {@code now} or earlier if it must be polled again at once, or {@code Long.MAX_VALUE}
     */
    public long poll(long now) {
        // Bounded: each looped datagram may produce one reply (echo), which loops once more.
        boolean looped = false;
        for (int i = 0; i < 2 * config.loopbackQueue() + 1; i++) {
            PacketBuffer p = output.pollLoopback();
            if (p == null) {
                break;
            }
            input.receiveLoopback(p, now);
            looped = true;
        }
        if (looped) {
            endOfInputBurst(now);   // what the looped input held back (TCP's ACKs) goes now
        }
        timers.expire(now);
        long next = reassembler.poll(now);
        // Indexed loop: a client may add or remove clients while it is polled.
        for (int i = 0; i < everyPoll.size(); i++) {
            next = Math.min(next, everyPoll.get(i).poll(now));
        }
        // Last: the clients above may have armed timers.
        next = Math.min(next, timers.nextDeadline());
        return output.hasLoopback() ? now : next;
    }

    /**
     * The stack's timers. A transport arms its {@link io.netstack4j.time.Timer}s here; they run
     * in {@link #poll}, on the owner's thread, and {@link #poll}'s result accounts for them.
     */
    public TimerWheel timers() {
        return timers;
    }

    /**
     * Polls {@code client} with every {@link #poll}, until removed, whatever deadline it returns:
     * the original contract, for clients whose work can arrive outside {@code poll} without their
     * telling the stack. Prefer {@link #scheduleTimerClient}. Adding a client twice adds it once.
     *
     * @throws IllegalStateException if the client is registered with {@link #scheduleTimerClient}
     */
    public void addTimerClient(TimerClient client) {
        Objects.requireNonNull(client);
        if (find(client) != null) {
            throw new IllegalStateException("timer client already polled when due: " + client);
        }
        if (!everyPoll.contains(client)) {
            everyPoll.add(client);
        }
    }

    /**
     * Polls {@code client} through the wheel: first in the next {@link #poll}, then whenever the
     * deadline its {@code poll} returned is due, or earlier when told through the registration
     * ({@link TimerClient.Registration#pollBy}, {@link TimerClient.Registration#pollSoon}).
     * Registering a client twice returns the same registration.
     *
     * @throws IllegalStateException if the client is registered with {@link #addTimerClient}
     */
    public TimerClient.Registration scheduleTimerClient(TimerClient client) {
        Objects.requireNonNull(client);
        if (everyPoll.contains(client)) {
            throw new IllegalStateException("timer client already polled every time: " + client);
        }
        TimerClient.Registration r = find(client);
        if (r == null) {
            r = new TimerClient.Registration(this, client);
            scheduled.add(r);
            r.pollSoon();
        }
        return r;
    }

    /** Unregisters {@code client}, however it was registered; returns whether it was. */
    public boolean removeTimerClient(TimerClient client) {
        TimerClient.Registration r = find(client);
        if (r != null) {
            scheduled.remove(r);
            r.removed();
            return true;
        }
        return everyPoll.remove(client);
    }

    private TimerClient.Registration find(TimerClient client) {
        for (TimerClient.Registration r : scheduled) {
            if (r.client().equals(client)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Handles datagrams of {@code protocol} (UDP, TCP...). Datagrams of unregistered protocols get
     * ICMP Protocol Unreachable.
     *
     * @throws IllegalArgumentException for ICMP (built in) or a protocol number out of 0..255
     * @throws IllegalStateException    if another handler holds the protocol
     */
    public void registerProtocol(int protocol, IpProtocolHandler handler) {
        if (protocol < 0 || protocol > 255 || protocol == IpProtocol.ICMP) {
            throw new IllegalArgumentException("cannot register IP protocol " + protocol);
        }
        if (handlers[protocol] != null && handlers[protocol] != handler) {
            throw new IllegalStateException("IP protocol " + protocol + " already has a handler");
        }
        handlers[protocol] = Objects.requireNonNull(handler);
        if (!registered.contains(handler)) {
            registered.add(handler);
        }
    }

    public void unregisterProtocol(int protocol) {
        if (protocol >= 0 && protocol < 256) {
            IpProtocolHandler h = handlers[protocol];
            handlers[protocol] = null;
            if (h != null && !java.util.Arrays.asList(handlers).contains(h)) {
                registered.remove(h);
            }
        }
    }

    /**
     * What the LAN adapter can do now (its {@code capabilities()}): the loop passes it on every turn,
     * since a link's offloads can change (a virtual LAN turns checksum offload off when a corruption
     * fault is configured). Only the transmit offloads (checksum, segmentation) are kept here; receive offload comes
     * with each frame ({@link PacketBuffer#checksumVerified()}).
     */
    public void linkCapabilities(LinkCapabilities caps) {
        txChecksumOffload = caps.txChecksumOffload();
        maxSegmentationSize = caps.maxSegmentationSize();
    }

    // ---- NetworkLayer: what transports use on the way out ----

    @Override
    public boolean txChecksumOffload() {
        return txChecksumOffload;
    }

    @Override
    public PacketBuffer allocate() {
        return pool.acquire();
    }

    @Override
    public PacketBuffer allocate(int len) {
        return output.bufferFor(len);
    }

    @Override
    public int maxPayload(int dst) {
        int mtu = addresses.isLocal(dst) ? Ipv4Output.LOOPBACK_MTU : fragmenter.mtu();
        return mtu - Ipv4Output.HEADER_LEN;
    }

    @Override
    public int maxSegmentationPayload(int dst) {
        if (maxSegmentationSize <= fragmenter.mtu() || addresses.isLocal(dst)) {
            return 0;
        }
        return maxSegmentationSize - Ipv4Output.HEADER_LEN;
    }

    @Override
    public int headerLength() {
        return Ipv4Output.HEADER_LEN;
    }

    @Override
    public int sourceAddressFor(int dst) {
        if (addresses.isLocal(dst)) {
            return dst;
        }
        Ipv4Address a = sourceAddressFor(new Ipv4Address(dst));
        return a == null ? 0 : a.bits();
    }

    @Override
    public boolean isLocalAddress(int a) {
        return addresses.isLocal(a);
    }

    @Override
    public SendResult send(PacketBuffer segment, int src, int dst, int protocol, int ttl, boolean dontFragment,
                           long now) {
        return output.send(segment, src, dst, protocol, ttl, dontFragment, now);
    }

    /**
     * Sends a datagram from the source address of the route towards {@code dst}.
     *
     * @param ttl          1..255, or 0 for the default
     * @param dontFragment DF: a datagram larger than the MTU then fails with FRAGMENTATION_NEEDED
     * @param payload      the payload, copied into a packet buffer
     */
    public SendResult sendIpv4(Ipv4Address dst, int protocol, int ttl, boolean dontFragment, byte[] payload,
                               int off, int len, long now) {
        return output.send(null, dst, protocol, ttl, dontFragment, payload, off, len, now);
    }

    /** As {@link #sendIpv4(Ipv4Address, int, int, boolean, byte[], int, int, long)}, from {@code src} (ours). */
    public SendResult sendIpv4(Ipv4Address src, Ipv4Address dst, int protocol, int ttl, boolean dontFragment,
                               byte[] payload, int off, int len, long now) {
        return output.send(Objects.requireNonNull(src), dst, protocol, ttl, dontFragment, payload, off, len, now);
    }

    /**
     * The source address a datagram to {@code dst} would carry (for pseudo-header checksums), or
     * null if there is no route.
     */
    public Ipv4Address sourceAddressFor(Ipv4Address dst) {
        if (addresses.isLocal(dst)) {
            return dst;
        }
        if (dst.isLimitedBroadcast()) {
            return addresses.primary();
        }
        if (addresses.isDirectedBroadcast(dst)) {
            return addresses.localFor(dst);
        }
        Route r = routes.lookup(dst);
        return r == null ? null : r.source();
    }

    /** Whether {@code a} is one of this host's addresses. */
    public boolean isLocalAddress(Ipv4Address a) {
        return addresses.isLocal(a);
    }


    public Icmp icmp() {
        return icmp;
    }

    /** The ARP cache, sorted by address (like {@code ip neigh}). */
    public List<Neighbor> neighbors(long now) {
        return arp.snapshot(now);
    }

    /** The routing table, longest prefix first (like {@code ip route}). */
    public List<Route> routes() {
        return routes.list();
    }

    /**
     * Adds a route to {@code destination} via {@code gateway} (on a connected network), or a
     * connected route if {@code gateway} is null.
     */
    public Route addRoute(Ipv4Cidr destination, Ipv4Address gateway) {
        return routes.add(destination, gateway);
    }

    public boolean removeRoute(Ipv4Cidr destination) {
        return routes.remove(destination);
    }

    public StackStats stats() {
        return stats;
    }

    /** Fragments held for reassembly now (for the tests' accounting). */
    int reassemblyFragments() {
        return reassembler.fragments();
    }

    /** Bytes held for reassembly now. */
    public int reassemblyMemory() {
        return reassembler.memory();
    }

    /** ARP cache entries evicted to make room so far. */
    public long neighborEvictions() {
        return arp.evictions();
    }

    @Override
    public String toString() {
        return "Stack[" + config.name() + " " + config.mac() + " " + config.addresses() + "]";
    }
}
