package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The socket calls only stream sockets (TCP) have — listen, accept, shutdown, options, a connect
 * with its own timeout — and a stream socket's write, which on a blocking descriptor waits until
 * every byte is in the send buffer (POSIX {@code write} on a blocking stream). {@link Sockets}
 * delegates to it.
 */
final class StreamCalls {
    private final LoopCalls calls;
    private final CallerThread here;
    private final DescriptorTable table;

    StreamCalls(LoopCalls calls, CallerThread here, DescriptorTable table) {
        this.calls = calls;
        this.here = here;
        this.table = table;
    }

    void listen(int fd, int backlog) throws SocketException {
        calls.now("listen", now -> {
            table.require("listen", fd).impl.listen(backlog);
            return null;
        });
    }

    int accept(int fd, long timeoutNanos) throws SocketException {
        return calls.call("accept", fd, true, Errno.EAGAIN, timeoutNanos, (s, now) -> {
            if (table.openCount() >= table.capacity()) {
                throw new SocketException("accept", Errno.EMFILE, table.capacity() + " descriptors open");
            }
            SocketImpl c = s.accept(now);
            return c == null ? null : table.allocate(x -> c).fd;
        });
    }

    void shutdown(int fd, int how) throws SocketException {
        calls.now("shutdown", now -> {
            table.require("shutdown", fd).impl.shutdown(how, now);
            return null;
        });
    }

    void setOption(int fd, SocketOption option, int value) throws SocketException {
        Objects.requireNonNull(option, "option");
        calls.now("setsockopt", now -> {
            table.require("setsockopt", fd).impl.setOption(option, value, now);
            return null;
        });
    }

    int getOption(int fd, SocketOption option) throws SocketException {
        Objects.requireNonNull(option, "option");
        return calls.now("getsockopt", now -> table.require("getsockopt", fd).impl.getOption(option));
    }

    void connect(int fd, SocketAddress4 remote, long timeoutMillis) throws SocketException {
        Objects.requireNonNull(remote, "remote");
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean[] started = new boolean[1];
        calls.call("connect", fd, false, Errno.EINPROGRESS, Long.MAX_VALUE, (s, now) -> {
            if (!started[0]) {
                started[0] = true;
                boolean done = s.connect(remote, now);
                if (!done && timeoutMillis > 0) {
                    s.connectTimeout(DescriptorTable.deadline(now, nanos));
                }
                return done ? Boolean.TRUE : null;
            }
            return s.finishConnect(now) ? Boolean.TRUE : null;
        });
    }

    /**
     * A write on a stream socket: on a blocking descriptor, waits until all {@code len} bytes are
     * taken (each wait on the socket's readiness); on a non-blocking one, takes what fits (at least
     * one byte, else EAGAIN).
     */
    int write(String call, Descriptor d, byte[] b, int off, int len) throws SocketException {
        int done = 0;
        do {
            int at = off + done;
            int rest = len - done;
            int n = d.impl.trySendOnCaller(b, at, rest, null);   // room in the ring: no loop round trip
            if (n == SocketImpl.NOT_HERE) {
                n = calls.io(d, false, call, b, at, rest);   // full: wait on the loop, nothing allocated
            }
            done += n;
        } while (done < len && d.blocking);
        return done;
    }
}
