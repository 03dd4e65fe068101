package io.netstack4j.socket.tcp;

import io.netstack4j.wire.Ipv4Address;

/**
 * What the {@link ConnectionTable} finds by address and port: a connection, or a TIME-WAIT entry
 * that stands in for one after it closed. The four fields are primitives, so a lookup allocates
 * nothing.
 */
abstract sealed class FourTuple permits TcpControlBlock, TimeWait {
    int localAddr;
    int localPort;
    int remoteAddr;
    int remotePort;
    /** Set while in the table (by the table). */
    boolean inTable;

    final boolean matches(int la, int lp, int ra, int rp) {
        return localAddr == la && localPort == lp && remoteAddr == ra && remotePort == rp;
    }

    /** "198.51.100.1:40000 -> 198.51.100.2:80". */
    final String tupleText() {
        return new Ipv4Address(localAddr) + ":" + localPort + " -> " + new Ipv4Address(remoteAddr) + ":" + remotePort;
    }
}
