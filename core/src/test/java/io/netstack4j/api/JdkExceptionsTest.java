package io.netstack4j.api;

import io.netstack4j.api.JdkExceptions.Call;
import io.netstack4j.socket.Errno;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The errno-to-JDK mapping: each row is what {@code java.net.Socket} (JDK 25) throws on Linux for the
 * same failure; the messages were checked against the kernel on 127.0.0.1 (a python3 peer closing
 * with SO_LINGER 0, a closed port, timeouts).
 */
class JdkExceptionsTest {

    @Test
    void connectFailures() {
        expect(ConnectException.class, "Connection refused", Errno.ECONNREFUSED, Call.CONNECT, false);
        expect(ConnectException.class, "Connection timed out", Errno.ETIMEDOUT, Call.CONNECT, false);
        expect(SocketTimeoutException.class, "Connect timed out", Errno.ETIMEDOUT, Call.CONNECT, true);
        expect(NoRouteToHostException.class, "No route to host", Errno.EHOSTUNREACH, Call.CONNECT, false);
        expect(SocketException.class, "Network is unreachable", Errno.ENETUNREACH, Call.CONNECT, false);
        expect(BindException.class, "Cannot assign requested address", Errno.EADDRNOTAVAIL, Call.CONNECT, false);
    }

    @Test
    void bindFailures() {
        expect(BindException.class, "Address already in use", Errno.EADDRINUSE, Call.BIND, false);
        expect(BindException.class, "Cannot assign requested address", Errno.EADDRNOTAVAIL, Call.BIND, false);
        expect(BindException.class, "Permission denied", Errno.EACCES, Call.BIND, false);
    }

    @Test
    void readFailures() {
        expect(SocketException.class, "Connection reset", Errno.ECONNRESET, Call.READ, false);
        expect(SocketTimeoutException.class, "Read timed out", Errno.ETIMEDOUT, Call.READ, true);
        expect(SocketException.class, "Connection timed out", Errno.ETIMEDOUT, Call.READ, false);
        expect(SocketException.class, "Connection refused", Errno.ECONNREFUSED, Call.READ, false);
        expect(SocketException.class, "No route to host", Errno.EHOSTUNREACH, Call.READ, false);
        expect(SocketException.class, "Socket closed", Errno.EBADF, Call.READ, false);
        expect(SocketException.class, "Closed by interrupt", Errno.EINTR, Call.READ, false);
    }

    @Test
    void writeFailures() {
        expect(SocketException.class, "Connection reset by peer", Errno.ECONNRESET, Call.WRITE, false);
        expect(SocketException.class, "Broken pipe", Errno.EPIPE, Call.WRITE, false);
        expect(SocketException.class, "Connection timed out", Errno.ETIMEDOUT, Call.WRITE, false);
        expect(SocketException.class, "Socket closed", Errno.EBADF, Call.WRITE, false);
    }

    @Test
    void acceptFailures() {
        expect(SocketTimeoutException.class, "Accept timed out", Errno.ETIMEDOUT, Call.ACCEPT, true);
        expect(SocketException.class, "Socket closed", Errno.EBADF, Call.ACCEPT, false);
        expect(SocketException.class, "Too many open files", Errno.EMFILE, Call.ACCEPT, false);
    }

    @Test
    void ownTimeoutMattersOnlyForTheCallsThatHaveOne() {
        expect(SocketException.class, "Connection timed out", Errno.ETIMEDOUT, Call.WRITE, true);
        expect(SocketException.class, "Connection timed out", Errno.ETIMEDOUT, Call.OTHER, true);
        // ownTimeout says nothing about other errors.
        expect(ConnectException.class, "Connection refused", Errno.ECONNREFUSED, Call.CONNECT, true);
    }

    @Test
    void everyOtherErrnoIsASocketExceptionWithItsText() {
        for (Errno e : Errno.values()) {
            for (Call c : Call.values()) {
                IOException j = JdkExceptions.of(e, c, false);
                if (!(j instanceof SocketException)) {
                    throw new AssertionError(e + " after " + c + " gave " + j);
                }
            }
        }
        expect(SocketException.class, "Network is down", Errno.ENETDOWN, Call.READ, false);
        expect(SocketException.class, "Transport endpoint is not connected", Errno.ENOTCONN, Call.OTHER, false);
    }

    @Test
    void theStacksExceptionIsTheCause() {
        io.netstack4j.socket.SocketException e =
                new io.netstack4j.socket.SocketException("connect", Errno.ECONNREFUSED, "198.51.100.2:81");
        IOException j = JdkExceptions.of(e, Call.CONNECT, false);
        assertSame(ConnectException.class, j.getClass());
        assertEquals("Connection refused", j.getMessage());
        assertSame(e, j.getCause());
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> JdkExceptions.of((Errno) null, Call.READ, false));
        assertThrows(NullPointerException.class, () -> JdkExceptions.of(Errno.EPIPE, null, false));
    }

    private static void expect(Class<? extends IOException> type, String message, Errno errno, Call call, boolean own) {
        IOException j = JdkExceptions.of(errno, call, own);
        assertSame(type, j.getClass(), errno + " after " + call + (own ? " (own timeout)" : ""));
        assertEquals(message, j.getMessage(), errno + " after " + call);
    }
}
