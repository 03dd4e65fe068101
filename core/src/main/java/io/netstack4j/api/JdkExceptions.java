package io.netstack4j.api;

import io.netstack4j.socket.Errno;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * Turns a failed socket call ({@link io.netstack4j.socket.SocketException} with its {@link Errno})
 * into the exception {@code java.net.Socket} throws for the same failure on Linux, type and message,
 * so code written against the JDK's sockets catches what it expects. The stack's exception becomes
 * the cause (its message keeps the call, errno name and connection).
 *
 * <p>What the JDK (25, Linux) says, checked against a real kernel on 127.0.0.1:
 * <ul>
 * <li>connect: ECONNREFUSED and ETIMEDOUT (the SYN retries gave up) are {@link ConnectException},
 *     EHOSTUNREACH {@link NoRouteToHostException}; the caller's own timeout expiring is
 *     {@link SocketTimeoutException} "Connect timed out";
 * <li>bind (and connect, which binds): EADDRINUSE, EADDRNOTAVAIL, EACCES are {@link BindException};
 * <li>read: ECONNRESET is "Connection reset" (no "by peer"); SO_TIMEOUT expiring is
 *     {@link SocketTimeoutException} "Read timed out"; accept's is "Accept timed out";
 * <li>write: ECONNRESET is "Connection reset by peer", EPIPE "Broken pipe";
 * <li>a descriptor closed under the call (EBADF) is "Socket closed"; an interrupted call closes the
 *     socket, "Closed by interrupt" (what a virtual thread sees);
 * <li>anything else is a {@link SocketException} with the {@code strerror} text ("Connection timed
 *     out", "No route to host", "Network is unreachable", ...).
 * </ul>
 */
final class JdkExceptions {
    /** The kind of call that failed: the same errno reads differently after each. */
    enum Call { CONNECT, BIND, ACCEPT, READ, WRITE, OTHER }

    private JdkExceptions() {
    }

    /**
     * The JDK's exception for {@code e}.
     *
     * @param call       what failed
     * @param ownTimeout an ETIMEDOUT came from the caller's own timeout (the connect timeout, or
     *                   SO_TIMEOUT for a read or an accept), not from the connection
     */
    static IOException of(io.netstack4j.socket.SocketException e, Call call, boolean ownTimeout) {
        IOException j = of(e.errno(), call, ownTimeout);
        j.initCause(e);
        return j;
    }

    /** As {@link #of(io.netstack4j.socket.SocketException, Call, boolean)}, without a cause. */
    static IOException of(Errno errno, Call call, boolean ownTimeout) {
        Objects.requireNonNull(errno, "errno");
        Objects.requireNonNull(call, "call");
        return switch (errno) {
            case ETIMEDOUT -> timedOut(call, ownTimeout);
            case ECONNREFUSED -> call == Call.CONNECT ? new ConnectException(errno.message())
                    : new SocketException(errno.message());
            case ECONNRESET -> new SocketException(call == Call.READ ? "Connection reset" : errno.message());
            case EHOSTUNREACH -> call == Call.CONNECT ? new NoRouteToHostException(errno.message())
                    : new SocketException(errno.message());
            case EADDRINUSE, EADDRNOTAVAIL, EACCES -> call == Call.CONNECT || call == Call.BIND
                    ? new BindException(errno.message()) : new SocketException(errno.message());
            case EBADF -> new SocketException("Socket closed");
            case EINTR -> new SocketException("Closed by interrupt");
            default -> new SocketException(errno.message());
        };
    }

    private static IOException timedOut(Call call, boolean ownTimeout) {
        if (ownTimeout) {
            switch (call) {
                case CONNECT -> {
                    return new SocketTimeoutException("Connect timed out");
                }
                case READ -> {
                    return new SocketTimeoutException("Read timed out");
                }
                case ACCEPT -> {
                    return new SocketTimeoutException("Accept timed out");
                }
                default -> {
                }
            }
        }
        String m = Errno.ETIMEDOUT.message();
        return call == Call.CONNECT ? new ConnectException(m) : new SocketException(m);
    }
}
