package io.netstack4j.app.http.server;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketOption;
import io.netstack4j.api.Sockets;
import io.netstack4j.app.http.server.HttpServerListener.CloseReason;
import io.netstack4j.app.http.server.HttpServerListener.Connection;
import io.netstack4j.socket.SocketException;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One connection's life on its own virtual thread: read a head, answer it, again, until the client
 * closes, asks to close, idles, or errs — then close, the server first where HTTP says so (RFC 9112 §9.6).
 */
final class HttpConnection {
    /** Read and write files in 64 KiB pieces: large copies cost the same fixed work as small ones. */
    static final int IO_BUFFER = 64 * 1024;
    /** At most this much is read and dropped while lingering after the server's FIN. */
    private static final int LINGER_MAX_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final Sockets sockets;
    private final HttpServerConfig config;
    private final HttpServerListener listener;
    private final int fd;
    private final long id;
    private Connection conn;
    private FdStreams.Input input;
    private FdStreams.Output output;
    private RequestHeadParser parser;
    private byte[] io;
    private long headStartNanos;
    private Instant headStartTime;

    HttpConnection(HttpServer server, int fd, long id) {
        this.server = server;
        this.sockets = server.sockets();
        this.config = server.config();
        this.listener = server.listener();
        this.fd = fd;
        this.id = id;
    }

    /** Serves the connection until it ends; never throws (the acceptor closes the descriptor afterwards). */
    void serve() {
        SocketAddress4 remote;
        try {
            remote = sockets.remoteAddress(fd);
            sockets.setSendTimeout(fd, config.writeTimeoutMillis());
            sockets.setOption(fd, SocketOption.TCP_NODELAY, 1);   // heads and bodies are written whole
        } catch (SocketException e) {
            return;   // reset before we started, or the server is stopping
        }
        conn = new Connection(id, fd, remote);
        listener.connectionAccepted(conn);
        input = new FdStreams.Input(sockets, fd, config.idleTimeoutMillis());
        output = new FdStreams.Output(sockets, fd);
        parser = new RequestHeadParser(input, config.limits(), this::headStarted);
        int n = 0;
        CloseReason reason = CloseReason.ABORTED;
        try {
            while (true) {
                if (server.isClosed()) {
                    reason = CloseReason.SERVER_STOPPED;
                    break;
                }
                input.deadline(0);
                RequestHead head = null;
                try {
                    head = parser.next();
                    if (head == null) {
                        reason = CloseReason.CLIENT_CLOSED;
                        break;
                    }
                    n++;
                    listener.requestReceived(conn, n, head);
                    reason = exchange(head, n);
                } catch (HttpRequestException e) {
                    // a head that cannot be served, or framing the server will not follow: answer, then close
                    if (head == null) {
                        n++;   // a head that did not parse still counts as a request on the connection
                    }
                    listener.requestRejected(conn, e);
                    server.countRejected();
                    Response r = Response.text(e.status());
                    r.sendBody = head == null || !head.method().equals("HEAD");
                    if (e.status() == 405) {
                        r.field("Allow", "GET, HEAD");
                    }
                    send(r, head, n, true, false);
                    reason = CloseReason.BAD_REQUEST;
                } catch (SocketTimeoutException e) {
                    if (parser.inHead() || input.hasDeadline()) {
                        server.countHeaderTimeout();
                        n++;
                        sendQuietly(Response.text(408), n);   // RFC 9110 §15.5.9: then close
                        reason = CloseReason.HEADER_TIMEOUT;
                    } else {
                        server.countIdleTimeout();
                        reason = CloseReason.IDLE_TIMEOUT;
                    }
                }
                if (reason != null) {
                    break;
                }
            }
        } catch (EOFException e) {
            reason = CloseReason.ABORTED;        // the stream ended inside a request
        } catch (IOException e) {
            reason = server.isClosed() ? CloseReason.SERVER_STOPPED : CloseReason.ABORTED;
        } catch (RuntimeException e) {
            reason = CloseReason.ABORTED;        // a bug must not take the server down: this connection only
            server.countInternalError(e);
        }
        listener.connectionClosing(conn, reason, n);
        if (reason == CloseReason.CONNECTION_CLOSE || reason == CloseReason.REQUEST_LIMIT
                || reason == CloseReason.BAD_REQUEST) {
            lingeringClose();
        }
    }

    private void headStarted() {
        headStartNanos = System.nanoTime();
        headStartTime = Instant.now();
        input.deadline(headStartNanos + config.headerTimeoutMillis() * 1_000_000L);
    }

    /**
     * Answers one parsed request; returns null to go on with the next, or why the connection ends.
     *
     * @throws HttpRequestException framing or a method the server refuses; the connection then closes
     */
    private CloseReason exchange(RequestHead head, int n) throws IOException {
        boolean http11 = head.isHttp11();
        // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive"
        boolean close = http11 ? head.hasConnectionOption("close") : !head.hasConnectionOption("keep-alive");
        CloseReason reason = close ? CloseReason.CONNECTION_CLOSE : null;
        if (!close && n >= config.maxRequestsPerConnection()) {
            close = true;
            reason = CloseReason.REQUEST_LIMIT;
        }
        if (head.header("Transfer-Encoding") != null) {
            // RFC 9112 §6.1: no transfer coding is understood for requests here (not even chunked)
            throw new HttpRequestException(501, "Transfer-Encoding in a request is not supported");
        }
        long contentLength = contentLength(head.headers("Content-Length"));
        if (http11 && head.headers("Host").size() != 1) {
            throw new HttpRequestException(400, "an HTTP/1.1 request needs exactly one Host field"); // RFC 9112 §3.2
        }
        boolean get = head.method().equals("GET");
        FormHandler forms = server.forms();
        if (forms != null && head.method().equals("POST") && head.header("Expect") == null
                && contentLength <= config.maxDiscardedBody()) {
            FormHandler.Reply reply = forms.post(head, parser.read((int) contentLength));
            if (reply != null) {
                send(Response.of(reply.status(), reply.contentType(), reply.body()), head, n, close, !http11);
                return reason;
            }
        }
        if (!get && !head.method().equals("HEAD")) {
            // a body the client has not sent yet (it waits for 100 Continue, RFC 9110 §10.1.1) is not waited for
            boolean waiting = head.header("Expect") != null && contentLength > 0;
            if (contentLength > config.maxDiscardedBody() || waiting) {
                throw new HttpRequestException(405, head.method() + " is not allowed");
            }
            parser.discard(contentLength);
            Response r = Response.text(405).field("Allow", "GET, HEAD");   // RFC 9110 §15.5.6: MUST send Allow
            send(r, head, n, close, !http11);
            return reason;
        }
        if (contentLength > config.maxDiscardedBody()) {
            throw new HttpRequestException(413, "a body of " + contentLength + " octets with " + head.method());
        }
        parser.discard(contentLength);   // RFC 9110 §9.3.1: content in GET has no meaning here; dropped
        Instant now = Instant.now();
        Response r = switch (server.root().lookup(head.target())) {
            case DocumentRoot.Found(var file) -> StaticFiles.reply(head, file, now);
            case DocumentRoot.Refused(var status, var why) -> Response.text(status);
        };
        if (!get) {
            r.sendBody = false;
        }
        send(r, head, n, close, !http11);
        return reason;
    }

    /**
     * Content-Length (RFC 9110 §8.6, RFC 9112 §6.3): 1*DIGIT; several fields or a list are accepted only
     * when every value is the same. 0 when absent.
     */
    static long contentLength(List<String> values) throws HttpRequestException {
        long length = -1;
        for (String field : values) {
            for (String v : field.split(",", -1)) {
                String s = v.strip();
                if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new HttpRequestException(400, "invalid Content-Length");
                }
                long l = Long.parseLong(s);
                if (length >= 0 && l != length) {
                    throw new HttpRequestException(400, "conflicting Content-Length values");
                }
                length = l;
            }
        }
        return Math.max(0, length);
    }

    /** Writes a response (the head with the first piece of the body in one write) and logs it. */
    private void send(Response r, RequestHead head, int n, boolean close, boolean http10) throws IOException {
        boolean keepAlive10 = http10 && !close;
        String text = r.head(HttpDates.now(), close, keepAlive10);
        byte[] headBytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long body = 0;
        try {
            if (r.sendBody && r.file != null) {
                body = streamFile(r, headBytes, text);
            } else {
                byte[] small = r.sendBody && r.bytes != null ? r.bytes : null;
                byte[] all = headBytes;
                if (small != null) {
                    all = new byte[headBytes.length + small.length];
                    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                    System.arraycopy(small, 0, all, headBytes.length, small.length);
                    body = small.length;
                }
                output.write(all, 0, all.length);
                listener.responseHeadSent(conn, r.status, text);
            }
        } finally {
            if (r.file != null) {
                r.file.close();
            }
        }
        listener.bodySent(conn, body);
        long start = headStartTime != null ? headStartNanos : System.nanoTime();
        AccessLogEntry e = new AccessLogEntry(id, n, conn.remote(), headStartTime != null ? headStartTime : Instant.now(),
                head != null ? head.requestLine() : "-", r.status, body, System.nanoTime() - start);
        server.countResponse(r.status, body);
        listener.requestCompleted(e);
    }

    /** The head, then the file region in {@link #IO_BUFFER} pieces (the head shares the first). */
    private long streamFile(Response r, byte[] headBytes, String text) throws IOException {
        if (io == null) {
            io = new byte[IO_BUFFER];
        }
        System.arraycopy(headBytes, 0, io, 0, headBytes.length);
        int filled = headBytes.length;
        int headPart = filled;
        long position = r.filePosition;
        long left = r.contentLength;
        long sent = 0;
        while (true) {
            while (filled < io.length && left > 0) {
                int got = r.file.read(ByteBuffer.wrap(io, filled, (int) Math.min(io.length - filled, left)), position);
                if (got < 0) {
                    throw new EOFException("the file became shorter while it was sent");
                }
                filled += got;
                position += got;
                left -= got;
            }
            output.write(io, 0, filled);
            if (headPart > 0) {
                listener.responseHeadSent(conn, r.status, text);
            }
            sent += filled - headPart;
            headPart = 0;
            filled = 0;
            if (left == 0) {
                return sent;
            }
        }
    }

    private void sendQuietly(Response r, int n) {
        try {
            send(r, null, n, true, false);
        } catch (IOException e) {
            // the client is gone or not reading: nothing more to tell it
        }
    }

    /**
     * The server closes first (RFC 9112 §9.6): a FIN after the response, then what the client still sends
     * is read and dropped until its FIN or {@link HttpServerConfig#lingerMillis()}, so a request the server
     * did not read cannot turn the close into a reset that destroys the response at the client.
     */
    private void lingeringClose() {
        try {
            sockets.shutdown(fd, Sockets.SHUT_WR);
            sockets.setReceiveTimeout(fd, config.lingerMillis());
            long deadline = System.nanoTime() + config.lingerMillis() * 1_000_000L;
            byte[] drop = new byte[8192];
            int total = 0;
            while (total < LINGER_MAX_BYTES && System.nanoTime() < deadline) {
                int got = sockets.read(fd, drop, 0, drop.length);
                if (got == 0) {
                    return;   // the client's FIN: it has read everything and closed
                }
                total += got;
            }
        } catch (SocketException e) {
            // timed out, reset, or already closed: the acceptor closes the descriptor now
        }
    }
}
