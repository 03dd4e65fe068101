package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

/**
 * EAGAIN: a non-blocking call found nothing ready. It is thrown on a hot path (a non-blocking
 * receive loop) and carries nothing a stack trace would add, so none is built: it costs about
 * what any small object does. The value-returning calls ({@link Sockets#tryRead} and its family)
 * do not throw it at all.
 */
public final class WouldBlockException extends SocketException {
    private static final long serialVersionUID = 1L;

    public WouldBlockException(String call, String detail) {
        super(call, Errno.EAGAIN, detail);
    }

    @Override
    public SocketException as(String otherCall) {
        return new WouldBlockException(otherCall, detail());
    }

    /** No stack trace: see the class comment. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
