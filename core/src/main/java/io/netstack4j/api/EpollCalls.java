package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.concurrent.TimeUnit;

/** The epoll calls of {@link Sockets} (their contracts are documented there). */
final class EpollCalls {
    private final LoopCalls calls;
    private final CallerThread here;
    private final DescriptorTable table;

    EpollCalls(LoopCalls calls, CallerThread here, DescriptorTable table) {
        this.calls = calls;
        this.here = here;
        this.table = table;
    }

    int create() throws SocketException {
        return calls.now("epoll_create", now -> table.allocate(fd -> new EpollImpl()).fd);
    }

    void control(int epfd, int op, int fd, int events) throws SocketException {
        calls.now("epoll_ctl", now -> {
            EpollImpl set = epoll("epoll_ctl", epfd);
            if (fd == epfd) {
                throw new SocketException("epoll_ctl", Errno.EINVAL, "fd " + fd + " is the epoll set itself");
            }
            set.control(op, table.require("epoll_ctl", fd), events);
            return null;
        });
    }

    int await(int epfd, EpollEvent[] events, int maxEvents, long timeoutMillis) throws SocketException {
        if (maxEvents < 1 || maxEvents > events.length) {
            throw new SocketException("epoll_wait", Errno.EINVAL, "maxEvents " + maxEvents + " of " + events.length);
        }
        long nanos = timeoutMillis < 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (nanos == 0) {
            Descriptor d = here.require("epoll_wait", epfd);
            if (d.impl instanceof EpollImpl && (d.readyOpsAnyThread() & PollFd.POLLIN) == 0) {
                return 0;   // nothing on the ready list: answered here, without the loop
            }
        }
        return calls.callOr("epoll_wait", epfd, true, nanos, 0, (s, now) -> {
            if (!(s instanceof EpollImpl set)) {
                throw new SocketException("epoll_wait", Errno.EINVAL, "fd " + epfd + " is not an epoll set");
            }
            int n = set.harvest(events, maxEvents);
            return n == 0 ? null : n;
        });
    }

    private EpollImpl epoll(String call, int epfd) throws SocketException {
        if (!(table.require(call, epfd).impl instanceof EpollImpl set)) {
            throw new SocketException(call, Errno.EINVAL, "fd " + epfd + " is not an epoll set");
        }
        return set;
    }
}
