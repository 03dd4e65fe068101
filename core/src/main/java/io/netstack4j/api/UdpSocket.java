package io.netstack4j.api;

import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java handle for a UDP socket: a descriptor of {@link Sockets} with methods instead of ints.
 *
 * <pre>{@code
 * try (UdpSocket s = UdpSocket.open(host)) {
 *     s.bind(SocketAddress4.any(0));
 *     s.send(SocketAddress4.of("198.51.100.2", 7), "hello".getBytes());
 *     UdpDatagram reply = s.receive(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * Thread-safe as the descriptor API is; {@link #close()} is idempotent.
 */
public final class UdpSocket implements AutoCloseable {
    private final Sockets sockets;
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UdpSocket(Sockets sockets, int fd) {
        this.sockets = sockets;
        this.fd = fd;
    }

    /** A new, unbound UDP socket on {@code host}. */
    public static UdpSocket open(NetStack host) throws SocketException {
        Sockets s = host.sockets();
        return new UdpSocket(s, s.socket(SocketType.DGRAM));
    }

    /** A new socket bound to {@code local}. */
    public static UdpSocket bind(NetStack host, SocketAddress4 local) throws SocketException {
        UdpSocket u = open(host);
        try {
            u.bind(local);
        } catch (SocketException e) {
            u.close();
            throw e;
        }
        return u;
    }

    /** The descriptor it wraps. */
    public int fd() {
        return fd;
    }

    public UdpSocket bind(SocketAddress4 local) throws SocketException {
        sockets.bind(fd, local);
        return this;
    }

    public UdpSocket connect(SocketAddress4 remote) throws SocketException {
        sockets.connect(fd, remote);
        return this;
    }

    /** Sends {@code data} as one datagram to {@code to}. */
    public int send(SocketAddress4 to, byte[] data) throws SocketException {
        return sockets.sendto(fd, data, 0, data.length, Objects.requireNonNull(to, "to"));
    }

    /** Sends {@code data} to the connected peer. */
    public int send(byte[] data) throws SocketException {
        return sockets.write(fd, data, 0, data.length);
    }

    /**
     * Sends each element of {@code datagrams} as one datagram to {@code to}, in one call to the loop
     * thread (as {@code sendmmsg(2)}, see {@link Sockets#sendmmsg}).
     *
     * @return how many were sent from the first: all of them up to {@link Sockets#MAX_BATCH}, or fewer
     *         if one failed after the first
     */
    public int send(SocketAddress4 to, List<byte[]> datagrams) throws SocketException {
        return sockets.sendmmsg(fd, datagrams, Objects.requireNonNull(to, "to"));
    }

    /** As {@link #send(SocketAddress4, List)}, to the connected peer. */
    public int send(List<byte[]> datagrams) throws SocketException {
        return sockets.sendmmsg(fd, datagrams, null);
    }

    /** The next datagram, waiting as the descriptor's mode and receive timeout say. */
    public UdpDatagram receive() throws SocketException {
        return sockets.receiveDatagram(fd, -1);
    }

    /**
     * The next datagram, waiting at most {@code timeout} (null: forever; zero: not at all).
     *
     * @throws SocketException ETIMEDOUT when the timeout passes, EAGAIN for a zero timeout and nothing queued
     */
    public UdpDatagram receive(Duration timeout) throws SocketException {
        long nanos = timeout == null ? Long.MAX_VALUE : Math.max(0, saturatedNanos(timeout));
        return sockets.receiveDatagram(fd, nanos);
    }

    /**
     * Takes every datagram already queued, up to {@code max}, in one call (as {@code recvmmsg(2)}
     * with {@code MSG_WAITFORONE}, see {@link Sockets#recvmmsg}), waiting as the descriptor's mode
     * and receive timeout say only while none is queued.
     *
     * @return how many datagrams were appended to {@code out}, at least 1
     */
    public int receive(List<? super UdpDatagram> out, int max) throws SocketException {
        return sockets.receiveDatagrams(fd, out, max, -1);
    }

    /**
     * As {@link #receive(List, int)}, waiting at most {@code timeout} for the first datagram (null:
     * forever; zero: not at all).
     *
     * @throws SocketException ETIMEDOUT when the timeout passes, EAGAIN for a zero timeout and nothing queued
     */
    public int receive(List<? super UdpDatagram> out, int max, Duration timeout) throws SocketException {
        long nanos = timeout == null ? Long.MAX_VALUE : Math.max(0, saturatedNanos(timeout));
        return sockets.receiveDatagrams(fd, out, max, nanos);
    }

    public UdpSocket setBlocking(boolean blocking) throws SocketException {
        sockets.setBlocking(fd, blocking);
        return this;
    }

    public UdpSocket setReceiveTimeout(Duration timeout) throws SocketException {
        sockets.setReceiveTimeout(fd, timeout.toMillis());
        return this;
    }

    public SocketAddress4 localAddress() throws SocketException {
        return sockets.localAddress(fd);
    }

    /** The peer, or null when not connected. */
    public SocketAddress4 remoteAddress() throws SocketException {
        SocketInfo i = info();
        return i == null ? null : i.remote();
    }

    /** This socket's row of the socket table, or null once closed. */
    public SocketInfo info() {
        for (SocketInfo i : sockets.table()) {
            if (i.fd() == fd) {
                return i;
            }
        }
        return null;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the descriptor (once; later calls do nothing). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                sockets.close(fd);
            } catch (SocketException e) {
                // Already closed through the descriptor API, or the host is down: nothing left to free.
            }
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[fd " + fd + (closed.get() ? ", closed" : "") + "]";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
