package io.netstack4j.app.http.client;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.TcpSocket;
import io.netstack4j.app.http.HeaderBlockReader;
import io.netstack4j.app.http.HeaderLimits;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.MalformedMessageException;
import io.netstack4j.app.http.MalformedMessageException.Problem;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One request and the head of its response on one connection, for {@link HttpClient}: take a kept
 * connection or resolve and connect, write the request (RFC 9112 §3), read the status line and
 * header section (RFC 9112 §4, §5; 1xx responses skipped), decide the body's framing (§6.3) and
 * whether the connection persists (§9.3). A kept connection that fails before any response byte
 * (the server closed it meanwhile) is replaced once for an idempotent request (RFC 9112 §9.3.1).
 */
final class Transfer {
    /** Interim (1xx) responses skipped before the final one, at most. */
    private static final int MAX_INTERIM = 8;
    /** A body up to this size is written together with the head (one write, fewer small segments). */
    private static final int COALESCE_BODY = 16 * 1024;

    private final HttpClient client;
    private final HttpClient.Listener listener;

    Transfer(HttpClient client) {
        this.client = client;
        this.listener = client.listener();
    }

    HttpResponse exchange(HttpRequest r, Deadline deadline, List<URI> redirects) throws IOException {
        Origin origin = Origin.of(r.uri());
        deadline.check();
        Connection c = client.pool().take(origin, client.net().clock().nanos());
        boolean reused = c != null;
        if (reused) {
            listener.connectionReused(c.fd, c.local, c.remote, c.requests);
        } else {
            c = connect(origin, deadline);
        }
        while (true) {
            deadline.attach(c);
            long before = c.in.consumed();
            try {
                return transact(c, r, reused, deadline, redirects);
            } catch (IOException e) {
                client.discard(c, deadline.expired() ? CloseReason.TIMEOUT : CloseReason.ERROR);
                boolean nothingArrived = c.in.consumed() == before
                        && (!(e instanceof MalformedMessageException m) || m.problem() == Problem.EMPTY_RESPONSE);
                if (!reused || !r.idempotent() || !nothingArrived || deadline.expired()) {
                    throw e;
                }
                listener.retrying(c.fd, e.getMessage());
                c = connect(origin, deadline);
                reused = false;
            }
        }
    }

    private HttpResponse transact(Connection c, HttpRequest r, boolean reused, Deadline deadline, List<URI> redirects)
            throws IOException {
        boolean clientClose = r.headers().hasToken("Connection", "close");
        write(c, r);
        c.requests++;
        StatusLine status;
        HttpFields headers;
        int interim = 0;
        while (true) {
            long start = c.in.consumed();
            HeaderLimits limits = client.limits();
            String line = c.in.readLine(limits.maxLineLength(), Problem.LINE_TOO_LONG);
            if (line == null) {
                listener.endOfStream(c.fd);
                throw new MalformedMessageException(Problem.EMPTY_RESPONSE,
                        "the server closed the connection without a response" + (reused ? " (a kept connection)" : ""));
            }
            status = StatusLine.parse(line);
            listener.responseStatus(c.fd, status);
            headers = HeaderBlockReader.read(c.in, limits, limits.maxHeaderBytes() - (c.in.consumed() - start));
            listener.responseHeaders(c.fd, headers, (int) (c.in.consumed() - start));
            if (!status.informational()) {
                break;
            }
            if (status.status() == 101 || ++interim > MAX_INTERIM) {
                throw new MalformedMessageException(Problem.UNEXPECTED_RESPONSE, status.status() == 101
                        ? "101 Switching Protocols, but no upgrade was asked for"
                        : "more than " + MAX_INTERIM + " interim (1xx) responses");
            }
        }
        ResponseFraming framing = ResponseFraming.of(r.isHead(), status.status(), headers);
        // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        boolean serverClose = headers.hasToken("Connection", "close")
                || (status.minor() == 0 && !headers.hasToken("Connection", "keep-alive"));
        CloseReason reason = framing.kind() == ResponseFraming.Kind.UNTIL_CLOSE ? CloseReason.BODY_UNTIL_CLOSE
                : clientClose ? CloseReason.CLIENT_ASKED : serverClose ? CloseReason.SERVER_ASKED : null;
        ResponseBody body = new ResponseBody(client, c, framing, client.limits(), reason == null, reason, deadline,
                status.status());
        HttpResponse response = new HttpResponse(r.uri(), status, headers, framing, body, c.fd, reused, redirects);
        body.finishIfEmpty();
        return response;
    }

    private Connection connect(Origin origin, Deadline deadline) throws IOException {
        Ipv4Address address = resolve(origin.host());
        deadline.check();
        SocketAddress4 remote = new SocketAddress4(address, origin.port());
        TcpSocket s = TcpSocket.open(client.net());
        int fd = s.fd();
        listener.socketCreated(fd);
        listener.connecting(fd, remote);
        long millis = Math.min(client.connectTimeout().toMillis(), deadline.remainingMillis());
        try {
            s.connect(remote, Duration.ofMillis(millis));
            s.setSoTimeout(client.readTimeout());
        } catch (IOException e) {
            s.close();
            listener.connectionClosed(fd, deadline.expired() ? CloseReason.TIMEOUT : CloseReason.ERROR);
            throw e;
        }
        Connection c = new Connection(origin, s);
        listener.connected(fd, c.local, c.remote);
        return c;
    }

    private Ipv4Address resolve(String host) throws IOException {
        Ipv4Address literal = literal(host);
        if (literal != null) {
            listener.resolved(host, literal, DnsResult.Source.LITERAL, null);
            return literal;
        }
        if (client.resolver() == null) {
            throw new UnknownHostException(host + ": no resolver (no DNS server given)");
        }
        listener.resolving(host);
        DnsResult result = client.resolver().lookup(host);
        Ipv4Address a = result.addresses().getFirst();
        listener.resolved(host, a, result.source(), result);
        return a;
    }

    /** A dotted-quad literal, or null. */
    static Ipv4Address literal(String host) {
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return Ipv4Address.parse(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The request line, header fields and body (RFC 9112 §3, §6.2). */
    private void write(Connection c, HttpRequest r) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(c.origin.hostHeader()).append("\r\n");
        HttpFields h = r.headers();
        if (!h.contains("User-Agent")) {
            sb.append("User-Agent: ").append(client.userAgent()).append("\r\n");
        }
        if (!h.contains("Accept")) {
            sb.append("Accept: */*\r\n");
        }
        h.appendTo(sb);
        byte[] body = r.body();
        if (body != null || r.method().equals("POST") || r.method().equals("PUT")) {
            // RFC 9110 §8.6: a POST or PUT without a body says Content-Length: 0.
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        sb.append("\r\n");
        String head = sb.toString();
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        if (body != null && body.length > 0 && body.length <= COALESCE_BODY) {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            c.out.write(all);
            listener.requestHeadWritten(c.fd, head, headBytes.length);
            listener.requestBodyWritten(c.fd, body.length);
            return;
        }
        c.out.write(headBytes);
        listener.requestHeadWritten(c.fd, head, headBytes.length);
        if (body != null && body.length > 0) {
            c.out.write(body);
            listener.requestBodyWritten(c.fd, body.length);
        }
    }
}
