package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.IpProtocolHandler;
import io.netstack4j.iface.OutputSource;
import io.netstack4j.iface.QuotedPacket;
import io.netstack4j.iface.Stack;
import io.netstack4j.socket.EphemeralPorts;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.IcmpErrorCodes;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpHeader;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Packet;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.UdpPacket;
import io.netstack4j.wire.UdpRepr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * UDP (RFC 768), the handler of IP protocol 17: verifies checksums, hands each datagram to the
 * endpoint bound to its destination, answers datagrams for closed ports with ICMP port unreachable
 * (RFC 1122 §4.1.3.1), and turns ICMP errors about datagrams we sent into the sending endpoint's
 * pending error.
 *
 * <p>Demultiplexing (as Linux without {@code SO_REUSEADDR}): a port holds at most one endpoint per
 * local address, and an endpoint bound to 0.0.0.0 excludes all others on its port. A unicast
 * datagram goes to the endpoint bound to its destination address, else to the one bound to
 * 0.0.0.0; a connected endpoint takes only datagrams from its peer. A datagram for a broadcast
 * address goes to every endpoint bound to 0.0.0.0 on that port.
 *
 * <p>Pure protocol code: use it only on the thread that owns the stack.
 */
public final class UdpLayer implements IpProtocolHandler, OutputSource {
    /** The largest payload: 65,535 minus the IPv4 and UDP headers. */
    public static final int MAX_PAYLOAD = 0xFFFF - Ipv4Repr.MIN_HEADER_LEN - UdpRepr.HEADER_LEN;

    private final Stack stack;
    private final UdpConfig config;
    private final RandomGenerator random;
    private final UdpStats stats = new UdpStats();
    private final PortTable ports = new PortTable();
    /** Endpoints with datagrams in their send rings: a lock-free list pushed by any thread. */
    private final java.util.concurrent.atomic.AtomicReference<UdpEndpoint> scheduled =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Wakes the loop thread when an application thread schedules a send (set by the socket library). */
    private volatile Runnable outputWaker = () -> { };
    /** Every open endpoint, bound or not, in opening order. */
    private final Set<UdpEndpoint> open = new LinkedHashSet<>();

    private UdpLayer(Stack stack, UdpConfig config, RandomGenerator random) {
        this.stack = stack;
        this.config = config;
        this.random = random;
    }

    /**
     * Creates the UDP layer of {@code stack} and registers it for IP protocol 17.
     *
     * @param random the source of ephemeral port choices; use an unpredictable one (a
     *               {@link java.security.SecureRandom}) where off-path attackers matter (RFC 6056 §1, RFC 5452)
     */
    public static UdpLayer install(Stack stack, UdpConfig config, RandomGenerator random) {
        UdpLayer layer = new UdpLayer(Objects.requireNonNull(stack, "stack"), Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(random, "random"));
        stack.registerProtocol(IpProtocol.UDP, layer);
        stack.pool().addHolder(layer::forEachHeld);
        stack.addOutputSource(layer);
        return layer;
    }

    /** A new, unbound endpoint. */
    public UdpEndpoint open() {
        return open(config.receiveQueueDatagrams());
    }

    /**
     * A new, unbound endpoint whose receive queue holds at most {@code receiveQueueDatagrams}
     * (below the layer's limit; the byte limit stays the layer's). The queue's ring is made at this
     * size, so an endpoint that expects one answer (a resolver's query) asks for a small one.
     */
    public UdpEndpoint open(int receiveQueueDatagrams) {
        if (receiveQueueDatagrams < 1 || receiveQueueDatagrams > config.receiveQueueDatagrams()) {
            throw new IllegalArgumentException("receive queue of " + receiveQueueDatagrams + " datagrams, limit "
                    + config.receiveQueueDatagrams());
        }
        UdpEndpoint e = new UdpEndpoint(this, receiveQueueDatagrams);
        open.add(e);
        return e;
    }

    public UdpStats stats() {
        return stats;
    }

    public UdpConfig config() {
        return config;
    }

    public Stack stack() {
        return stack;
    }

    /** The open endpoints, in the order they were opened. */
    public List<UdpEndpoint> endpoints() {
        return List.copyOf(open);
    }

    /** The endpoint bound to {@code port} on {@code local} (exactly, or 0.0.0.0), or null. */
    public UdpEndpoint boundTo(Ipv4Address local, int port) {
        return ports.lookupLocal(local, port);
    }

    /**
     * A datagram for UDP: checked in place (RFC 768; the checksum is skipped when the link has
     * verified it), its endpoint found by port and address as primitives, and its buffer queued on
     * the endpoint with the window on the payload — no copy, nothing allocated.
     */
    @Override
    public void receive(IpHeader ip, PacketBuffer p, long now) {
        stats.received++;
        byte[] buf = p.array();
        int off = p.start();
        DropReason bad = UdpPacket.check(buf, off, p.length(), ip, !p.checksumVerified());
        if (bad != null) {
            if (bad == DropReason.BAD_CHECKSUM) {
                stats.checksumErrors++;
            }
            stats.drops.count(bad);
            p.release();
            return;
        }
        if (UdpPacket.checksum(buf, off) == 0) {
            stats.noChecksum++;   // RFC 768: all zeros, the sender computed none
        }
        int src = ip.sourceV4();
        int dst = ip.destinationV4();
        int sport = UdpPacket.sourcePort(buf, off);
        int dport = UdpPacket.destinationPort(buf, off);
        int dataLen = UdpPacket.length(buf, off) - UdpPacket.HEADER_LEN;
        // Ipv4Input only hands us datagrams for our own addresses or for a broadcast address.
        if (!stack.isLocalAddress(dst)) {
            broadcast(src, sport, dst, dport, p, dataLen);
            return;
        }
        UdpEndpoint e = ports.lookupLocal(dst, dport);
        if (e == null || dport == 0 || !e.accepts(src, sport)) {
            stats.noPort++;
            stats.drops.count(DropReason.NO_LISTENER);
            // RFC 1122 §4.1.3.1: "If a datagram arrives addressed to a UDP port for which there is no
            // pending LISTEN call, UDP SHOULD send an ICMP Port Unreachable message." Icmp applies
            // RFC 1122 §3.2.2's other rules and the rate limit.
            if (stack.icmp().sendDestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, ((Ipv4Packet) ip).toRepr(),
                    buf, off - ip.headerLength(), now)) {
                stats.portUnreachableSent++;
            }
            p.release();
            return;
        }
        p.advance(UdpPacket.HEADER_LEN);
        p.truncate(dataLen);
        e.enqueue(src, sport, dst, dport, p);
    }

    /** A datagram to a broadcast address: a copy for every endpoint bound to 0.0.0.0 on its port. */
    private void broadcast(int src, int sport, int dst, int dport, PacketBuffer p, int dataLen) {
        stats.broadcastIn++;
        p.advance(UdpPacket.HEADER_LEN);
        p.truncate(dataLen);
        int delivered = 0;
        for (UdpEndpoint e : ports.boundAny(dport)) {
            if (e.accepts(src, sport)) {
                e.enqueue(src, sport, dst, dport, stack.pool().copyOf(p));
                delivered++;
            }
        }
        p.release();
        if (delivered == 0) {
            // RFC 1122 §3.2.2 (and §4.1.3.1): never an ICMP error about a broadcast.
            stats.noPort++;
            stats.drops.count(DropReason.NO_LISTENER);
        }
    }

    /** Calls {@code c} with every buffer queued on an endpoint (the leak check). */
    void forEachHeld(java.util.function.Consumer<PacketBuffer> c) {
        for (UdpEndpoint e : open) {
            e.forEachHeld(c);
        }
    }

    /**
     * An ICMP error about a datagram we sent. RFC 1122 §4.1.3.3 says UDP MUST pass every ICMP error
     * up; what reaches the application here follows Linux instead ({@code __udp4_lib_err} without
     * {@code IP_RECVERR}): only "hard" errors (port and protocol unreachable...), and only to an
     * endpoint connected to the datagram's destination, since an unconnected socket cannot tell
     * which of its datagrams failed. Others are counted ({@link UdpStats#icmpErrorsIn()}) and dropped.
     */
    @Override
    public void onIcmpError(Ipv4Address reporter, IcmpRepr error, QuotedPacket quoted, long now) {
        stats.icmpErrorsIn++;
        if (quoted.protocol() != IpProtocol.UDP || quoted.payloadLength() < 4) {
            stats.icmpErrorsDropped++;
            stats.drops.count(DropReason.TRUNCATED);
            return;
        }
        UdpEndpoint e = ports.lookupLocal(quoted.source(), quoted.payloadU16(0));
        if (e == null) {
            stats.icmpErrorsDropped++;
            stats.drops.count(DropReason.NO_LISTENER);
            return;
        }
        Errno errno = hardError(error);
        if (errno != null && e.icmpError(errno, quoted.destination(), quoted.payloadU16(2))) {
            stats.icmpErrorsDelivered++;
        } else {
            stats.icmpErrorsIgnored++;
        }
    }

    /** As {@link IcmpErrorCodes#hardError}. */
    static Errno hardError(IcmpRepr error) {
        return IcmpErrorCodes.hardError(error);
    }

    // ---- used by UdpEndpoint ----

    /**
     * Binds {@code e} to {@code port} on {@code local}; port 0 picks an ephemeral port.
     *
     * @return the port, or -1 if it is in use (or no ephemeral port is free)
     */
    int bind(UdpEndpoint e, Ipv4Address local, int port) {
        if (port == 0) {
            port = ephemeralPort(local);
            if (port < 0) {
                return -1;
            }
        } else if (ports.conflicts(local, port)) {
            return -1;
        }
        ports.add(e, port);
        return port;
    }

    /** RFC 6056 §3.3.1, Algorithm 1, as TCP ({@link EphemeralPorts}): a UDP bind does not know its peer. */
    private int ephemeralPort(Ipv4Address local) {
        return EphemeralPorts.choose(random, config.ephemeralLow(), config.ephemeralCount(),
                port -> ports.conflicts(local, port));
    }

    void unbind(UdpEndpoint e, int port) {
        ports.remove(e, port);
    }

    /** Called by the owner of the loop (the socket library): how to wake the loop for scheduled sends. */
    public void outputWaker(Runnable waker) {
        outputWaker = Objects.requireNonNull(waker);
    }

    /** Any thread: {@code e} has datagrams in its send ring (pushed once while scheduled). */
    void schedule(UdpEndpoint e) {
        UdpEndpoint head;
        do {
            head = scheduled.get();
            e.nextScheduled = head;
        } while (!scheduled.compareAndSet(head, e));
        outputWaker.run();
    }

    /** Whether an endpoint has scheduled sends the loop has not made yet. Any thread. */
    @Override
    public boolean hasOutput() {
        return scheduled.get() != null;
    }

    /**
     * Loop: sends what application threads queued in send rings since the last call, endpoints in
     * the order they were scheduled.
     */
    @Override
    public void flushOutput(long now) {
        UdpEndpoint list = scheduled.getAndSet(null);
        if (list == null) {
            return;
        }
        UdpEndpoint reversed = null;
        while (list != null) {
            UdpEndpoint next = list.nextScheduled;
            list.nextScheduled = reversed;
            reversed = list;
            list = next;
        }
        for (UdpEndpoint e = reversed; e != null; ) {
            UdpEndpoint next = e.nextScheduled;
            e.nextScheduled = null;
            e.drainSendRing(now);
            e = next;
        }
    }

    void closed(UdpEndpoint e) {
        open.remove(e);
    }
}
