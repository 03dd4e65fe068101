package io.netstack4j.api;

/**
 * One entry of a {@link Sockets#poll} set (POSIX {@code struct pollfd}): the descriptor, the
 * events asked for, and the events that occurred, filled in by {@code poll}. The bit values are
 * Linux's.
 */
public final class PollFd {
    /** Data may be read without blocking (or an error or end of stream is waiting). */
    public static final int POLLIN = 0x001;
    /** Data may be written without blocking. */
    public static final int POLLOUT = 0x004;
    /** An error is pending (always reported, whether asked for or not). */
    public static final int POLLERR = 0x008;
    /** The peer hung up (TCP; always reported). */
    public static final int POLLHUP = 0x010;
    /** The descriptor is not open (always reported). */
    public static final int POLLNVAL = 0x020;

    private final int fd;
    private final int events;
    private volatile int revents;

    public PollFd(int fd, int events) {
        this.fd = fd;
        this.events = events;
    }

    public static PollFd in(int fd) {
        return new PollFd(fd, POLLIN);
    }

    public static PollFd out(int fd) {
        return new PollFd(fd, POLLOUT);
    }

    public int fd() {
        return fd;
    }

    public int events() {
        return events;
    }

    /** The events that occurred, after {@link Sockets#poll} returns. */
    public int revents() {
        return revents;
    }

    public boolean has(int event) {
        return (revents & event) != 0;
    }

    void revents(int r) {
        revents = r;
    }

    @Override
    public String toString() {
        return "PollFd[fd=" + fd + ", events=" + names(events) + ", revents=" + names(revents) + "]";
    }

    /** "POLLIN|POLLOUT" for a mask, "0" for none. */
    public static String names(int mask) {
        StringBuilder sb = new StringBuilder();
        String[] n = {"POLLIN", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL"};
        int[] v = {POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL};
        for (int i = 0; i < n.length; i++) {
            if ((mask & v[i]) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(n[i]);
            }
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }
}
