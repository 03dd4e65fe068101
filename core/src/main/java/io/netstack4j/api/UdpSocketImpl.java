package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpEndpoint;

/** A datagram socket over a {@link UdpEndpoint}. Loop thread only. */
final class UdpSocketImpl implements SocketImpl {
    private final UdpEndpoint endpoint;

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
        endpoint.connect(remote.address(), remote.port());
        return true;
    }

    @Override
    public int send(byte[] b, int off, int len, SocketAddress4 to, long now) throws SocketException {
        // UDP never blocks on send: a datagram leaves at once or is refused (RFC 768 keeps no buffer).
        return to == null ? endpoint.send(b, off, len, now) : endpoint.sendTo(to.address(), to.port(), b, off, len, now);
    }

    @Override
    public RecvResult receive(byte[] b, int off, int len, long now) throws SocketException {
        UdpDatagram d = endpoint.receive();
        if (d == null) {
            return null;
        }
        // POSIX recvfrom on a datagram socket: excess bytes of a datagram are discarded.
        int n = Math.min(len, d.data().length);
        System.arraycopy(d.data(), 0, b, off, n);
        return new RecvResult(n, new SocketAddress4(d.source(), d.sourcePort()));
    }

    /** The whole next datagram, or null if none is queued. */
    UdpDatagram receiveDatagram() throws SocketException {
        return endpoint.receive();
    }

    /**
     * Every queued datagram up to {@code max}, oldest first, or null if none is queued (a pending
     * error is thrown only then: it is checked before the first datagram, as {@link #receiveDatagram}).
     */
    UdpDatagram[] receiveDatagrams(int max) throws SocketException {
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
    }

    @Override
    public int readyOps() {
        if (endpoint.isClosed()) {
            return PollFd.POLLNVAL;
        }
        int ops = PollFd.POLLOUT;
        if (endpoint.queuedDatagrams() > 0) {
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
        endpoint.close();
    }

    static SocketException notDatagram(String call) {
        return new SocketException(call, Errno.EOPNOTSUPP, "not a datagram socket");
    }
}
