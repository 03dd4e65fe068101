package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netstack4j.api.EpollEvent.EPOLLET;
import static io.netstack4j.api.EpollEvent.EPOLLONESHOT;

/**
 * An epoll set (Linux's {@code eventpoll}): the descriptors registered with their interest, and a
 * ready list. It is itself a descriptor of the table (so {@code close}, EBADF and the socket table
 * treat it like any other), with a {@link SocketImpl} whose socket calls fail with ENOTSOCK and
 * whose readiness is POLLIN while its ready list is not empty. Loop thread only.
 *
 * <p>A registered descriptor's readiness callback puts its entry on the ready list (once) when an
 * event of interest holds; {@link #harvest} takes entries from the head, checks each one's
 * readiness again, and reports it. Level-triggered entries still ready go back to the tail, so
 * they are reported by the next wait too; edge-triggered ({@code EPOLLET}) ones leave until the
 * next readiness callback (a new edge); {@code EPOLLONESHOT} ones are disabled. A wait thus costs
 * O(ready entries), never O(registered ones).
 */
final class EpollImpl implements SocketImpl {
    /** The interest bits an entry keeps (the rest are flags). */
    private static final int EVENT_MASK = PollFd.POLLIN | PollFd.POLLOUT | PollFd.POLLERR | PollFd.POLLHUP;
    /** Reported whether asked for or not, as epoll_ctl(2) says of EPOLLERR and EPOLLHUP. */
    private static final int ALWAYS = PollFd.POLLERR | PollFd.POLLHUP;

    private final Map<Descriptor, Entry> entries = new HashMap<>();
    /** The ready list, a doubly linked list through the entries (O(1) removal when one closes). */
    private Entry head;
    private Entry tail;
    private int readyCount;
    private Runnable readiness;
    private boolean closed;

    /** One descriptor in this set. */
    final class Entry {
        final Descriptor descriptor;
        int events;
        boolean disabled;
        boolean queued;
        Entry prev;
        Entry next;

        Entry(Descriptor descriptor, int events) {
            this.descriptor = descriptor;
            this.events = events;
        }

        /** The descriptor's readiness may have risen (its callback ran): queue it if an event of interest holds. */
        void signal() {
            if (disabled || queued || (descriptor.impl.readyOps() & (events & EVENT_MASK | ALWAYS)) == 0) {
                return;
            }
            enqueue(this);
            Runnable r = readiness;
            if (r != null) {
                r.run();
            }
        }

        EpollImpl set() {
            return EpollImpl.this;
        }
    }

    /**
     * EPOLL_CTL_ADD, _MOD or _DEL of {@code d} with {@code events}. Adding or modifying checks the
     * descriptor's readiness at once (so an already readable socket is reported by the next wait).
     *
     * @throws SocketException EEXIST (added twice), ENOENT (not in the set), EINVAL (an unknown op,
     *                         or an epoll set inside an epoll set: not supported)
     */
    void control(int op, Descriptor d, int events) throws SocketException {
        Entry e = entries.get(d);
        switch (op) {
            case EpollEvent.EPOLL_CTL_ADD -> {
                if (e != null) {
                    throw new SocketException("epoll_ctl", Errno.EEXIST, d.toString());
                }
                if (d.impl instanceof EpollImpl) {
                    throw new SocketException("epoll_ctl", Errno.EINVAL, "an epoll set inside an epoll set");
                }
                e = new Entry(d, events);
                entries.put(d, e);
                d.epolls.add(e);
                e.signal();
            }
            case EpollEvent.EPOLL_CTL_MOD -> {
                if (e == null) {
                    throw new SocketException("epoll_ctl", Errno.ENOENT, d.toString());
                }
                e.events = events;
                e.disabled = false;
                e.signal();
            }
            case EpollEvent.EPOLL_CTL_DEL -> {
                if (e == null) {
                    throw new SocketException("epoll_ctl", Errno.ENOENT, d.toString());
                }
                remove(e);
            }
            default -> throw new SocketException("epoll_ctl", Errno.EINVAL, "op " + op);
        }
    }

    /** Takes {@code e} out of the set (its descriptor is closing, or EPOLL_CTL_DEL). */
    void remove(Entry e) {
        entries.remove(e.descriptor);
        e.descriptor.epolls.remove(e);
        if (e.queued) {
            unlink(e);
        }
    }

    /**
     * Fills {@code out} with up to {@code max} ready descriptors, each entry of the ready list visited
     * at most once.
     *
     * @return how many were filled; 0 if none is ready
     */
    int harvest(EpollEvent[] out, int max) {
        int n = 0;
        for (int budget = readyCount; budget > 0 && n < max && head != null; budget--) {
            Entry e = head;
            unlink(e);
            int hit = e.descriptor.impl.readyOps() & (e.events & EVENT_MASK | ALWAYS);
            if (hit == 0) {
                continue;   // no longer ready (drained since it was queued): dropped until its next callback
            }
            out[n++].set(e.descriptor.fd, hit);
            if ((e.events & EPOLLONESHOT) != 0) {
                e.disabled = true;
            } else if ((e.events & EPOLLET) == 0) {
                enqueue(e);   // level-triggered: again next time, if still ready then
            }
        }
        return n;
    }

    int registered() {
        return entries.size();
    }

    int readyListLength() {
        return readyCount;
    }

    private void enqueue(Entry e) {
        e.queued = true;
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        readyCount++;
    }

    private void unlink(Entry e) {
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.queued = false;
        readyCount--;
    }

    // ---- as a descriptor ----

    @Override
    public String protocol() {
        return "epoll";
    }

    private static SocketException notSocket(String call) {
        return new SocketException(call, Errno.ENOTSOCK, "an epoll descriptor");
    }

    @Override
    public void bind(SocketAddress4 local) throws SocketException {
        throw notSocket("bind");
    }

    @Override
    public boolean connect(SocketAddress4 remote, long now) throws SocketException {
        throw notSocket("connect");
    }

    @Override
    public int send(byte[] b, int off, int len, SocketAddress4 to, long now) throws SocketException {
        throw notSocket("send");
    }

    @Override
    public RecvResult receive(byte[] b, int off, int len, long now) throws SocketException {
        throw notSocket("recv");
    }

    /** POLLIN while the ready list is not empty (it may hold an entry that has just stopped being ready). */
    @Override
    public int readyOps() {
        return closed ? PollFd.POLLNVAL : head != null ? PollFd.POLLIN : 0;
    }

    @Override
    public void onReadiness(Runnable r) {
        readiness = r;
    }

    @Override
    public SocketAddress4 localAddress() {
        return SocketAddress4.any(0);
    }

    @Override
    public SocketAddress4 remoteAddress() {
        return null;
    }

    @Override
    public SocketInfo info(int fd, boolean blocking) {
        return new SocketInfo(fd, protocol(), localAddress(), null, entries.size() + " fds", readyCount, 0, readyCount,
                0, 0, blocking);
    }

    /** Leaves every registered descriptor. */
    @Override
    public void close(long now) {
        if (closed) {
            return;
        }
        closed = true;
        List<Entry> all = new ArrayList<>(entries.values());
        for (Entry e : all) {
            remove(e);
        }
        Runnable r = readiness;
        readiness = null;
        if (r != null) {
            r.run();
        }
    }
}
