package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketOption;
import io.netstack4j.app.demo.DemoEvents.Kind;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.app.http.client.CloseReason;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.Ipv4Address;

import java.util.Set;

/** The browser's steps, from the HTTP client's listener (on the demo's thread). */
final class BrowserEvents implements HttpClient.Listener {
    private final DemoEvents events;
    private final Set<String> nodelay;
    private final NetStack net;

    /** @param nodelay where "browser" is added when its socket has {@code TCP_NODELAY} */
    BrowserEvents(DemoEvents events, Set<String> nodelay, NetStack net) {
        this.events = events;
        this.nodelay = nodelay;
        this.net = net;
    }

    @Override
    public void resolving(String host) {
        events.event(Kind.RESOLVING, "browser", -1, 0, 0, host, null);
    }

    @Override
    public void resolved(String host, Ipv4Address address, DnsResult.Source source, DnsResult result) {
        long micros = result == null ? 0 : (result.completedAt() - result.startedAt()) / 1000;
        events.event(Kind.RESOLVED, "browser", -1, result == null ? 0 : result.queries(), micros, host,
                address + (result == null || result.server() == null ? "" : " " + result.server()));
    }

    @Override
    public void socketCreated(int fd) {
        events.event(Kind.SOCKET, "browser", fd, 0, 0, DemoEvents.socketRow(net, fd), null);
    }

    @Override
    public void connecting(int fd, SocketAddress4 remote) {
        events.event(Kind.CONNECTING, "browser", fd, 0, 0, remote.toString(), null);
    }

    @Override
    public void connected(int fd, SocketAddress4 local, SocketAddress4 remote) {
        long snd = -1;
        long rcv = -1;
        try {
            snd = net.sockets().getOption(fd, SocketOption.SO_SNDBUF);
            rcv = net.sockets().getOption(fd, SocketOption.SO_RCVBUF);
            if (net.sockets().getOption(fd, SocketOption.TCP_NODELAY) != 0) {
                nodelay.add("browser");
            }
        } catch (SocketException e) {
            // shown as unknown
        }
        events.event(Kind.CONNECTED, "browser", fd, snd, rcv, local.toString(), DemoEvents.socketRow(net, fd));
    }

    @Override
    public void connectionReused(int fd, SocketAddress4 local, SocketAddress4 remote, int previousRequests) {
        events.event(Kind.REUSED, "browser", fd, previousRequests, 0, local.toString(), null);
    }

    @Override
    public void requestHeadWritten(int fd, String head, int bytes) {
        events.event(Kind.HEAD_WRITTEN, "browser", fd, bytes, 0, head.lines().findFirst().orElse(""), null);
    }

    @Override
    public void requestBodyWritten(int fd, long bytes) {
        events.event(Kind.BODY_WRITTEN, "browser", fd, bytes, 0, null, null);
    }

    @Override
    public void responseHeaders(int fd, HttpFields headers, int headBytes) {
        events.event(Kind.RESPONSE_HEAD, "browser", fd, headBytes, 0, null, null);
    }

    @Override
    public void responseStatus(int fd, StatusLine status) {
        events.event(Kind.RESPONSE_HEAD, "browser", fd, -1, status.status(), status.toString(), null);
    }

    @Override
    public void responseComplete(int fd, int status, long bodyBytes) {
        events.event(Kind.RESPONSE_COMPLETE, "browser", fd, bodyBytes, status, null, null);
    }

    @Override
    public void endOfStream(int fd) {
        events.event(Kind.END_OF_STREAM, "browser", fd, 0, 0, null, null);
    }

    @Override
    public void connectionKept(int fd, int idleConnections) {
        events.event(Kind.KEPT, "browser", fd, idleConnections, 0, null, null);
    }

    @Override
    public void connectionClosed(int fd, CloseReason reason) {
        events.event(Kind.CLOSED, "browser", fd, 0, 0, reason.name(), null);
    }
}
