package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The descriptor API, as the BSD socket calls: {@link #socket} returns an int naming a socket, every
 * later call names it. Errors are {@link SocketException}s carrying an {@link Errno}. Any thread may
 * call. A call that can be answered from state safe to read on the caller's thread is answered there,
 * with no task to the loop: EBADF for a descriptor that is not open, EAGAIN (or {@link #WOULD_BLOCK})
 * for a receive that would not wait and finds the socket's published readiness empty, a
 * {@link #poll} that finds a descriptor ready or is not to wait, an idle {@link #epollWait} with a
 * zero timeout (see {@code SocketImpl}, "Calls without round trips"). Every other call runs on the
 * stack's loop thread, and a blocking call parks the caller until the loop completes it.
 *
 * <p>Semantics, and where they differ from Linux:
 * <ul>
 * <li>Descriptors start at {@value #FIRST_FD} (0–2 look like stdio in traces) and the lowest free one
 *     is reused, as POSIX requires. At most {@code maxDescriptors} are open; then EMFILE.
 * <li>An unknown or closed descriptor gives EBADF, for every call, closing twice included.
 * <li>A descriptor blocks by default. {@link #setReceiveTimeout} is {@code SO_RCVTIMEO}: when it
 *     expires the call fails with <b>ETIMEDOUT</b> (Linux says EAGAIN; we keep EAGAIN for
 *     "non-blocking and nothing ready" so the two cannot be confused).
 * <li>A non-blocking descriptor ({@link #setBlocking}) fails with EAGAIN instead of waiting; that
 *     exception ({@link WouldBlockException}) carries no stack trace. The try-calls
 *     ({@link #tryRead}, {@link #tryRecvfrom}, {@link #tryWrite}, {@link #trySendto}) never wait, on
 *     any descriptor ({@code MSG_DONTWAIT}), and return {@link #WOULD_BLOCK} (null for
 *     {@code tryRecvfrom}) instead of throwing.
 * <li>{@link #poll} and {@link #epollWait} are event-driven: a readiness change on a socket reaches
 *     only the calls and epoll sets registered on that descriptor. {@code poll} looks at every entry
 *     once when it starts (as poll(2) must); {@code epollWait} looks only at ready descriptors, so it
 *     costs the same over 10 or 10,000 registered ones.
 * <li>Closing a descriptor while another thread waits in a call on it fails that call with EBADF
 *     (Linux leaves it waiting); a {@link #poll} on it sees POLLNVAL.
 * <li>Called on the loop thread itself, a call never waits: it fails with EAGAIN instead.
 * <li>An interrupted caller gets EINTR (unless its call had completed), its interrupt flag kept.
 * <li>When the host closes, waiting calls fail with EBADF (their socket closed) or ENETDOWN.
 * <li>A call that needs the loop thread while the loop's task queue is full (the loop is alive but
 *     behind) fails with <b>ENOBUFS</b>, "No buffer space available", the detail naming the full
 *     queue: a resource shortage, as Linux reports a full device queue, and worth trying again;
 *     ENETDOWN is kept for a host that is closed.
 * </ul>
 */
public final class Sockets {
    /** The default table size, Linux's default {@code RLIMIT_NOFILE}. */
    public static final int DEFAULT_MAX_DESCRIPTORS = 1024;
    /** The first descriptor handed out. */
    public static final int FIRST_FD = 3;
    /** The most datagrams one {@link #sendmmsg} call sends (Linux's {@code UIO_MAXIOV}). */
    public static final int MAX_BATCH = 1024;
    /**
     * What the try-calls ({@link #tryRead}, {@link #tryWrite}, {@link #trySendto}) return for "would
     * block": minus EAGAIN (11 on Linux), the kernel's own convention inside a system call.
     */
    public static final int WOULD_BLOCK = -11;

    /** {@link #tryRecvfrom}'s "nothing received" inside the loop call (outside: null). */
    private static final RecvResult NOTHING_RECEIVED = new RecvResult(WOULD_BLOCK, null);

    private final NetStack host;
    private final DescriptorTable table;
    private final LoopCalls calls;
    private final CallerThread here;
    private final DatagramCalls datagrams;
    private final StreamCalls streams;
    private final EpollCalls epolls;

    /** {@link #shutdown}: no more reading. */
    public static final int SHUT_RD = 0;
    /** {@link #shutdown}: no more writing (a FIN after the data: a half-close). */
    public static final int SHUT_WR = 1;
    /** {@link #shutdown}: both. */
    public static final int SHUT_RDWR = 2;

    Sockets(NetStack host, int maxDescriptors) {
        this.host = host;
        this.table = new DescriptorTable(maxDescriptors);
        this.calls = new LoopCalls(host, table);
        this.here = new CallerThread(host, table);
        this.datagrams = new DatagramCalls(calls, here);
        this.streams = new StreamCalls(calls, here, table);
        this.epolls = new EpollCalls(calls, here, table);
    }

    /** Closes every socket (before the loop stops). */
    void shutdown() {
        calls.shutdown();
    }

    /** Fails calls left waiting once the loop has stopped. */
    void afterLoopClosed() {
        calls.afterLoopClosed();
    }

    DescriptorTable timerClient() {
        return table;
    }

    /**
     * Creates a socket of the host's transport for {@code type} ({@link NetStack#transport}).
     *
     * @throws SocketException EPROTONOSUPPORT when the host runs no transport of that type (STREAM
     *                         until TCP lands); EMFILE when the table is full
     */
    public int socket(SocketType type) throws SocketException {
        Objects.requireNonNull(type, "type");
        Transport t = host.transport(type);
        if (t == null) {
            throw new SocketException("socket", Errno.EPROTONOSUPPORT, type.name());
        }
        return calls.now("socket", now -> table.allocate(fd -> t.openSocket()).fd);
    }

    /**
     * Binds to a local address and port (port 0: an ephemeral port, chosen at random).
     *
     * @throws SocketException EBADF; EADDRINUSE; EADDRNOTAVAIL (not our address); EINVAL (already bound)
     */
    public void bind(int fd, SocketAddress4 local) throws SocketException {
        Objects.requireNonNull(local, "local");
        calls.now("bind", now -> {
            table.require("bind", fd).impl.bind(local);
            return null;
        });
    }

    /**
     * Connects: for UDP, sets the default peer and accepts datagrams only from it (0.0.0.0
     * dissolves it); binds to an ephemeral port first if unbound.
     *
     * @throws SocketException EBADF; EINVAL (port 0); ENETUNREACH (no route)
     */
    public void connect(int fd, SocketAddress4 remote) throws SocketException {
        Objects.requireNonNull(remote, "remote");
        boolean[] started = new boolean[1];
        calls.call("connect", fd, false, Errno.EINPROGRESS, -1, (s, now) -> {
            if (!started[0]) {
                started[0] = true;
                return s.connect(remote, now) ? Boolean.TRUE : null;
            }
            return s.finishConnect(now) ? Boolean.TRUE : null;
        });
    }

    /**
     * Sends a datagram to {@code to}.
     *
     * @return {@code len}
     * @throws SocketException EBADF (also after close); EMSGSIZE; ENETUNREACH; ECONNREFUSED (a connected
     *                         socket's pending ICMP error); EAGAIN (non-blocking and full, TCP)
     */
    public int sendto(int fd, byte[] b, int off, int len, SocketAddress4 to) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(to, "to");
        int n = sendOnCaller("sendto", fd, b, off, len, to);
        if (n != SocketImpl.NOT_HERE) {
            return n;
        }
        return calls.call("sendto", fd, false, Errno.EAGAIN, -1, (s, now) -> sent(s.send(b, off, len, to, now)));
    }

    /**
     * Sends several datagrams in one call, as Linux's {@code sendmmsg(2)}: each element of
     * {@code datagrams} becomes one datagram to {@code to} (null: the connected peer), sent in order
     * in one step on the loop thread, so up to {@value #MAX_BATCH} datagrams cost one hand-over to
     * the loop thread instead of one each. Elements past {@value #MAX_BATCH} are left for the next
     * call (Linux caps a batch at {@code UIO_MAXIOV}, 1024, too).
     *
     * @return how many datagrams were sent, counted from the first: all (up to {@value #MAX_BATCH}),
     *         or fewer if one failed after the first had gone; as on Linux, that failure is not
     *         reported by this call (sending the rest again reports it)
     * @throws SocketException as {@link #sendto} (or {@link #write} for a null {@code to}) when the first
     *                         datagram fails; EINVAL for an empty list; EOPNOTSUPP for a socket that is
     *                         not a datagram socket
     */
    public int sendmmsg(int fd, List<byte[]> datagrams, SocketAddress4 to) throws SocketException {
        return datagrams().sendmmsg(fd, datagrams, to);
    }


    /**
     * Sends to the connected peer.
     *
     * @throws SocketException EDESTADDRREQ if not connected; otherwise as {@link #sendto}
     */
    public int write(int fd, byte[] b, int off, int len) throws SocketException {
        return send("write", fd, b, off, len);
    }

    /** The same as {@link #write}. */
    public int send(int fd, byte[] b, int off, int len) throws SocketException {
        return send("send", fd, b, off, len);
    }

    private int send(String call, int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Descriptor d = here.require(call, fd);
        if (d.impl instanceof TcpSocketImpl) {
            return streams.write(call, d, b, off, len);
        }
        int n = d.impl.trySendOnCaller(b, off, len, null);
        return n != SocketImpl.NOT_HERE ? n : calls.io(d, false, call, b, off, len);
    }

    // ---- stream sockets (TCP); errors as Linux's, listed per call ----

    /** {@code listen(2)}, binding an ephemeral port if unbound. EBADF, EOPNOTSUPP, EADDRINUSE, EINVAL. */
    public void listen(int fd, int backlog) throws SocketException {
        streams.listen(fd, backlog);
    }

    /**
     * {@code accept(2)}: the next established connection's new descriptor, waiting on a blocking one
     * (up to its receive timeout). EBADF, EINVAL (not listening), EAGAIN, ETIMEDOUT, EMFILE.
     */
    public int accept(int fd) throws SocketException {
        return streams.accept(fd, -1);
    }

    /**
     * {@code shutdown(2)}: {@link #SHUT_WR} sends a FIN after the data and the socket still reads;
     * {@link #SHUT_RD} makes reads return end of stream. EBADF, ENOTCONN, EINVAL, EOPNOTSUPP.
     */
    public void shutdown(int fd, int how) throws SocketException {
        streams.shutdown(fd, how);
    }

    /** {@code setsockopt(2)}, booleans as 1 or 0. EBADF, ENOPROTOOPT. */
    public void setOption(int fd, SocketOption option, int value) throws SocketException {
        streams.setOption(fd, option, value);
    }

    /** {@code getsockopt(2)}. EBADF, ENOPROTOOPT. */
    public int getOption(int fd, SocketOption option) throws SocketException {
        return streams.getOption(fd, option);
    }

    /** {@link #connect(int, SocketAddress4)} abandoned with ETIMEDOUT after {@code timeoutMillis} (0: SYN retries only). */
    public void connect(int fd, SocketAddress4 remote, long timeoutMillis) throws SocketException {
        streams.connect(fd, remote, timeoutMillis);
    }

    /**
     * Receives one datagram into {@code b} (truncated to {@code len}; the rest is discarded), waiting
     * for one if the descriptor blocks.
     *
     * @throws SocketException EBADF; EAGAIN (non-blocking, nothing queued); ETIMEDOUT (the receive
     *                         timeout passed); ECONNREFUSED (a connected socket's pending ICMP error)
     */
    public RecvResult recvfrom(int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        RecvResult r = receiveOnCaller(here.require("recvfrom", fd), b, off, len);
        if (r != null) {
            return r;
        }
        here.checkReceive("recvfrom", fd, -1);
        return calls.call("recvfrom", fd, true, Errno.EAGAIN, -1, (s, now) -> s.receive(b, off, len, now));
    }

    /**
     * Receives several datagrams in one call, as Linux's {@code recvmmsg(2)} with
     * {@code MSG_WAITFORONE}: takes every datagram already queued on {@code fd}, up to {@code max},
     * in one step on the loop thread, and appends them to {@code out} in arrival order. It waits (as
     * the descriptor's blocking mode and receive timeout say) only while none is queued, and
     * returns as soon as at least one is there. One call costs one hand-over to the loop thread
     * however many datagrams it takes, which is what makes high datagram rates reachable.
     *
     * @param out where the datagrams go (appended on the calling thread; nothing is added on failure)
     * @param max the most datagrams to take, at least 1
     * @return how many were appended, at least 1
     * @throws SocketException EBADF; EINVAL ({@code max} below 1); EOPNOTSUPP (not a datagram socket);
     *                         EAGAIN (non-blocking, nothing queued); ETIMEDOUT (the receive timeout
     *                         passed); ECONNREFUSED (a connected socket's pending ICMP error, reported
     *                         only when no datagram is taken ahead of it)
     */
    public int recvmmsg(int fd, List<? super UdpDatagram> out, int max) throws SocketException {
        return receiveDatagrams(fd, out, max, -1);
    }

    /**
     * As {@link #recvfrom}, returning only the length. On a stream socket, 0 is the end of the stream
     * (the peer's FIN, or SHUT_RD).
     */
    public int read(int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Descriptor d = here.require("read", fd);
        int n = d.impl.tryReceiveOnCaller(b, off, len, null);
        if (n != SocketImpl.NOT_HERE) {
            return n;
        }
        here.checkReceive("read", fd, -1);
        return calls.io(d, true, "read", b, off, len);   // a waiter reused call after call: nothing allocated
    }

    /** Blocking (the default) or non-blocking ({@code O_NONBLOCK}). */
    public void setBlocking(int fd, boolean blocking) throws SocketException {
        calls.now("fcntl", now -> {
            table.require("fcntl", fd).blocking = blocking;
            return null;
        });
    }

    public boolean isBlocking(int fd) throws SocketException {
        return calls.now("fcntl", now -> table.require("fcntl", fd).blocking);
    }

    /** {@code SO_RCVTIMEO}: how long a receive waits before ETIMEDOUT; 0 = forever. */
    public void setReceiveTimeout(int fd, long millis) throws SocketException {
        long nanos = timeoutNanos("setsockopt", millis);
        calls.now("setsockopt", now -> {
            table.require("setsockopt", fd).receiveTimeoutNanos = nanos;
            return null;
        });
    }

    /** {@code SO_SNDTIMEO}: how long a send waits before ETIMEDOUT; 0 = forever (UDP never waits). */
    public void setSendTimeout(int fd, long millis) throws SocketException {
        long nanos = timeoutNanos("setsockopt", millis);
        calls.now("setsockopt", now -> {
            table.require("setsockopt", fd).sendTimeoutNanos = nanos;
            return null;
        });
    }

    /** The local address ({@code getsockname}); 0.0.0.0:0 while unbound. */
    public SocketAddress4 localAddress(int fd) throws SocketException {
        return calls.now("getsockname", now -> table.require("getsockname", fd).impl.localAddress());
    }

    /**
     * The peer ({@code getpeername}).
     *
     * @throws SocketException ENOTCONN if not connected
     */
    public SocketAddress4 remoteAddress(int fd) throws SocketException {
        return calls.now("getpeername", now -> {
            SocketAddress4 a = table.require("getpeername", fd).impl.remoteAddress();
            if (a == null) {
                throw new SocketException("getpeername", Errno.ENOTCONN, "fd " + fd);
            }
            return a;
        });
    }

    /**
     * Waits until one of the descriptors has an event it asks for (or POLLERR, POLLHUP, POLLNVAL,
     * always reported), or the timeout passes; fills each entry's {@link PollFd#revents()}.
     *
     * @param timeoutMillis negative: forever; 0: do not wait
     * @return how many entries have events (0 on timeout)
     * @throws SocketException EINVAL if {@code fds} is longer than the table
     */
    public int poll(PollFd[] fds, long timeoutMillis) throws SocketException {
        PollFd[] set = fds.clone();
        if (set.length > table.capacity()) {
            throw new SocketException("poll", Errno.EINVAL, set.length + " entries");
        }
        long nanos = timeoutMillis < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Waiter.Poll w = new Waiter.Poll(set);
        // On this thread first, from the published readiness words: no task if something is ready.
        int n = w.scan(here::readyOps);
        if (n > 0 || nanos == 0) {
            return n;
        }
        return calls.poll(w, nanos);
    }

    /**
     * Closes the descriptor; calls waiting on it fail with EBADF.
     *
     * @throws SocketException EBADF if it is not open (never opened, or already closed)
     */
    public void close(int fd) throws SocketException {
        calls.now("close", now -> {
            table.close(fd, now);
            return null;
        });
    }

    /** As {@link #close}, for clean-up paths: a descriptor already closed (or a host already down) is fine. */
    public void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (SocketException alreadyClosed) {
            // closed through another path first: nothing left to free
        }
    }

    /** The socket table: one row per open descriptor, lowest first. */
    public List<SocketInfo> table() {
        try {
            return calls.now("table", now -> table.all().stream().map(d -> d.impl.info(d.fd, d.blocking)).toList());
        } catch (SocketException e) {
            return List.of();   // the host is closed: no sockets
        }
    }

    /** The table as text, a header and one line per socket (for a console). */
    public String tableText() {
        StringBuilder sb = new StringBuilder(SocketInfo.HEADER).append('\n');
        for (SocketInfo i : table()) {
            sb.append(i).append('\n');
        }
        return sb.toString();
    }

    /** How many descriptors are open. */
    public int openCount() {
        try {
            return calls.now("table", now -> table.openCount());
        } catch (SocketException e) {
            return 0;
        }
    }

    public int maxDescriptors() {
        return table.capacity();
    }

    // ---- value-returning calls: "would block" is a value, not an exception ----

    /**
     * As {@link #read}, but never waits, whatever the descriptor's mode ({@code MSG_DONTWAIT}), and
     * says "nothing ready" with a value instead of an exception. When the socket's published
     * readiness shows nothing to read, it answers on the calling thread without a task to the loop.
     *
     * @return bytes received, or {@link #WOULD_BLOCK}
     * @throws SocketException EBADF; ECONNREFUSED (a pending ICMP error); never EAGAIN
     */
    public int tryRead(int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Descriptor d = here.require("read", fd);
        int n = d.impl.tryReceiveOnCaller(b, off, len, null);
        if (n != SocketImpl.NOT_HERE) {
            return n;
        }
        if ((d.readyOpsAnyThread() & CallerThread.READABLE) == 0) {
            return WOULD_BLOCK;
        }
        return calls.callOr("read", fd, true, 0, WOULD_BLOCK, (s, now) -> {
            int k = s.read(b, off, len, now);
            return k < 0 ? null : k;
        });
    }

    /**
     * As {@link #recvfrom}, but never waits and returns null for "nothing ready" (see {@link #tryRead}).
     *
     * @return what was received, or null if nothing is queued
     */
    public RecvResult tryRecvfrom(int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Descriptor d = here.require("recvfrom", fd);
        RecvResult got = receiveOnCaller(d, b, off, len);
        if (got != null) {
            return got;
        }
        if ((d.readyOpsAnyThread() & CallerThread.READABLE) == 0) {
            return null;
        }
        RecvResult r = calls.callOr("recvfrom", fd, true, 0, NOTHING_RECEIVED, (s, now) -> s.receive(b, off, len, now));
        return r == NOTHING_RECEIVED ? null : r;
    }

    /**
     * As {@link #sendto}, but never waits: a socket that cannot take the data now answers
     * {@link #WOULD_BLOCK} (a UDP socket always takes it or fails).
     *
     * @return {@code len}, or {@link #WOULD_BLOCK}
     * @throws SocketException as {@link #sendto}, never EAGAIN
     */
    public int trySendto(int fd, byte[] b, int off, int len, SocketAddress4 to) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(to, "to");
        return trySend("sendto", fd, b, off, len, to);
    }

    /** As {@link #trySendto}, to the connected peer ({@link #write} that never waits). */
    public int tryWrite(int fd, byte[] b, int off, int len) throws SocketException {
        Objects.checkFromIndexSize(off, len, b.length);
        return trySend("write", fd, b, off, len, null);
    }

    private int trySend(String call, int fd, byte[] b, int off, int len, SocketAddress4 to) throws SocketException {
        Descriptor d = here.require(call, fd);
        int n = d.impl.trySendOnCaller(b, off, len, to);
        if (n != SocketImpl.NOT_HERE) {
            return n;
        }
        if ((d.readyOpsAnyThread() & CallerThread.WRITABLE) == 0) {
            return WOULD_BLOCK;
        }
        return calls.callOr(call, fd, false, 0, WOULD_BLOCK, (s, now) -> sent(s.send(b, off, len, to, now)));
    }

    // ---- epoll ----

    /**
     * Creates an epoll set ({@code epoll_create1(2)}): a descriptor of this table (it counts towards
     * {@link #maxDescriptors()}, shows in {@link #table()} as "epoll", and is closed with
     * {@link #close}). Socket calls on it fail with ENOTSOCK; {@link #poll} sees it POLLIN while it
     * has ready descriptors.
     *
     * @throws SocketException EMFILE when the table is full
     */
    public int epollCreate() throws SocketException {
        return epolls.create();
    }

    /**
     * Adds, changes or removes {@code fd} in the epoll set {@code epfd} ({@code epoll_ctl(2)}).
     * {@code events} is a mask of {@link EpollEvent#EPOLLIN}, {@link EpollEvent#EPOLLOUT} (EPOLLERR
     * and EPOLLHUP are always reported), with {@link EpollEvent#EPOLLET} for edge-triggered and
     * {@link EpollEvent#EPOLLONESHOT} for once.
     *
     * <ul>
     * <li>Level-triggered (the default): every {@link #epollWait} reports the descriptor while an event
     *     of interest holds.
     * <li>Edge-triggered: a descriptor is reported once per readiness edge, that is once after each
     *     readiness callback of its socket in which an event of interest holds (for UDP: each datagram
     *     queued, an ICMP error, closing); it is not reported again, however long it stays ready,
     *     until the next edge. As with Linux, read until {@link #WOULD_BLOCK} before waiting again.
     * <li>Adding (or modifying) checks the descriptor at once: one already ready is reported by the
     *     next wait.
     * <li>Closing a descriptor removes it from every set it is in (Linux does so when the last
     *     reference to the file goes; here a descriptor has no duplicates).
     * </ul>
     *
     * @param op {@link EpollEvent#EPOLL_CTL_ADD}, {@link EpollEvent#EPOLL_CTL_MOD} or
     *           {@link EpollEvent#EPOLL_CTL_DEL} ({@code events} is then ignored)
     * @throws SocketException EBADF (either descriptor not open); EINVAL ({@code epfd} is not an epoll
     *                         set, {@code fd} is {@code epfd}, an unknown op, or {@code fd} is itself an
     *                         epoll set: nesting is not supported); EEXIST (added twice); ENOENT
     *                         (modifying or removing a descriptor not in the set)
     */
    public void epollCtl(int epfd, int op, int fd, int events) throws SocketException {
        epolls.control(epfd, op, fd, events);
    }

    /**
     * Waits until a descriptor of the set {@code epfd} has an event of interest, or the timeout passes
     * ({@code epoll_wait(2)}); fills {@code events[0..n)} with the ready descriptors, at most
     * {@code maxEvents}, and allocates nothing. Its cost grows with the number of ready descriptors,
     * not with the number registered: readiness callbacks put descriptors on the set's ready list.
     * The descriptor's blocking mode and timeouts do not apply.
     *
     * @param timeoutMillis negative: forever; 0: do not wait
     * @return how many slots were filled (0 on timeout)
     * @throws SocketException EBADF; EINVAL ({@code epfd} is not an epoll set, {@code maxEvents} below 1
     *                         or beyond {@code events.length}); EBADF if {@code epfd} is closed while
     *                         waiting
     */
    public int epollWait(int epfd, EpollEvent[] events, int maxEvents, long timeoutMillis) throws SocketException {
        return epolls.await(epfd, events, maxEvents, timeoutMillis);
    }

    /** A datagram taken on the caller's thread (from the socket's receive ring), or null to go to the loop. */
    private static RecvResult receiveOnCaller(Descriptor d, byte[] b, int off, int len) throws SocketException {
        SocketAddress4[] from = new SocketAddress4[1];
        int n = d.impl.tryReceiveOnCaller(b, off, len, from);
        return n == SocketImpl.NOT_HERE ? null : new RecvResult(n, from[0]);
    }

    /** A send completed on the caller's thread (into the socket's send ring), or NOT_HERE. */
    private int sendOnCaller(String call, int fd, byte[] b, int off, int len, SocketAddress4 to)
            throws SocketException {
        return here.require(call, fd).impl.trySendOnCaller(b, off, len, to);
    }

    // ---- for UdpSocket ----

    /** As {@link DatagramCalls#receiveDatagram}. */
    UdpDatagram receiveDatagram(int fd, long timeoutNanos) throws SocketException {
        return datagrams().receiveDatagram(fd, timeoutNanos);
    }

    /** As {@link DatagramCalls#receiveDatagrams}. */
    int receiveDatagrams(int fd, List<? super UdpDatagram> out, int max, long timeoutNanos) throws SocketException {
        return datagrams().receiveDatagrams(fd, out, max, timeoutNanos);
    }

    private DatagramCalls datagrams() {
        return datagrams;
    }

    private static Integer sent(int n) {
        return n < 0 ? null : n;
    }

    private static long timeoutNanos(String call, long millis) throws SocketException {
        if (millis < 0) {
            throw new SocketException(call, Errno.EINVAL, "negative timeout " + millis);
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
