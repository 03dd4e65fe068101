package io.netstack4j.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A slot of the descriptor table: the socket a descriptor names, the per-descriptor options
 * (blocking mode, timeouts) and the calls waiting on it. Loop thread only.
 */
final class Descriptor {
    final int fd;
    final SocketImpl impl;
    boolean blocking = true;
    /** SO_RCVTIMEO in nanoseconds; 0 = wait forever. */
    long receiveTimeoutNanos;
    /** SO_SNDTIMEO in nanoseconds; 0 = wait forever. */
    long sendTimeoutNanos;
    /** Calls waiting for this socket's readiness, oldest first (so readers are served in order). */
    final List<Waiter<?>> waiters = new ArrayList<>(2);

    Descriptor(int fd, SocketImpl impl) {
        this.fd = fd;
        this.impl = impl;
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + impl.protocol() + ")";
    }
}
