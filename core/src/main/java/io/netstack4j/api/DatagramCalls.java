package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The calls on whole datagrams that only a UDP socket answers: {@link Sockets#sendmmsg}, and the
 * receives behind {@link Sockets#recvmmsg} and {@link UdpSocket#receive}. Any thread.
 */
final class DatagramCalls {
    private final LoopCalls calls;
    private final CallerThread here;

    DatagramCalls(LoopCalls calls, CallerThread here) {
        this.calls = calls;
        this.here = here;
    }

    /** {@link Sockets#sendmmsg}. */
    int sendmmsg(int fd, List<byte[]> datagrams, SocketAddress4 to) throws SocketException {
        // A copy of the references (a null element throws here), so the loop never sees the list change.
        List<byte[]> batch = List.copyOf(datagrams.size() > Sockets.MAX_BATCH ? datagrams.subList(0, Sockets.MAX_BATCH) : datagrams);
        if (batch.isEmpty()) {
            throw new SocketException("sendmmsg", Errno.EINVAL, "no datagrams");
        }
        return calls.call("sendmmsg", fd, false, Errno.EAGAIN, -1, (s, now) -> {
            if (!(s instanceof UdpSocketImpl u)) {
                throw UdpSocketImpl.notDatagram("sendmmsg");
            }
            int sent = 0;
            for (byte[] b : batch) {
                try {
                    u.send(b, 0, b.length, to, now);   // UDP never waits: each datagram goes or fails
                } catch (SocketException e) {
                    if (sent == 0) {
                        throw e;
                    }
                    break;
                }
                sent++;
            }
            return sent;
        });
    }
    /**
     * The next whole datagram on {@code fd}.
     *
     * @param timeoutNanos -1: the descriptor's mode and timeout; 0: do not wait (EAGAIN);
     *                     Long.MAX_VALUE: wait forever; else wait that long (ETIMEDOUT)
     */
    UdpDatagram receiveDatagram(int fd, long timeoutNanos) throws SocketException {
        if (here.require("recvfrom", fd).impl instanceof UdpSocketImpl u) {
            UdpDatagram d = u.tryReceiveDatagramOnCaller();
            if (d != null) {
                return d;
            }
        }
        here.checkReceive("recvfrom", fd, timeoutNanos);
        return calls.call("recvfrom", fd, true, Errno.EAGAIN, timeoutNanos, (s, now) -> {
            if (!(s instanceof UdpSocketImpl u)) {
                throw UdpSocketImpl.notDatagram("recvfrom");
            }
            return u.receiveDatagram();
        });
    }

    /**
     * Up to {@code max} whole datagrams on {@code fd}, appended to {@code out} (see {@link #recvmmsg}).
     *
     * @param timeoutNanos as {@link #receiveDatagram}
     */
    int receiveDatagrams(int fd, List<? super UdpDatagram> out, int max, long timeoutNanos) throws SocketException {
        Objects.requireNonNull(out, "out");
        if (max < 1) {
            throw new SocketException("recvmmsg", Errno.EINVAL, "max " + max);
        }
        if (here.require("recvmmsg", fd).impl instanceof UdpSocketImpl u) {
            UdpDatagram[] ready = u.tryReceiveDatagramsOnCaller(max);
            if (ready != null) {
                Collections.addAll(out, ready);
                return ready.length;
            }
        }
        here.checkReceive("recvmmsg", fd, timeoutNanos);
        UdpDatagram[] taken = calls.call("recvmmsg", fd, true, Errno.EAGAIN, timeoutNanos, (s, now) -> {
            if (!(s instanceof UdpSocketImpl u)) {
                throw UdpSocketImpl.notDatagram("recvmmsg");
            }
            return u.receiveDatagrams(max);
        });
        Collections.addAll(out, taken);
        return taken.length;
    }
}
