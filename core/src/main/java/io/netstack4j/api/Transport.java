package io.netstack4j.api;

/**
 * A transport protocol a host runs, and the kind of socket it makes: UDP for
 * {@link SocketType#DGRAM}, TCP for {@link SocketType#STREAM}. {@link NetStack} installs
 * each transport it is given on its stack (the protocol handler, its timers, its output) and
 * {@link Sockets#socket} asks the transport of the requested type for a new socket, so neither
 * hard-wires a protocol. Transports are made in this package (they hand the descriptor table its
 * package-private {@code SocketImpl}s); {@link NetStack.Builder#transport} adds one.
 */
public abstract sealed class Transport permits UdpTransport, TcpTransport {
    Transport() {
    }

    /** The kind of socket this transport makes. */
    public abstract SocketType socketType();

    /** "udp", "tcp". */
    public abstract String name();

    /** Installs the protocol on the host's stack. Called once, before the loop starts. */
    abstract void install(NetStack host);

    /** A new socket's protocol side. Loop thread. */
    abstract SocketImpl openSocket();

    /**
     * The host is closing, its sockets closed: whatever the protocol still holds goes now (TCP resets
     * its connections, since no process will be left to finish them). Loop thread.
     */
    void shutdown(long now) {
    }
}
