package io.netstack4j.socket.dns;

import io.netstack4j.iface.Stack;
import io.netstack4j.iface.TimerClient;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpEndpoint;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.wire.Ipv4Address;

import java.util.Objects;

/**
 * A {@link DnsServer} on a UDP port (53, RFC 1035 §4.2.1): each datagram is a query, each answer
 * goes back to the datagram's source address and port. Pure protocol code on the stack's thread:
 * datagrams are read in {@link #poll}, a timer client with no timer of its own that the socket's
 * readiness schedules for the stack's next poll ({@link TimerClient.Registration#pollSoon}), which
 * runs right after the frames are delivered, so replies carry the right time.
 */
public final class DnsServerEndpoint implements TimerClient {
    /** Queries answered per poll at most, so one busy port does not starve the rest of the stack. */
    public static final int MAX_PER_POLL = 256;

    private final Stack stack;
    private final UdpEndpoint endpoint;
    private final DnsServer server;
    private boolean readable;
    private TimerClient.Registration registration;
    private long received;
    private long replies;
    private long noReply;
    private long sendErrors;

    private DnsServerEndpoint(Stack stack, UdpEndpoint endpoint, DnsServer server) {
        this.stack = stack;
        this.endpoint = endpoint;
        this.server = server;
    }

    /**
     * Binds {@code server} to {@code local:port} ({@code 0.0.0.0} for every address) and registers
     * with {@code stack}. On the stack's thread, or before its loop starts.
     *
     * @throws SocketException EADDRINUSE, EADDRNOTAVAIL... from the bind
     */
    public static DnsServerEndpoint install(Stack stack, UdpLayer udp, Ipv4Address local, int port, DnsServer server)
            throws SocketException {
        Objects.requireNonNull(server, "server");
        UdpEndpoint e = udp.open();
        try {
            e.bind(local, port);
        } catch (SocketException ex) {
            e.close();
            throw ex;
        }
        DnsServerEndpoint s = new DnsServerEndpoint(stack, e, server);
        s.registration = stack.scheduleTimerClient(s);
        e.onReadiness(() -> {
            s.readable = true;
            s.registration.pollSoon();
        });
        return s;
    }

    @Override
    public long poll(long now) {
        if (!readable || endpoint.isClosed()) {
            return Long.MAX_VALUE;
        }
        readable = false;
        for (int i = 0; i < MAX_PER_POLL; i++) {
            UdpDatagram d;
            try {
                d = endpoint.receive();
            } catch (SocketException e) {
                continue;   // an unconnected endpoint gets no ICMP errors; nothing else is pending
            }
            if (d == null) {
                return Long.MAX_VALUE;
            }
            received++;
            byte[] response = server.handle(d.data(), 0, d.length());
            if (response == null || d.sourcePort() == 0) {
                noReply++;   // not a query, or a sender that wants no reply (RFC 768: source port 0)
                continue;
            }
            try {
                endpoint.sendTo(d.source(), d.sourcePort(), response, 0, response.length, now);
                replies++;
            } catch (SocketException e) {
                sendErrors++;
            }
        }
        readable = true;   // more left: come back at once
        return now;
    }

    public DnsServer server() {
        return server;
    }

    public UdpEndpoint endpoint() {
        return endpoint;
    }

    /** Datagrams read, answers sent, datagrams left unanswered, answers that could not be sent. */
    public long received() {
        return received;
    }

    public long replies() {
        return replies;
    }

    public long noReply() {
        return noReply;
    }

    public long sendErrors() {
        return sendErrors;
    }

    /** Closes the port and unregisters. */
    public void close() {
        endpoint.close();
        stack.removeTimerClient(this);
    }
}
