package io.netstack4j.api;

/**
 * One slot of an {@link Sockets#epollWait} result (Linux's {@code struct epoll_event}): the ready
 * descriptor and its events. The caller allocates the array once and reuses it: a wait fills the
 * first {@code n} slots in place and allocates nothing. The bit values are Linux's
 * ({@code sys/epoll.h}); the event bits equal {@link PollFd}'s.
 */
public final class EpollEvent {
    /** Readable (or an error or end of stream is waiting). */
    public static final int EPOLLIN = PollFd.POLLIN;
    /** Writable. */
    public static final int EPOLLOUT = PollFd.POLLOUT;
    /** An error is pending (always reported). */
    public static final int EPOLLERR = PollFd.POLLERR;
    /** The peer hung up (always reported). */
    public static final int EPOLLHUP = PollFd.POLLHUP;
    /** Report the descriptor once, then disable it until {@code EPOLL_CTL_MOD} re-arms it. */
    public static final int EPOLLONESHOT = 1 << 30;
    /** Edge-triggered: report a descriptor again only after a new readiness edge (see {@link Sockets#epollCtl}). */
    public static final int EPOLLET = 1 << 31;

    /** {@link Sockets#epollCtl} operations. */
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;

    private int fd = -1;
    private int events;

    /** {@code n} empty slots. */
    public static EpollEvent[] array(int n) {
        EpollEvent[] a = new EpollEvent[n];
        for (int i = 0; i < n; i++) {
            a[i] = new EpollEvent();
        }
        return a;
    }

    /** The ready descriptor. */
    public int fd() {
        return fd;
    }

    /** Its events (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP). */
    public int events() {
        return events;
    }

    public boolean has(int event) {
        return (events & event) != 0;
    }

    /** Loop thread; the caller reads it after the wait returns (the call's completion orders the two). */
    void set(int fd, int events) {
        this.fd = fd;
        this.events = events;
    }

    @Override
    public String toString() {
        return "EpollEvent[fd=" + fd + ", events=" + PollFd.names(events) + "]";
    }
}
