package io.netstack4j.api;

import io.netstack4j.runtime.LoopTask;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The waiting {@code read}/{@code recv} (or {@code write}/{@code send}) of one descriptor, reused
 * call after call, so that a read that finds the receive ring empty (or a write that finds the send
 * ring full) and goes through the loop allocates nothing: no waiter, no capturing lambda for the
 * operation or for the task that starts it (this object is the task), no boxed count, no
 * {@link RecvResult}.
 *
 * <p>One call at a time uses it: a caller {@linkplain #tryClaim claims} it and {@linkplain #release
 * releases} it when its call is over; a second thread reading the same descriptor at the same time
 * finds it taken and uses a one-shot waiter instead (as every call did before). Calls are numbered
 * ({@link Waiter#generation()}), so an outcome meant for one call never completes the next (see
 * {@link Waiter}). The buffer, offset and length are written on the caller's thread before the task
 * is posted and read by the loop only while the call is not done.
 */
final class IoWaiter extends Waiter.OnSocket<Boolean> implements LoopTask {
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(IoWaiter.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopCalls calls;
    private final int fd;
    @SuppressWarnings("unused")   // through BUSY
    private volatile boolean busy;
    private byte[] b;
    private int off;
    private int len;
    /** Bytes moved by the completed call. */
    private int result;

    IoWaiter(LoopCalls calls, int fd, boolean receiving) {
        super(receiving ? "read" : "write", receiving, Errno.EAGAIN, -1, null, null);
        this.calls = calls;
        this.fd = fd;
    }

    /** Caller's thread: takes it for one call, or false if another thread's call has it. */
    boolean tryClaim() {
        return BUSY.compareAndSet(this, false, true);
    }

    /** Caller's thread: the next call's name and bytes (the previous call is over). */
    void prepare(String name, byte[] b, int off, int len) {
        nextCall(name);
        this.b = b;
        this.off = off;
        this.len = len;
    }

    /** Caller's thread, once its call is over: lets go of the buffer and of the waiter. */
    void release() {
        b = null;
        BUSY.setRelease(this, false);
    }

    /** The completed call's byte count. */
    int result() {
        return result;
    }

    @Override
    Boolean step(SocketImpl socket, long now) throws SocketException {
        int n = receiving ? socket.read(b, off, len, now) : socket.send(b, off, len, null, now);
        if (n < 0) {
            return null;
        }
        result = n;
        return Boolean.TRUE;
    }

    /** The posted start of the call, on the loop thread. */
    @Override
    public void run(long now) {
        calls.startPosted(this, fd, now);
    }
}
