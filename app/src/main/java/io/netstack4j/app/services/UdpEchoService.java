package io.netstack4j.app.services;

import io.netstack4j.api.RecvResult;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;

import java.io.PrintStream;

/**
 * UDP echo (RFC 862): every datagram received on the port goes back to its sender. Uses the
 * descriptor API like a C program would: socket, bind, then recvfrom/sendto in a loop, on a
 * virtual thread of its own. It stops when its socket is closed (or the host is).
 */
public final class UdpEchoService implements AutoCloseable {
    private final Sockets sockets;
    private final int fd;
    private final Thread thread;
    private volatile long echoed;

    private UdpEchoService(Sockets sockets, int fd, PrintStream log) {
        this.sockets = sockets;
        this.fd = fd;
        this.thread = Thread.ofVirtual().name("udp-echo-" + fd).start(() -> serve(log));
    }

    /** Binds {@code port} on every address of the host and starts echoing. */
    public static UdpEchoService start(Sockets sockets, int port, PrintStream log) throws SocketException {
        int fd = sockets.socket(SocketType.DGRAM);
        try {
            sockets.bind(fd, new SocketAddress4(Ipv4Address.ANY, port));
        } catch (SocketException e) {
            sockets.close(fd);
            throw e;
        }
        return new UdpEchoService(sockets, fd, log);
    }

    private void serve(PrintStream log) {
        byte[] buf = new byte[65_535];
        while (true) {
            try {
                RecvResult r = sockets.recvfrom(fd, buf, 0, buf.length);
                sockets.sendto(fd, buf, 0, r.length(), r.from());
                echoed++;
            } catch (SocketException e) {
                if (e.errno() == Errno.EBADF || e.errno() == Errno.ENETDOWN || e.errno() == Errno.EINTR) {
                    return; // closed: the service ends
                }
                // A failed send (no route, refused...) loses that datagram only, as UDP does.
                if (log != null) {
                    log.println("udp-echo: " + e.getMessage());
                }
            }
        }
    }

    public int fd() {
        return fd;
    }

    public long echoed() {
        return echoed;
    }

    @Override
    public void close() {
        try {
            sockets.close(fd);
        } catch (SocketException alreadyClosed) {
            // the host closed it first
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
