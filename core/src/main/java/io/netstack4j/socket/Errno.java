package io.netstack4j.socket;

/**
 * The error numbers the socket calls report, named and described as POSIX and Linux name them
 * ({@code errno.h}, {@code strerror}), so a failure reads the way it would in C.
 */
public enum Errno {
    EBADF("Bad file descriptor"),
    EADDRINUSE("Address already in use"),
    EADDRNOTAVAIL("Cannot assign requested address"),
    ECONNREFUSED("Connection refused"),
    ECONNRESET("Connection reset by peer"),
    EHOSTUNREACH("No route to host"),
    ENETUNREACH("Network is unreachable"),
    EHOSTDOWN("Host is down"),
    EAGAIN("Resource temporarily unavailable"),
    ETIMEDOUT("Connection timed out"),
    EINVAL("Invalid argument"),
    EMSGSIZE("Message too long"),
    ENOTCONN("Transport endpoint is not connected"),
    EDESTADDRREQ("Destination address required"),
    EPROTONOSUPPORT("Protocol not supported"),
    ENOPROTOOPT("Protocol not available"),
    EMFILE("Too many open files"),
    ENOBUFS("No buffer space available"),
    EPIPE("Broken pipe"),
    EISCONN("Transport endpoint is already connected"),
    ENOTSOCK("Socket operation on non-socket"),
    EINTR("Interrupted system call"),
    EINPROGRESS("Operation now in progress"),
    EALREADY("Operation already in progress"),
    ENETDOWN("Network is down"),
    EACCES("Permission denied"),
    EOPNOTSUPP("Operation not supported"),
    EEXIST("File exists"),
    ENOENT("No such file or directory");

    private final String message;

    Errno(String message) {
        this.message = message;
    }

    /** The {@code strerror} text, e.g. "Connection refused". */
    public String message() {
        return message;
    }
}
