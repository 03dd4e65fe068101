package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection: the transmission control block of RFC 9293 §3.3.1 (its variables keep the
 * RFC's names: {@code sndUna}, {@code sndNxt}, {@code rcvNxt}...) and the user calls of §3.10.1–6
 * (OPEN is {@link #connect}, SEND {@link #write}, RECEIVE {@link #read}, CLOSE {@link #close},
 * ABORT {@link #abort}). What happens when a segment arrives is in {@link TcpInput}, what is sent and
 * when in {@link TcpOutput}, the timers in {@link TcpTimers}.
 *
 * <p>Loop thread only, but for the ring positions of the two buffers ({@link ByteRing}) which an
 * application thread may read. Buffers are allocated on first use: a connection that moves no data
 * holds none.
 */
public final class TcpConnection extends TcpControlBlock {
    /** {@link #read}/{@link #write}: nothing can be done now. */
    public static final int WOULD_BLOCK = -1;

    TcpConnection(TcpLayer layer) {
        super(layer);
    }

    // ---- user calls (RFC 9293 §3.10) ----

    /**
     * Binds the local address and port (before connect or listen).
     *
     * @throws SocketException EINVAL if already bound; EADDRNOTAVAIL; EADDRINUSE
     */
    public void bind(int addr, int port) throws SocketException {
        if (bound || state != TcpState.CLOSED) {
            throw new SocketException("bind", Errno.EINVAL, "already bound to " + localPort);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new SocketException("bind", Errno.EINVAL, "port " + port);
        }
        if (addr != 0 && !layer.network().isLocalAddress(addr)) {
            throw new SocketException("bind", Errno.EADDRNOTAVAIL, new Ipv4Address(addr).toString());
        }
        localPort = layer.bindPort(addr, port, reuseAddress);
        localAddr = addr;
        bound = true;
    }

    /**
     * OPEN, active (RFC 9293 §3.10.1): sends SYN and goes to SYN-SENT. The result comes through the
     * readiness callback: {@link #state()} ESTABLISHED, or {@link #error()} set.
     *
     * @throws SocketException EISCONN, EALREADY, ENETUNREACH, EADDRINUSE, EINVAL
     */
    public void connect(int addr, int port, long now) throws SocketException {
        switch (state) {
            case CLOSED -> {
            }
            case SYN_SENT, SYN_RECEIVED -> throw new SocketException("connect", Errno.EALREADY, tupleText());
            case LISTEN -> throw new SocketException("connect", Errno.EINVAL, "listening");
            default -> throw new SocketException("connect", Errno.EISCONN, tupleText());
        }
        if (error != null) {
            throw new SocketException("connect", Errno.EINVAL, "connection already failed");
        }
        if (port <= 0 || port > 0xFFFF || addr == 0) {
            throw new SocketException("connect", Errno.EINVAL, new Ipv4Address(addr) + ":" + port);
        }
        layer.activeOpen(this, addr, port, now);
    }

    /**
     * SEND (RFC 9293 §3.10.2): copies into the send buffer what fits.
     *
     * @return bytes taken (0 only for {@code len} 0), or {@link #WOULD_BLOCK} (buffer full, or still
     *         connecting)
     * @throws SocketException EPIPE after shutdown or close; ECONNRESET/ETIMEDOUT once failed;
     *                         ENOTCONN if never connected
     */
    public int write(byte[] b, int off, int len, long now) throws SocketException {
        if (error != null) {
            throw new SocketException("write", error, tupleText());
        }
        if (finQueued) {
            throw new SocketException("write", Errno.EPIPE, tupleText());
        }
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> {
                return WOULD_BLOCK;
            }
            case ESTABLISHED, CLOSE_WAIT -> {
            }
            default -> throw new SocketException("write", Errno.ENOTCONN, tupleText());
        }
        if (len == 0) {
            return 0;
        }
        ByteRing ring = sendBuf;
        if (ring == null) {
            ring = new ByteRing(sendBufferSize, layer.ringArrays());
            sendBuf = ring;
        }
        if (ring.free() < len && ring.capacity() < ring.limit()) {
            // The loop consumes this ring and the caller holds the send lock: both ends are excluded.
            ring.grow((int) Math.min((long) ring.size() + len, ring.limit()), layer.ringArrays());
        }
        int n = ring.write(b, off, len);
        if (n == 0) {
            return WOULD_BLOCK;
        }
        TcpOutput.output(this, now);
        return n;
    }

    /**
     * RECEIVE (RFC 9293 §3.10.3): copies what has arrived in order.
     *
     * @return bytes read; 0 at end of stream (the peer's FIN, or shut down for reading); or
     *         {@link #WOULD_BLOCK}
     * @throws SocketException ECONNRESET, ETIMEDOUT, ECONNREFUSED when the connection failed;
     *                         ENOTCONN if never connected
     */
    public int read(byte[] b, int off, int len, long now) throws SocketException {
        int n = recvBuf == null ? 0 : recvBuf.read(b, off, len);
        if (n > 0) {
            TcpOutput.afterRead(this, now);
            return n;
        }
        if (error != null) {
            throw new SocketException("read", error, tupleText());
        }
        if (peerFin || readShutdown || state == TcpState.CLOSED && everConnected()) {
            return 0;
        }
        if (state == TcpState.CLOSED || state == TcpState.LISTEN) {
            throw new SocketException("read", Errno.ENOTCONN, tupleText());
        }
        return len == 0 ? 0 : WOULD_BLOCK;
    }

    /** The lock an application thread holds while it copies into the send ring. */
    public ReentrantLock sendLock() {
        return sendLock;
    }

    /** The lock an application thread holds while it copies out of the receive queue. */
    public ReentrantLock receiveLock() {
        return receiveLock;
    }

    /**
     * Any thread, under the socket's send lock: copies into the send ring what fits, if it exists.
     * The caller then schedules output ({@link TcpLayer#scheduleOutput}).
     *
     * @return bytes taken (0: no ring yet, or full)
     */
    public int writeOnCaller(byte[] b, int off, int len) {
        ByteRing r = sendBuf;
        return r == null ? 0 : r.write(b, off, len);
    }

    /** Any thread, under the socket's receive lock: copies out of the receive queue what is there. */
    public int readOnCaller(byte[] b, int off, int len) {
        RecvQueue r = recvBuf;
        return r == null ? 0 : r.read(b, off, len);
    }

    /**
     * Any thread, after a read on the caller's thread: whether the window could now grow enough to
     * be worth a window update (the loop decides exactly, in {@link TcpOutput#afterRead}).
     */
    public boolean wantsWindowUpdate() {
        RecvQueue r = recvBuf;
        if (r == null) {
            return false;
        }
        int free = Math.min(0xFFFF << rcvWndShift, receiveBufferSize - r.size());
        int threshold = Math.min(receiveBufferSize / 2, 2 * Math.max(ourMss, 1));
        if (free - lastAdvertisedWindow >= threshold) {
            windowUpdateWanted = true;
            return true;
        }
        return false;
    }

    private boolean everConnected() {
        return remotePort != 0;
    }

    /** shutdown(SHUT_WR): a FIN after the data; reading goes on (a half-close, RFC 9293 §3.6). */
    public void shutdownOutput(long now) throws SocketException {
        switch (state) {
            case CLOSED, LISTEN, SYN_SENT -> throw new SocketException("shutdown", Errno.ENOTCONN, tupleText());
            default -> {
            }
        }
        queueFin(now);
    }

    /** shutdown(SHUT_RD): reads report end of stream; what arrives is still acknowledged, and dropped. */
    public void shutdownInput() {
        readShutdown = true;
        if (recvBuf != null) {
            recvBuf.skipAll();
        }
    }

    /**
     * CLOSE (RFC 9293 §3.10.4): the descriptor goes away now; the connection finishes on its own
     * (FIN after the data, the closing states, TIME-WAIT) and is then erased. Unread data, or
     * SO_LINGER 0, make it an abort (RST), as Linux does (RFC 2525 §2.17).
     */
    public void close(long now) {
        orphaned = true;
        readiness = () -> { };
        boolean unread = recvBuf != null && !recvBuf.isEmpty();
        switch (state) {
            case CLOSED, LISTEN, SYN_SENT -> layer.erase(this);
            default -> {
                if (unread || lingerSeconds == 0) {
                    abort(now);
                } else {
                    queueFin(now);
                }
            }
        }
        if (!inTable) {
            TcpTimers.dropBuffers(this);   // out of the table already (TIME-WAIT): what it held goes now
        }
    }

    /** ABORT (RFC 9293 §3.10.5): RST to the peer (in a synchronized state) and erased at once. */
    public void abort(long now) {
        if (state == TcpState.SYN_RECEIVED || state.synchronizedState()) {
            TcpOutput.sendReset(this, sndMax, now);
        }
        fail(Errno.ECONNRESET, now, false);
    }

    private void queueFin(long now) {
        if (finQueued) {
            return;
        }
        finQueued = true;
        switch (state) {
            // In SYN-RECEIVED the FIN waits for ESTABLISHED (RFC 9293 §3.10.4): until our SYN is
            // acknowledged, an ACK of SND.UNA + 1 would be taken for the ACK of the FIN.
            case ESTABLISHED -> setState(TcpState.FIN_WAIT_1);
            case CLOSE_WAIT -> setState(TcpState.LAST_ACK);
            default -> {
            }
        }
        TcpOutput.output(this, now);
    }





    // ---- state ----


    /**
     * The connection failed or was aborted: {@code e} is reported to the application (unless
     * {@code quiet}), and it is erased.
     */
    void fail(Errno e, long now, boolean fromPeer) {
        if (error == null) {
            error = e;
        }
        if (fromPeer && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            layer.stats().estabResets++;
        }
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            layer.stats().attemptFails++;
        }
        layer.erase(this);
        readiness.run();
    }

    /** Moves data-path state to ESTABLISHED (both opens) and wakes the application. */
    void established(long now) {
        setState(TcpState.ESTABLISHED);
        rtoAt = Long.MAX_VALUE;
        retransmits = 0;
        if (!rtt.hasSample()) {
            rtt.resetAfterBackoffWithoutSample();
        }
        rtt.resetBackoff();
        cc.init(sendMss);
        giveUpAt = Long.MAX_VALUE;
        lastReceivedAt = now;
        TcpTimers.armKeepAlive(this, now);
        if (finQueued) {
            setState(TcpState.FIN_WAIT_1);   // closed in SYN-RECEIVED: the FIN goes now
            layer.dirty(this);
        }
        if (parent != null) {
            parent.established(this);
        }
        layer.notifyLater(this);
    }

    // ---- what the socket library reads ----

    public TcpState state() {
        return state;
    }

    public Errno error() {
        return error;
    }

    public boolean isConnected() {
        return state.synchronizedState() && error == null;
    }

    /** Bytes that a read would return now; any thread. */
    public int readable() {
        RecvQueue r = recvBuf;
        return r == null ? 0 : r.size();
    }

    /** Whether a read returns end of stream once the buffer is drained. */
    public boolean endOfStream() {
        return peerFin || readShutdown;
    }

    /** Room in the send buffer; any thread. */
    public int writable() {
        ByteRing s = sendBuf;
        return s == null ? sendBufferSize : s.freeAtLimit();
    }

    /** Bytes in the send buffer (unsent and unacknowledged). */
    public int unsentAndUnacked() {
        ByteRing s = sendBuf;
        return s == null ? 0 : s.size();
    }

    public boolean outputShutdown() {
        return finQueued;
    }

    public int localAddress() {
        return localAddr;
    }

    public int localPort() {
        return localPort;
    }

    public int remoteAddress() {
        return remoteAddr;
    }

    public int remotePort() {
        return remotePort;
    }

    public void onReadiness(Runnable r) {
        readiness = r;
    }

    // ---- options (setsockopt) ----

    public void noDelay(boolean on, long now) {
        noDelay = on;
        if (on && state.synchronizedState()) {
            TcpOutput.output(this, now);
        }
    }

    public boolean noDelay() {
        return noDelay;
    }

    public void keepAlive(boolean on, long now) {
        keepAlive = on;
        TcpTimers.armKeepAlive(this, now);
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT (as Linux: idle and interval in seconds, at least
     * 1; probes 1..127). Re-arms keep-alive if it is on.
     */
    public void keepAliveTimes(long idleSeconds, long intervalSeconds, int probes, long now) {
        keepIdle = Math.max(1, idleSeconds) * 1_000_000_000L;
        keepInterval = Math.max(1, intervalSeconds) * 1_000_000_000L;
        keepCount = Math.max(1, Math.min(127, probes));
        TcpTimers.armKeepAlive(this, now);
    }

    public long keepAliveIdleSeconds() {
        return keepIdle / 1_000_000_000L;
    }

    public long keepAliveIntervalSeconds() {
        return keepInterval / 1_000_000_000L;
    }

    public int keepAliveProbes() {
        return keepCount;
    }

    public void linger(int seconds) {
        lingerSeconds = seconds;
    }

    public int linger() {
        return lingerSeconds;
    }

    public void reuseAddress(boolean on) {
        reuseAddress = on;
    }

    public boolean reuseAddress() {
        return reuseAddress;
    }

    /** SO_SNDBUF: only before the buffer is first used. */
    public void sendBufferSize(int n) {
        if (sendBuf == null) {
            sendBufferSize = Math.max(1024, n);
        }
    }

    public int sendBufferSize() {
        return sendBufferSize;
    }

    /** SO_RCVBUF: only before the buffer is first used. */
    public void receiveBufferSize(int n) {
        if (recvBuf == null && !state.synchronizedState()) {
            receiveBufferSize = Math.max(1024, n);
        }
    }

    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** A snapshot for the socket table ({@code ss -ti}). */
    public TcpInfo info() {
        return new TcpInfo(state, sndUna, sndNxt, rcvNxt, sndWnd, lastAdvertisedWindow, sendMss, rtt.srtt(),
                rtt.rto(), cc.cwnd(), cc.ssthresh(), retransmittedSegments, unsentAndUnacked(), readable(), error);
    }

    @Override
    public String toString() {
        return "tcp " + tupleText() + " " + state.rfcName();
    }
}
