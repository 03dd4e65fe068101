package io.netstack4j.socket;

import java.io.IOException;
import java.util.Objects;

/**
 * A socket call failed with an {@link Errno}. The message names the call, the error text and the
 * symbolic name, as {@code perror} would plus the name: "sendto: Connection refused (ECONNREFUSED)".
 */
public class SocketException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final String call;
    private final String detail;

    /**
     * @param call   the failing call ("bind", "sendto", ...), or null
     * @param errno  why
     */
    public SocketException(String call, Errno errno) {
        this(call, errno, null);
    }

    /**
     * @param detail extra context appended in brackets (an address, a descriptor), or null
     */
    public SocketException(String call, Errno errno, String detail) {
        super(format(call, errno, detail));
        this.errno = Objects.requireNonNull(errno, "errno");
        this.call = call;
        this.detail = detail;
    }

    /** Without a call name: "Connection refused (ECONNREFUSED)". */
    public SocketException(Errno errno) {
        this(null, errno, null);
    }

    public Errno errno() {
        return errno;
    }

    /** The failing call, or null. */
    public String call() {
        return call;
    }

    /** The extra context, or null. */
    public String detail() {
        return detail;
    }

    /**
     * The same error (with the same detail) as reported by {@code otherCall}, for a library call
     * built on another one, or to rethrow on the caller's thread; this exception becomes the cause.
     */
    public SocketException as(String otherCall) {
        SocketException e = new SocketException(otherCall, errno, detail);
        e.initCause(this);
        return e;
    }

    private static String format(String call, Errno errno, String detail) {
        Objects.requireNonNull(errno, "errno");
        String s = errno.message() + " (" + errno.name() + ")";
        if (call != null) {
            s = call + ": " + s;
        }
        if (detail != null) {
            s = s + " [" + detail + "]";
        }
        return s;
    }
}
