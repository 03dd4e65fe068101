package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.SendResult;
import io.netstack4j.iface.Stack;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.UdpPacket;
import io.netstack4j.wire.UdpRepr;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One UDP socket's control block: its local and (when connected) remote address, a bounded receive
 * queue, and a pending error. Opened by {@link UdpLayer#open()}.
 *
 * <p>Pure protocol code: use it only on the thread that owns the stack. Nothing here blocks:
 * {@link #receive()} returns null when the queue is empty, and {@link #onReadiness} tells the
 * owner (the socket library, a resolver) when that changes. The receive queue is a
 * {@link ReceiveRing} holding each datagram in the buffer it arrived in; its consumer side may be
 * used by one application thread at a time instead ({@link #receiveRing()}).
 */
public final class UdpEndpoint {
    private final UdpLayer layer;
    private final UdpConfig config;
    private final ReceiveRing queue;
    private long drops;
    private long datagramsIn;
    private long datagramsOut;
    /** The address given to bind (0.0.0.0 for any), which the port table knows us by. */
    private Ipv4Address boundAddress = Ipv4Address.ANY;
    /** The local address: the bound one, or the route's source once connected. */
    private Ipv4Address localAddress = Ipv4Address.ANY;
    private int localPort;
    private boolean bound;
    private volatile Ipv4Address remoteAddress = Ipv4Address.ANY;
    private volatile int remotePort;
    private volatile boolean connected;
    private volatile boolean closed;
    /** An error reported by ICMP (Linux's {@code sk_err}), given to the next call. */
    private volatile Errno pendingError;
    /** Datagrams queued by an application thread for the loop to send; made on first use. */
    private volatile SendRing sendRing;
    /** Set while this endpoint waits in its layer's list of endpoints with datagrams to send. */
    final java.util.concurrent.atomic.AtomicBoolean sendScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** The next endpoint in that list (written before the list's head is swung to this one). */
    UdpEndpoint nextScheduled;
    /** Sends from the ring that failed on the loop (no route since, a full ARP queue): counted only. */
    private long sendRingDrops;
    private Runnable readiness;

    UdpEndpoint(UdpLayer layer, int receiveQueueDatagrams) {
        this.layer = layer;
        this.config = layer.config();
        this.queue = new ReceiveRing(receiveQueueDatagrams);
    }

    /**
     * Binds to {@code port} on {@code local}.
     *
     * @param local 0.0.0.0 (all of this host's addresses) or one of them
     * @param port  1..65535, or 0 for an ephemeral port chosen at random (RFC 6056, see
     *              {@link UdpLayer})
     * @throws SocketException EBADF if closed; EINVAL if already bound or the port is out of range;
     *                         EADDRNOTAVAIL if {@code local} is not ours; EADDRINUSE if taken (or,
     *                         for port 0, no ephemeral port is free)
     */
    public void bind(Ipv4Address local, int port) throws SocketException {
        Objects.requireNonNull(local, "local");
        checkOpen("bind");
        if (bound) {
            throw new SocketException("bind", Errno.EINVAL, "already bound to " + localAddress + ":" + localPort);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new SocketException("bind", Errno.EINVAL, "port " + port);
        }
        if (!local.isUnspecified() && !layer.stack().isLocalAddress(local)) {
            throw new SocketException("bind", Errno.EADDRNOTAVAIL, local.toString());
        }
        doBind(local, port, "bind");
    }

    private void doBind(Ipv4Address local, int port, String call) throws SocketException {
        boundAddress = local;   // the port table reads it while checking
        int p = layer.bind(this, local, port);
        if (p < 0) {
            boundAddress = Ipv4Address.ANY;
            throw new SocketException(call, Errno.EADDRINUSE, port == 0 ? "no free ephemeral port" : local + ":" + port);
        }
        localAddress = local;
        localPort = p;
        bound = true;
    }

    /**
     * Sets the default destination and accepts datagrams only from it (POSIX {@code connect} on a
     * datagram socket). Binds to an ephemeral port first if unbound; the local address becomes the
     * route's source address unless one was bound. {@code remote} 0.0.0.0 dissolves the
     * association (as {@code AF_UNSPEC} on Linux).
     *
     * @throws SocketException EBADF if closed; EINVAL for port 0 (or out of range); ENETUNREACH if
     *                         there is no route; EADDRINUSE if no ephemeral port is free
     */
    public void connect(Ipv4Address remote, int port) throws SocketException {
        Objects.requireNonNull(remote, "remote");
        checkOpen("connect");
        if (remote.isUnspecified()) {
            connected = false;
            remoteAddress = Ipv4Address.ANY;
            remotePort = 0;
            localAddress = boundAddress;
            return;
        }
        if (port <= 0 || port > 0xFFFF) {
            throw new SocketException("connect", Errno.EINVAL, "port " + port);
        }
        Ipv4Address src = boundAddress.isUnspecified() ? layer.stack().sourceAddressFor(remote) : boundAddress;
        if (src == null) {
            throw new SocketException("connect", Errno.ENETUNREACH, remote.toString());
        }
        if (!bound) {
            doBind(Ipv4Address.ANY, 0, "connect");
        }
        localAddress = src;
        remoteAddress = remote;
        remotePort = port;
        connected = true;
        pendingError = null;
    }

    /**
     * Sends one datagram to {@code dst:port}, binding to an ephemeral port first if unbound. The
     * checksum is always computed (RFC 768; RFC 1122 §4.1.3.4 says it MUST be on by default).
     *
     * @return {@code len}
     * @throws SocketException EBADF if closed; a pending ICMP error (ECONNREFUSED...) of a connected
     *                         endpoint, cleared as it is reported; EINVAL for port 0; EMSGSIZE over
     *                         {@link UdpLayer#MAX_PAYLOAD}; ENETUNREACH with no route; ENOBUFS when a
     *                         bounded queue of the stack (ARP, loopback) is full
     */
    public int sendTo(Ipv4Address dst, int port, byte[] b, int off, int len, long now) throws SocketException {
        return send("sendto", dst, port, b, off, len, now);
    }

    /**
     * Sends to the connected peer.
     *
     * @throws SocketException EDESTADDRREQ if not connected; otherwise as {@link #sendTo}
     */
    public int send(byte[] b, int off, int len, long now) throws SocketException {
        checkOpen("send");
        if (!connected) {
            throw new SocketException("send", Errno.EDESTADDRREQ);
        }
        return send("send", remoteAddress, remotePort, b, off, len, now);
    }

    private int send(String call, Ipv4Address dst, int port, byte[] b, int off, int len, long now)
            throws SocketException {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen(call);
        throwPendingError(call);
        if (port <= 0 || port > 0xFFFF) {
            throw new SocketException(call, Errno.EINVAL, "port " + port);
        }
        if (len > UdpLayer.MAX_PAYLOAD) {
            throw new SocketException(call, Errno.EMSGSIZE, len + " bytes");
        }
        Stack stack = layer.stack();
        Ipv4Address src = localAddress.isUnspecified() ? stack.sourceAddressFor(dst) : localAddress;
        if (src == null) {
            throw new SocketException(call, Errno.ENETUNREACH, dst.toString());
        }
        if (!bound) {
            doBind(Ipv4Address.ANY, 0, call);
        }
        SendRing ring = sendRing;
        if (ring != null && !ring.isEmpty()) {
            drainSendRing(now);   // what the application queued earlier leaves first
        }
        PacketBuffer p = stack.allocate(len);   // the headers go into its headroom
        System.arraycopy(b, off, p.array(), p.append(len), len);
        return sendBuffer(call, p, src.bits(), dst.bits(), port, now);
    }

    /**
     * Sends the payload in the window of {@code p} (which becomes the stack's) from {@code src}: the
     * UDP header is pushed in front of it and the checksum computed once over header and payload.
     */
    int sendBuffer(String call, PacketBuffer p, int src, int dst, int port, long now) throws SocketException {
        Stack stack = layer.stack();
        int len = p.length();
        int at = p.prepend(UdpRepr.HEADER_LEN);
        UdpPacket.emit(p.array(), at, localPort, port, len, src, dst, stack.txChecksumOffload());
        SendResult r = stack.send(p, src, dst, IpProtocol.UDP, 0, false, now);
        Errno err = switch (r) {
            case SENT, QUEUED -> null;
            case NO_ROUTE -> Errno.ENETUNREACH;
            case INVALID_SOURCE -> Errno.EADDRNOTAVAIL;
            case FRAGMENTATION_NEEDED, TOO_LARGE -> Errno.EMSGSIZE;
            case QUEUE_FULL -> Errno.ENOBUFS;
        };
        if (err != null) {
            throw new SocketException(call, err, new Ipv4Address(dst) + ":" + port);
        }
        layer.stats().datagramsOut++;
        layer.stats().bytesOut += len;
        datagramsOut++;
        return len;
    }

    /**
     * The next queued datagram, or null if none.
     *
     * @throws SocketException EBADF if closed; a pending ICMP error first (ECONNREFUSED after a port
     *                         unreachable, connected endpoints only, as Linux), cleared as it is reported
     */
    public UdpDatagram receive() throws SocketException {
        checkOpen("recvfrom");
        throwPendingError("recvfrom");
        return queue.takeDatagram();
    }

    /**
     * The receive queue itself, whose consumer side one application thread at a time may use
     * directly ({@link ReceiveRing#take}) instead of {@link #receive()}: the socket library does,
     * so a datagram already waiting is taken on the caller's thread.
     */
    public ReceiveRing receiveRing() {
        return queue;
    }

    /** The array size of the stack's packet buffers (what one send-ring slot holds). */
    public int bufferSize() {
        return layer.stack().pool().bufferSize();
    }

    /** Whether {@link #receive()} would return at once: a datagram, a pending error, or closed. */
    public boolean readable() {
        return closed || pendingError != null || !queue.isEmpty();
    }

    /** The error the next call will report, or null. */
    public Errno pendingError() {
        return pendingError;
    }

    public int queuedDatagrams() {
        return queue.size();
    }

    public int queuedBytes() {
        return (int) queue.bytes();
    }

    /** Datagrams dropped because the receive queue was full. */
    public long drops() {
        return drops;
    }

    public long datagramsIn() {
        return datagramsIn;
    }

    public long datagramsOut() {
        return datagramsOut;
    }

    /**
     * Sets the callback run (on the loop thread) whenever the endpoint may have become readable: a
     * datagram queued, an error pending, or the endpoint closed. One callback; null removes it.
     */
    public void onReadiness(Runnable r) {
        readiness = r;
    }

    public Ipv4Address localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    /** The address given to bind: 0.0.0.0 unless bound to a specific one. */
    public Ipv4Address boundAddress() {
        return boundAddress;
    }

    public Ipv4Address remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    public boolean isBound() {
        return bound;
    }

    public boolean isConnected() {
        return connected;
    }

    public boolean isClosed() {
        return closed;
    }

    public UdpConfig config() {
        return config;
    }

    /**
     * Sends what application threads had queued in the send ring (those sends have returned: the
     * datagrams were accepted, as a kernel's socket buffer accepts them), then {@link #close()}s.
     */
    public void close(long now) {
        SendRing ring = sendRing;
        if (ring != null && !closed && !ring.isEmpty()) {
            drainSendRing(now);
        }
        close();
    }

    /** Releases the port, drops what is queued and wakes the readiness callback. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bound) {
            layer.unbind(this, localPort);
        }
        layer.closed(this);
        queue.clear();
        SendRing ring = sendRing;
        if (ring != null) {
            ring.close();
            sendRing = null;
        }
        pendingError = null;
        fire();
        readiness = null;
    }

    @Override
    public String toString() {
        String s = "udp " + localAddress + ":" + localPort;
        if (connected) {
            s += " -> " + remoteAddress + ":" + remotePort;
        }
        return s + (closed ? " closed" : "") + ", " + queue.size() + " queued";
    }

    // ---- used by UdpLayer ----

    /** A connected endpoint takes datagrams only from its peer. */
    boolean accepts(int src, int srcPort) {
        return !connected || (remoteAddress.bits() == src && remotePort == srcPort);
    }

    /** Queues the datagram whose payload is the window of {@code p} (kept, or released if the queue is full). */
    void enqueue(int src, int srcPort, int dst, int dstPort, PacketBuffer p) {
        UdpStats stats = layer.stats();
        int len = p.length();
        if (!queue.offer(p, src, srcPort, dst, dstPort, config.receiveQueueBytes())) {
            p.release();
            drops++;
            stats.queueDrops++;
            stats.drops.count(DropReason.QUEUE_FULL);
            return;
        }
        datagramsIn++;
        stats.datagramsIn++;
        stats.bytesIn += len;
        fire();
    }

    /** The buffers this endpoint keeps (the leak check). */
    void forEachHeld(Consumer<PacketBuffer> c) {
        queue.forEachHeld(c);
        SendRing ring = sendRing;
        if (ring != null) {
            ring.forEachHeld(c);
        }
    }

    // ---- sends from an application thread (the socket library's fast path) ----

    /**
     * The send ring, made (its slots filled from the stack's pool) if there is none yet. Loop
     * thread only; afterwards the socket library offers datagrams to it from one application
     * thread at a time and calls {@link #scheduleSend()}.
     *
     * @param slots a power of two
     */
    public SendRing openSendRing(int slots) {
        SendRing r = sendRing;
        if (r == null && !closed) {
            Stack stack = layer.stack();
            r = new SendRing(slots, stack::allocate, io.netstack4j.buffer.PacketPool.HEADROOM);
            sendRing = r;
        }
        return r;
    }

    /** The send ring, or null if none was opened (or the endpoint closed). Any thread. */
    public SendRing sendRing() {
        return sendRing;
    }

    /**
     * Any thread, after offering to the send ring: puts this endpoint on its layer's list of
     * endpoints with datagrams to send (once) and wakes the loop.
     */
    public void scheduleSend() {
        if (sendScheduled.compareAndSet(false, true)) {
            layer.schedule(this);
        }
    }

    /** Loop: sends what the ring holds. Errors are counted (the sender has already returned). */
    void drainSendRing(long now) {
        sendScheduled.set(false);   // before draining: a later offer schedules again
        SendRing ring = sendRing;
        if (ring == null || closed) {
            return;
        }
        Stack stack = layer.stack();
        ring.drain((p, dst, port) -> {
            int src = localAddress.isUnspecified() ? stack.sourceAddressFor(dst) : localAddress.bits();
            try {
                if (src == 0) {
                    p.release();
                    throw new SocketException("send", Errno.ENETUNREACH, new Ipv4Address(dst).toString());
                }
                sendBuffer("send", p, src, dst, port, now);
            } catch (SocketException e) {
                sendRingDrops++;
                layer.stats().drops.count(DropReason.NO_ROUTE);
            }
        }, stack::allocate, io.netstack4j.buffer.PacketPool.HEADROOM);
    }

    /** Datagrams from the send ring that the loop could not send. */
    public long sendRingDrops() {
        return sendRingDrops;
    }

    /** An ICMP hard error about a datagram to {@code dst:dstPort}; kept only if connected to it. */
    boolean icmpError(Errno errno, Ipv4Address dst, int dstPort) {
        if (!connected || !remoteAddress.equals(dst) || remotePort != dstPort) {
            return false;
        }
        pendingError = errno;
        fire();
        return true;
    }

    private void fire() {
        Runnable r = readiness;
        if (r != null) {
            r.run();
        }
    }

    private void checkOpen(String call) throws SocketException {
        if (closed) {
            throw new SocketException(call, Errno.EBADF, "endpoint closed");
        }
    }

    private void throwPendingError(String call) throws SocketException {
        Errno e = pendingError;
        if (e != null) {
            pendingError = null;
            throw new SocketException(call, e);
        }
    }
}
