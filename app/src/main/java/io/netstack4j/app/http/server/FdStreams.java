package io.netstack4j.app.http.server;

import io.netstack4j.api.Sockets;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A connection's descriptor as streams, with the server's timeouts: a read waits at most the idle
 * timeout, or until a deadline (the header timeout) when one is set. The receive timeout is changed on
 * the descriptor only when it must differ from the last one set, so a request that arrives in one read
 * costs no extra call to the stack's loop.
 */
final class FdStreams {
    private FdStreams() {
    }

    /** Reads of a connection; -1 at the client's FIN. */
    static final class Input extends InputStream {
        private final Sockets sockets;
        private final int fd;
        private final long idleMillis;
        private long deadlineNanos;
        private long timeoutSet = -1;

        Input(Sockets sockets, int fd, long idleMillis) {
            this.sockets = sockets;
            this.fd = fd;
            this.idleMillis = idleMillis;
        }

        /** Reads must finish by {@code System.nanoTime()} value {@code deadline}; 0: only the idle timeout. */
        void deadline(long deadline) {
            this.deadlineNanos = deadline;
        }

        boolean hasDeadline() {
            return deadlineNanos != 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long timeout = idleMillis;
            if (deadlineNanos != 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("header timeout");
                }
                timeout = Math.min(timeout, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
            }
            if (timeout != timeoutSet) {
                sockets.setReceiveTimeout(fd, timeout);
                timeoutSet = timeout;
            }
            try {
                int n = sockets.read(fd, b, off, len);
                return n == 0 ? -1 : n;
            } catch (SocketException e) {
                if (e.errno() == Errno.ETIMEDOUT) {
                    throw new SocketTimeoutException(deadlineNanos != 0 ? "header timeout" : "idle timeout");
                }
                throw e;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Writes of a connection, each one whole (the send timeout is set once, on accept). */
    static final class Output extends OutputStream {
        private final Sockets sockets;
        private final int fd;

        Output(Sockets sockets, int fd) {
            this.sockets = sockets;
            this.fd = fd;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
                done += sockets.write(fd, b, off + done, len - done);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
