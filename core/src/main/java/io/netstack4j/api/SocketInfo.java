package io.netstack4j.api;

/**
 * One row of the socket table ({@link Sockets#table()}): a socket's control information, like a
 * line of {@code ss -uan}.
 *
 * @param fd          the descriptor
 * @param protocol    "udp" (and "tcp" later)
 * @param local       the local address and port (0.0.0.0:0 while unbound)
 * @param remote      the peer, or null when not connected
 * @param state       UDP: UNBOUND, BOUND or CONNECTED (TCP: its RFC 9293 state)
 * @param rxQueued    bytes waiting in the receive queue
 * @param rxCapacity  the receive queue's byte limit
 * @param rxDatagrams datagrams (or segments) waiting in the receive queue
 * @param txQueued    bytes waiting in the send queue (0 for UDP, which never queues)
 * @param drops       datagrams dropped because the receive queue was full
 * @param blocking    whether calls on it block
 * @param detail      TCP: the connection's numbers as {@code ss -ti} shows them (windows, MSS, RTT,
 *                    cwnd...), or null
 */
public record SocketInfo(int fd, String protocol, SocketAddress4 local, SocketAddress4 remote, String state,
                         int rxQueued, int rxCapacity, int rxDatagrams, int txQueued, long drops, boolean blocking,
                         String detail) {
    /** A row without detail (UDP, epoll). */
    public SocketInfo(int fd, String protocol, SocketAddress4 local, SocketAddress4 remote, String state,
                      int rxQueued, int rxCapacity, int rxDatagrams, int txQueued, long drops, boolean blocking) {
        this(fd, protocol, local, remote, state, rxQueued, rxCapacity, rxDatagrams, txQueued, drops, blocking, null);
    }

    /** The table's header line, matching {@link #toString()}'s columns. */
    public static final String HEADER = String.format("%-4s %-5s %-21s %-21s %-12s %8s %8s %6s",
            "FD", "PROTO", "LOCAL", "PEER", "STATE", "RECV-Q", "SEND-Q", "DROPS");

    @Override
    public String toString() {
        return String.format("%-4d %-5s %-21s %-21s %-12s %8s %8d %6d", fd, protocol, local,
                remote == null ? "*:*" : remote, state, rxQueued + "/" + rxCapacity, txQueued, drops)
                + (detail == null ? "" : "\n     " + detail);
    }
}
