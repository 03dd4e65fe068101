package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.IpProtocolHandler;
import io.netstack4j.iface.NetworkLayer;
import io.netstack4j.iface.OutputSource;
import io.netstack4j.iface.QuotedPacket;
import io.netstack4j.iface.Stack;
import io.netstack4j.socket.EphemeralPorts;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.IcmpErrorCodes;
import io.netstack4j.socket.SocketException;
import io.netstack4j.stats.DropReason;
import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpHeader;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.TcpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * TCP (RFC 9293), the handler of IP protocol 6: checks each segment, finds its connection by a
 * primitive hash of the 4-tuple ({@link ConnectionTable}), else its TIME-WAIT entry, else a
 * listener, else answers with a reset (§3.10.7.1). Connections are opened here (active and
 * passive), moved to TIME-WAIT and erased here; the acknowledgements that input calls for are sent
 * once per input burst ({@link #endOfInputBurst}). Pure protocol code: the loop thread only.
 */
public final class TcpLayer implements IpProtocolHandler, OutputSource {
    static final int EPHEMERAL_LOW = 32768;
    static final int EPHEMERAL_COUNT = 60999 - 32768 + 1;   // Linux's ip_local_port_range
    private static final long SECOND = 1_000_000_000L;

    final Stack stack;
    final TcpConfig config;
    final RandomGenerator random;
    final TcpStats stats = new TcpStats();
    /** The holder {@code TcpInput} takes held out-of-order segments into (one per layer: no allocation). */
    final OutOfOrder.Taken taken = new OutOfOrder.Taken();
    /** The connections' ring arrays, kept for reuse as rings grow and are given back. */
    private final RingArrays ringArrays = new RingArrays();
    final ConnectionTable table = new ConnectionTable();
    final IsnGenerator isn;
    final SynCookies cookies;
    private final Segment segment = new Segment();
    /** Sockets bound to each port (any address). */
    final char[] bound = new char[65536];
    TcpListener[] listeners;
    private TcpConnection dirtyHead;
    int connections;
    int timeWaits;
    private long challengeWindowStart = Long.MIN_VALUE;
    private int challengeCount;
    /** Connections application threads wrote to (or read from): a lock-free stack, drained by the loop. */
    private final java.util.concurrent.atomic.AtomicReference<TcpConnection> scheduledHead =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final java.lang.invoke.VarHandle SCHEDULED;

    static {
        try {
            SCHEDULED = java.lang.invoke.MethodHandles.privateLookupIn(TcpConnection.class,
                    java.lang.invoke.MethodHandles.lookup()).findVarHandle(TcpConnection.class, "scheduled", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Wakes the loop thread when an application thread schedules output (set by the socket library). */
    private volatile Runnable outputWaker = () -> { };

    /** Opening connections: active opens, listeners, SYN cookies. */
    final TcpAccept accept = new TcpAccept(this);
    /** TIME-WAIT entries. */
    final TimeWaits timeWait = new TimeWaits(this);

    private TcpLayer(Stack stack, TcpConfig config, RandomGenerator random) {
        this.stack = stack;
        this.config = config;
        this.random = random;
        this.isn = new IsnGenerator(random);
        this.cookies = new SynCookies(random);
    }

    /** Creates the TCP layer of {@code stack} and registers it for IP protocol 6. */
    public static TcpLayer install(Stack stack, TcpConfig config, RandomGenerator random) {
        TcpLayer layer = new TcpLayer(Objects.requireNonNull(stack), Objects.requireNonNull(config),
                Objects.requireNonNull(random));
        stack.registerProtocol(IpProtocol.TCP, layer);
        stack.addOutputSource(layer);
        stack.pool().addHolder(layer::forEachHeld);
        return layer;
    }

    public TcpConfig config() {
        return config;
    }

    /**
     * Connections out of the table (closed, or in TIME-WAIT) whose application has not closed yet:
     * their receive queues still hold what it may read. Bounded by the descriptors open.
     */
    final java.util.List<TcpConnection> unreadAfterClose = new java.util.ArrayList<>();

    /** The packet buffers the connections hold (receive queues, out-of-order segments), for the leak detector. */
    void forEachHeld(java.util.function.Consumer<io.netstack4j.buffer.PacketBuffer> out) {
        table.forEach(t -> {
            if (t instanceof TcpConnection c) {
                heldBy(c, out);
            }
        });
        for (TcpConnection c : unreadAfterClose) {
            heldBy(c, out);
        }
    }

    private static void heldBy(TcpConnection c, java.util.function.Consumer<io.netstack4j.buffer.PacketBuffer> out) {
        RecvQueue r = c.recvBuf;
        if (r != null) {
            r.forEachHeld(out);
        }
        OutOfOrder o = c.outOfOrder;
        if (o != null) {
            o.forEachHeld(out);
        }
    }

    RingArrays ringArrays() {
        return ringArrays;
    }

    public TcpStats stats() {
        return stats;
    }

    NetworkLayer network() {
        return stack;
    }

    TimerWheel timers() {
        return stack.timers();
    }

    /** Connections in any state but TIME-WAIT, listeners not counted. */
    public int connectionCount() {
        return connections;
    }

    /** TIME-WAIT entries. */
    public int timeWaitCount() {
        return timeWaits;
    }

    /** Every connection and TIME-WAIT entry as "tuple STATE" lines (tests, consoles). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        table.forEach(t -> out.add(t instanceof TcpConnection c ? c.toString() : "tcp " + t.tupleText() + " TIME-WAIT"));
        return out;
    }

    /**
     * The host is going away: every connection still open is reset, so that peers learn it now rather
     * than after their timeouts; one whose FIN was acknowledged (FIN-WAIT-2: the peer has everything)
     * and TIME-WAIT entries are just forgotten.
     */
    public void abortAll(long now) {
        List<FourTuple> all = new ArrayList<>();
        table.forEach(all::add);
        for (FourTuple t : all) {
            if (t instanceof TcpConnection c) {
                if (c.finQueued && c.finAcked()) {
                    erase(c);   // FIN-WAIT-2: the peer has every byte and our FIN; nothing to reset
                } else {
                    c.abort(now);
                }
            } else if (t instanceof TimeWait tw) {
                timeWait.expireTimeWait(tw);
            }
        }
    }

    /** Connections with data or a FIN not yet acknowledged (what {@code NetStack.close} waits for). */
    public int deliveringConnections() {
        int[] n = new int[1];
        table.forEach(t -> {
            if (t instanceof TcpConnection c && (c.unsentAndUnacked() > 0 || c.finQueued && !c.finAcked())
                    && c.state != TcpState.SYN_SENT && c.state != TcpState.SYN_RECEIVED) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** A new connection in CLOSED, not yet bound: the protocol side of a stream socket. */
    public TcpConnection open() {
        return new TcpConnection(this);
    }

    // ---- ports ----

    /**
     * Binds {@code port} (0: an ephemeral one, RFC 6056) for a socket.
     *
     * @return the port
     * @throws SocketException EADDRINUSE
     */
    int bindPort(int addr, int port, boolean reuse) throws SocketException {
        if (port == 0) {
            port = EphemeralPorts.choose(random, EPHEMERAL_LOW, EPHEMERAL_COUNT, p -> bound[p] != 0);
            if (port < 0) {
                throw new SocketException("bind", Errno.EADDRINUSE, "no free ephemeral port");
            }
        } else if (bound[port] != 0 && !(reuse && listenerOn(port) == null)) {
            throw new SocketException("bind", Errno.EADDRINUSE, new Ipv4Address(addr) + ":" + port);
        }
        bound[port]++;
        return port;
    }

    void unbindPort(int port) {
        if (bound[port] > 0) {
            bound[port]--;
        }
    }

    TcpListener listenerOn(int port) {
        return listeners == null ? null : listeners[port];
    }

    // ---- opening (TcpAccept) and TIME-WAIT (TimeWaits) ----

    /**
     * LISTEN (RFC 9293 §3.10.1, passive OPEN) on the port {@code c} is bound to (an ephemeral one if
     * unbound); {@code c} becomes the listening socket.
     */
    public TcpListener listen(TcpConnection c, int backlog) throws SocketException {
        return accept.listen(c, backlog);
    }

    void closeListener(TcpListener l, long now) {
        accept.closeListener(l, now);
    }

    void activeOpen(TcpConnection c, int addr, int port, long now) throws SocketException {
        accept.activeOpen(c, addr, port, now);
    }

    void enterTimeWait(TcpConnection c, long now) {
        timeWait.enterTimeWait(c, now);
    }

    /** Connect's own timeout (on top of the SYN retries). */
    public void connectDeadline(TcpConnection c, long at) {
        c.giveUpAt = at;
        TcpTimers.schedule(c);
    }

    // ---- input ----

    @Override
    public void receive(IpHeader ip, PacketBuffer p, long now) {
        try {
            stats.inSegs++;
            byte[] b = p.array();
            int off = p.start();
            DropReason bad = TcpPacket.check(b, off, p.length(), ip, !p.checksumVerified());
            if (bad != null) {
                if (bad == DropReason.BAD_CHECKSUM) {
                    stats.inCsumErrors++;
                }
                stats.drops.count(bad);
                return;
            }
            int dst = ip.destinationV4();
            if (!stack.isLocalAddress(dst)) {
                stats.drops.count(DropReason.IP_NOT_FOR_US);   // a broadcast: TCP has no use for it
                return;
            }
            Segment s = segment;
            int hl = TcpPacket.headerLength(b, off);
            if (hl > TcpPacket.HEADER_LEN) {
                DropReason badOption = s.options.parse(b, off);
                if (badOption != null) {
                    stats.drops.count(badOption);
                    return;
                }
            } else {
                s.options.clear();
            }
            s.flags = TcpPacket.flags(b, off);
            if (badFlags(s.flags)) {
                stats.drops.count(DropReason.TCP_BAD_FLAGS);
                return;
            }
            s.src = ip.sourceV4();
            s.dst = dst;
            s.srcPort = TcpPacket.sourcePort(b, off);
            s.dstPort = TcpPacket.destinationPort(b, off);
            s.seq = TcpPacket.seq(b, off);
            s.ack = TcpPacket.ack(b, off);
            s.window = TcpPacket.window(b, off);
            s.array = b;
            s.buffer = p;
            s.kept = false;
            s.dataOff = off + hl;
            s.len = p.length() - hl;
            FourTuple t = table.get(dst, s.dstPort, s.src, s.srcPort);
            if (t instanceof TcpConnection c) {
                TcpInput.segmentArrives(c, s, now);
            } else if (t instanceof TimeWait tw) {
                timeWait.timeWaitSegment(tw, s, now);
            } else {
                TcpListener l = listeners == null ? null : accept.findListener(dst, s.dstPort);
                if (l != null) {
                    accept.listenSegment(l, s, now);
                } else {
                    closedPort(s, now);
                }
            }
        } finally {
            if (!segment.kept) {
                p.release();
            }
            segment.buffer = null;
            segment.kept = false;
        }
    }

    /** SYN with FIN or RST, or no flag at all: no state accepts them (RFC 9293 §3.10.7). */
    private static boolean badFlags(int f) {
        int synFinRst = f & (TcpPacket.SYN | TcpPacket.FIN | TcpPacket.RST);
        return (f & TcpPacket.SYN) != 0 && synFinRst != TcpPacket.SYN
                || (f & (TcpPacket.SYN | TcpPacket.FIN | TcpPacket.RST | TcpPacket.ACK)) == 0;
    }

    /** RFC 9293 §3.10.7.1: the connection does not exist (CLOSED). */
    void closedPort(Segment s, long now) {
        stats.drops.count(DropReason.NO_LISTENER);
        if (s.rst()) {
            return;   // never a reset for a reset
        }
        sendResetFor(s, now);
    }

    private void sendResetFor(Segment s, long now) {
        if (s.ackFlag()) {
            TcpOutput.sendControl(this, s.dst, s.dstPort, s.src, s.srcPort, s.ack, 0, TcpPacket.RST, 0, 0, now);
        } else {
            TcpOutput.sendControl(this, s.dst, s.dstPort, s.src, s.srcPort, 0, s.seq + s.seqLen(),
                    TcpPacket.RST | TcpPacket.ACK, 0, 0, now);
        }
        stats.outRsts++;
    }

    // ---- state changes the connections ask for ----

    /** Erases {@code c}: out of the table, timers cancelled, port and buffers released; CLOSED. */
    void erase(TcpConnection c) {
        if (c.inTable) {
            table.remove(c);
            connections--;
        }
        c.timer.cancel();
        if (c.parent != null) {
            c.parent.synQueue.remove(c);
        }
        releasePort(c);
        c.setState(TcpState.CLOSED);
        TcpTimers.dropBuffers(c);
        c.dirty = false;
    }

    void releasePort(TcpConnection c) {
        if (c.bound) {
            unbindPort(c.localPort);
            c.bound = false;
        }
    }

    /** Marks {@code c} for output at the end of this input burst (once). */
    void dirty(TcpConnection c) {
        if (!c.dirty && c.inTable) {
            c.dirty = true;
            c.nextDirty = dirtyHead;
            dirtyHead = c;
        }
    }

    /**
     * The socket above {@code c} is told of a readiness change (data, room, a FIN, established) at the
     * end of this input burst, not now: the callback may run a waiting call (a write that sends),
     * which must not run in the middle of processing a segment (before its window is taken, say).
     */
    void notifyLater(TcpConnection c) {
        if (c.inTable) {
            c.notifyPending = true;
            dirty(c);
        } else {
            c.readiness.run();
        }
    }

    /** The input burst is over: each connection it touched sends what it now can (and one ACK). */
    @Override
    public void endOfInputBurst(long now) {
        while (dirtyHead != null) {
            TcpConnection c = dirtyHead;
            dirtyHead = c.nextDirty;
            c.nextDirty = null;
            if (c.dirty) {
                c.dirty = false;
                TcpOutput.output(c, now);
                TcpTimers.schedule(c);
            }
            if (c.notifyPending) {
                c.notifyPending = false;
                c.readiness.run();
            }
        }
    }

    /** RFC 5961 §7: a challenge ACK, at most {@code challengeAcksPerSecond} a second for the stack. */
    void challengeAck(TcpConnection c, long now) {
        // (The first call starts the window: now - Long.MIN_VALUE would overflow to a negative.)
        if (challengeWindowStart == Long.MIN_VALUE || now - challengeWindowStart >= SECOND) {
            challengeWindowStart = now;
            challengeCount = 0;
        }
        if (challengeCount >= config.challengeAcksPerSecond()) {
            stats.challengeAcksLimited++;
            return;
        }
        challengeCount++;
        stats.challengeAcks++;
        TcpOutput.sendAck(c, now);
    }

    // ---- the caller-thread data path ----

    /** How to wake the loop when an application thread schedules output. */
    public void outputWaker(Runnable waker) {
        outputWaker = Objects.requireNonNull(waker);
    }

    /**
     * Any thread: {@code c} has new data in its send ring (or freed receive space): the loop sends
     * what it can at its next turn. Pushed once while scheduled; the loop is woken only if parked.
     */
    public void scheduleOutput(TcpConnection c) {
        if (!SCHEDULED.compareAndSet(c, 0, 1)) {
            return;
        }
        TcpConnection head;
        do {
            head = scheduledHead.get();
            c.nextScheduled = head;
        } while (!scheduledHead.compareAndSet(head, c));
        outputWaker.run();
    }

    @Override
    public boolean hasOutput() {
        return scheduledHead.get() != null;
    }

    /** Loop: sends for every connection application threads scheduled since the last turn. */
    @Override
    public void flushOutput(long now) {
        TcpConnection c = scheduledHead.getAndSet(null);
        while (c != null) {
            TcpConnection next = c.nextScheduled;
            c.nextScheduled = null;
            c.scheduled = 0;
            if (c.inTable) {
                if (c.windowUpdateWanted) {
                    c.windowUpdateWanted = false;
                    TcpOutput.afterRead(c, now);
                }
                TcpOutput.output(c, now);
                TcpTimers.schedule(c);
            }
            c = next;
        }
    }

    // ---- ICMP ----

    /**
     * An ICMP error about a segment we sent (RFC 5927 §4.1: only if its sequence number is in flight,
     * SND.UNA =< SEG.SEQ < SND.NXT). A Destination Unreachable aborts a connection in SYN-SENT, soft
     * or hard, as Linux does (so a connect to a host ARP cannot find fails in about 3 s with
     * EHOSTUNREACH; RFC 1122 §4.2.3.9 would only remember the soft ones); in other states errors are
     * remembered and reported if the connection times out.
     */
    @Override
    public void onIcmpError(Ipv4Address reporter, IcmpRepr error, QuotedPacket quoted, long now) {
        stats.icmpErrors++;
        if (quoted.protocol() != IpProtocol.TCP || quoted.payloadLength() < 8) {
            return;
        }
        FourTuple t = table.get(quoted.source().bits(), quoted.payloadU16(0), quoted.destination().bits(),
                quoted.payloadU16(2));
        if (!(t instanceof TcpConnection c)) {
            return;
        }
        int seq = quoted.payloadU16(4) << 16 | quoted.payloadU16(6);
        if (!SeqNumber.inRange(seq, c.sndUna, c.sndMax + (c.sndMax == c.sndUna ? 1 : 0))) {
            return;   // not in flight: possibly forged (RFC 5927 §4.1)
        }
        Errno hard = IcmpErrorCodes.hardError(error);
        Errno soft = hard != null ? hard : error instanceof IcmpRepr.DestinationUnreachable ? Errno.EHOSTUNREACH : null;
        if (soft == null) {
            return;
        }
        if (c.state == TcpState.SYN_SENT) {
            c.fail(soft, now, false);   // as Linux: any unreachable during the handshake ends the connect
        } else {
            c.softError = soft;
        }
    }
}
