package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.ReceiveRing;
import io.netstack4j.socket.udp.SendRing;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpEndpoint;
import io.netstack4j.wire.Ipv4Address;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A datagram socket over a {@link UdpEndpoint}. The socket-library methods run on the loop thread,
 * but for the caller-thread paths ({@link #tryReceiveOnCaller}, {@link #trySendOnCaller},
 * {@link #readyOpsAnyThread}): a datagram already queued is copied out of the endpoint's
 * {@link ReceiveRing} on the caller's thread, and a datagram to a destination the socket has sent
 * to before is copied into its {@link SendRing} — neither posts a task to the loop.
 *
 * <p>Each ring has one consumer/producer at a time: {@code rxLock} serialises whoever takes from
 * the receive ring (application threads, or the loop answering a waiting call), {@code txLock}
 * whoever offers to the send ring. They are held only for a copy, never while waiting.
 */
final class UdpSocketImpl implements SocketImpl {
    /**
     * What the send ring of one socket may hold in (empty) buffers: 64 slots at MTU 1500 (about
     * 110 KB), 16 at MTU 65,535 (about 1 MiB). A socket that never sends has no ring. (Half of that
     * was measured to cost 3× per back-to-back send and a fifth of the 64 KiB rate.)
     */
    private static final int SEND_RING_BYTES = 1 << 20;
    private static final int MAX_SEND_SLOTS = 64;
    private static final long NO_DESTINATION = -1L;

    private final UdpEndpoint endpoint;
    private final ReentrantLock rxLock = new ReentrantLock();
    private final ReentrantLock txLock = new ReentrantLock();
    /**
     * Where a caller's thread may send without the loop: the address and port the loop last sent to
     * successfully, as {@code address << 16 | port}, or {@link #NO_DESTINATION}. Published by the loop.
     */
    private volatile long fastDestination = NO_DESTINATION;
    /** Whether a send to the connected peer may go on the caller's thread. */
    private volatile boolean fastConnected;

    UdpSocketImpl(UdpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    UdpEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String protocol() {
        return "udp";
    }

    @Override
    public void bind(SocketAddress4 local) throws SocketException {
        endpoint.bind(local.address(), local.port());
    }

    @Override
    public boolean connect(SocketAddress4 remote, long now) throws SocketException {
        fastConnected = false;
        fastDestination = NO_DESTINATION;
        endpoint.connect(remote.address(), remote.port());
        return true;
    }

    @Override
    public int send(byte[] b, int off, int len, SocketAddress4 to, long now) throws SocketException {
        // UDP never blocks on send: a datagram leaves at once or is refused (RFC 768 keeps no buffer).
        int n = to == null ? endpoint.send(b, off, len, now) : endpoint.sendTo(to.address(), to.port(), b, off, len, now);
        // It went: later sends to the same place may be handed over on the caller's thread.
        if (endpoint.sendRing() == null) {
            int slots = Math.max(4, Math.min(MAX_SEND_SLOTS,
                    Integer.highestOneBit(SEND_RING_BYTES / endpoint.bufferSize())));
            endpoint.openSendRing(slots);
        }
        if (to == null) {
            fastConnected = true;
        } else {
            fastDestination = key(to.address(), to.port());
        }
        return n;
    }

    private static long key(Ipv4Address a, int port) {
        return (a.bits() & 0xFFFF_FFFFL) << 16 | port;
    }

    @Override
    public int trySendOnCaller(byte[] b, int off, int len, SocketAddress4 to) {
        SendRing ring = endpoint.sendRing();
        if (ring == null || endpoint.isClosed() || endpoint.pendingError() != null || len > ring.maxPayload()) {
            return NOT_HERE;
        }
        int dst;
        int port;
        if (to == null) {
            if (!fastConnected) {
                return NOT_HERE;
            }
            dst = endpoint.remoteAddress().bits();
            port = endpoint.remotePort();
        } else {
            if (fastDestination != key(to.address(), to.port())) {
                return NOT_HERE;
            }
            dst = to.address().bits();
            port = to.port();
        }
        txLock.lock();
        try {
            if (!ring.offer(b, off, len, dst, port)) {
                return NOT_HERE;   // full: the loop's path waits its turn behind what is queued
            }
        } finally {
            txLock.unlock();
        }
        endpoint.scheduleSend();
        return len;
    }

    @Override
    public int tryReceiveOnCaller(byte[] b, int off, int len, SocketAddress4[] from) {
        if (endpoint.isClosed() || endpoint.pendingError() != null) {
            return NOT_HERE;   // the loop reports these (and clears the error)
        }
        ReceiveRing ring = endpoint.receiveRing();
        if (ring.isEmpty()) {
            return NOT_HERE;
        }
        rxLock.lock();
        try {
            if (ring.peekLength() < 0) {
                return NOT_HERE;
            }
            if (from != null) {
                from[0] = new SocketAddress4(new Ipv4Address(ring.peekSource()), ring.peekSourcePort());
            }
            return ring.take(b, off, len);
        } finally {
            rxLock.unlock();
        }
    }

    /** As {@link #tryReceiveOnCaller}, the whole datagram as a value; null to go through the loop. */
    UdpDatagram tryReceiveDatagramOnCaller() {
        if (endpoint.isClosed() || endpoint.pendingError() != null || endpoint.receiveRing().isEmpty()) {
            return null;
        }
        rxLock.lock();
        try {
            return endpoint.receiveRing().takeDatagram();
        } finally {
            rxLock.unlock();
        }
    }

    /**
     * As {@link #tryReceiveDatagramOnCaller}, every datagram queued up to {@code max} (a batch
     * receive, {@code recvmmsg}): the copies are made on the caller's thread, not the loop's.
     */
    UdpDatagram[] tryReceiveDatagramsOnCaller(int max) {
        ReceiveRing ring = endpoint.receiveRing();
        if (endpoint.isClosed() || endpoint.pendingError() != null || ring.isEmpty()) {
            return null;
        }
        rxLock.lock();
        try {
            int n = Math.min(max, ring.size());
            if (n <= 0) {
                return null;
            }
            UdpDatagram[] taken = new UdpDatagram[n];
            for (int i = 0; i < n; i++) {
                taken[i] = ring.takeDatagram();   // n were queued, and only this thread takes
            }
            return taken;
        } finally {
            rxLock.unlock();
        }
    }

    @Override
    public RecvResult receive(byte[] b, int off, int len, long now) throws SocketException {
        UdpDatagram d = receiveDatagram();
        if (d == null) {
            return null;
        }
        // POSIX recvfrom on a datagram socket: excess bytes of a datagram are discarded.
        int n = Math.min(len, d.data().length);
        System.arraycopy(d.data(), 0, b, off, n);
        return new RecvResult(n, new SocketAddress4(d.source(), d.sourcePort()));
    }

    /** The whole next datagram, or null if none is queued. Loop thread. */
    UdpDatagram receiveDatagram() throws SocketException {
        rxLock.lock();
        try {
            return endpoint.receive();
        } finally {
            rxLock.unlock();
        }
    }

    /**
     * Every queued datagram up to {@code max}, oldest first, or null if none is queued (a pending
     * error is thrown only then: it is checked before the first datagram, as {@link #receiveDatagram}).
     */
    UdpDatagram[] receiveDatagrams(int max) throws SocketException {
        rxLock.lock();
        try {
            UdpDatagram first = endpoint.receive();
            if (first == null) {
                return null;
            }
            int n = Math.min(max, 1 + endpoint.queuedDatagrams());
            UdpDatagram[] taken = new UdpDatagram[n];
            taken[0] = first;
            for (int i = 1; i < n; i++) {
                taken[i] = endpoint.receive();   // queued, and no error can arrive within one loop task
            }
            return taken;
        } finally {
            rxLock.unlock();
        }
    }

    @Override
    public int readyOps() {
        return readyOpsAnyThread();
    }

    /** Computed from the endpoint's volatile state and ring indices: valid on any thread. */
    @Override
    public int readyOpsAnyThread() {
        if (endpoint.isClosed()) {
            return PollFd.POLLNVAL;
        }
        int ops = PollFd.POLLOUT;
        if (!endpoint.receiveRing().isEmpty()) {
            ops |= PollFd.POLLIN;
        }
        if (endpoint.pendingError() != null) {
            ops |= PollFd.POLLERR;   // as Linux's datagram_poll for a pending sk_err
        }
        return ops;
    }

    @Override
    public void onReadiness(Runnable r) {
        endpoint.onReadiness(r);
    }

    @Override
    public SocketAddress4 localAddress() {
        return new SocketAddress4(endpoint.localAddress(), endpoint.localPort());
    }

    @Override
    public SocketAddress4 remoteAddress() {
        return endpoint.isConnected() ? new SocketAddress4(endpoint.remoteAddress(), endpoint.remotePort()) : null;
    }

    @Override
    public SocketInfo info(int fd, boolean blocking) {
        String state = endpoint.isConnected() ? "CONNECTED" : endpoint.isBound() ? "BOUND" : "UNBOUND";
        return new SocketInfo(fd, protocol(), localAddress(), remoteAddress(), state, endpoint.queuedBytes(),
                endpoint.config().receiveQueueBytes(), endpoint.queuedDatagrams(), 0, endpoint.drops(), blocking);
    }

    @Override
    public void close(long now) {
        // No caller may be copying out of (or into) a buffer the endpoint now gives back.
        rxLock.lock();
        txLock.lock();
        try {
            endpoint.close(now);
        } finally {
            txLock.unlock();
            rxLock.unlock();
        }
    }

    static SocketException notDatagram(String call) {
        return new SocketException(call, Errno.EOPNOTSUPP, "not a datagram socket");
    }
}
