package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketOption;
import io.netstack4j.app.demo.DemoEvents.Kind;
import io.netstack4j.app.http.client.CloseReason;
import io.netstack4j.app.http.server.HttpServerListener;
import io.netstack4j.app.http.server.RequestHead;
import io.netstack4j.socket.SocketException;

import java.util.Set;

/** The web server's steps (on its connection threads). */
final class ServerEvents implements HttpServerListener {
    private final DemoEvents events;
    private final Set<String> nodelay;
    private final NetStack net;

    /** @param nodelay where "www" is added when its sockets have {@code TCP_NODELAY} */
    ServerEvents(DemoEvents events, Set<String> nodelay, NetStack net) {
        this.events = events;
        this.nodelay = nodelay;
        this.net = net;
    }

    @Override
    public void connectionAccepted(Connection c) {
        try {
            if (net.sockets().getOption(c.fd(), SocketOption.TCP_NODELAY) != 0) {
                nodelay.add("www");
            }
        } catch (SocketException e) {
            // unknown
        }
        events.event(Kind.ACCEPTED, "www", c.fd(), 0, 0, c.remote().toString(), DemoEvents.socketRow(net, c.fd()));
    }

    @Override
    public void requestReceived(Connection c, int number, RequestHead head) {
        events.event(Kind.REQUEST, "www", c.fd(), number, head.length(), head.requestLine(), null);
    }

    @Override
    public void responseHeadSent(Connection c, int status, String head) {
        events.event(Kind.RESPONSE_SENT, "www", c.fd(), status, head.length(),
                head.lines().findFirst().orElse(""), null);
    }

    @Override
    public void bodySent(Connection c, long bytes) {
        events.event(Kind.BODY_WRITTEN, "www", c.fd(), bytes, 0, null, null);
    }

    @Override
    public void connectionClosing(Connection c, CloseReason reason, int requests) {
        events.event(Kind.SERVER_CLOSING, "www", c.fd(), requests, reason.serverClosesFirst() ? 1 : 0,
                reason.name(), null);
    }
}
