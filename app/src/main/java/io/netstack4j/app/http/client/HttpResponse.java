package io.netstack4j.app.http.client;

import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/**
 * A response whose head has been read; its body streams from the connection through
 * {@link #body()}. Read the body to its end (the connection then goes back to the pool) or close
 * the response (which closes the connection if the body was not finished).
 */
public final class HttpResponse implements AutoCloseable {
    private final URI uri;
    private final StatusLine statusLine;
    private final HttpFields headers;
    private final ResponseFraming framing;
    private final ResponseBody body;
    private final int fd;
    private final boolean reusedConnection;
    private final List<URI> redirects;

    HttpResponse(URI uri, StatusLine statusLine, HttpFields headers, ResponseFraming framing, ResponseBody body,
                 int fd, boolean reusedConnection, List<URI> redirects) {
        this.uri = uri;
        this.statusLine = statusLine;
        this.headers = headers;
        this.framing = framing;
        this.body = body;
        this.fd = fd;
        this.reusedConnection = reusedConnection;
        this.redirects = List.copyOf(redirects);
    }

    /** The URI this response answers (after redirects). */
    public URI uri() {
        return uri;
    }

    public StatusLine statusLine() {
        return statusLine;
    }

    public int status() {
        return statusLine.status();
    }

    public HttpFields headers() {
        return headers;
    }

    /** How the body is delimited (RFC 9112 §6.3). */
    public ResponseFraming framing() {
        return framing;
    }

    /** The announced body length: Content-Length (also in a response to HEAD), or -1. */
    public long contentLength() {
        if (framing.kind() == ResponseFraming.Kind.CONTENT_LENGTH) {
            return framing.length();
        }
        try {
            return headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")
                    ? ResponseFraming.contentLength(headers) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The body, streamed; -1 at its end. Errors are {@link io.netstack4j.app.http.MalformedMessageException}s or I/O errors. */
    public InputStream body() {
        return body;
    }

    /** Reads the whole body into memory (for small bodies) and closes the response. */
    public byte[] bodyBytes() throws IOException {
        try (this) {
            return body.readAllBytes();
        }
    }

    /** Body bytes read so far. */
    public long bodyBytesRead() {
        return body.received();
    }

    /** The trailer fields of a chunked body (empty until the body was read to its end). */
    public HttpFields trailers() {
        return body.trailers();
    }

    /** The descriptor of the connection it came on. */
    public int fd() {
        return fd;
    }

    /** True if it came on a connection kept from an earlier request. */
    public boolean reusedConnection() {
        return reusedConnection;
    }

    /** The URIs redirected from, in order (empty without redirects). */
    public List<URI> redirects() {
        return redirects;
    }

    /** Reads and drops at most {@code max} body bytes; if more are left, closes the connection. */
    void discard(long max) throws IOException {
        byte[] scratch = new byte[8192];
        long total = 0;
        while (total <= max) {
            int n = body.read(scratch, 0, scratch.length);
            if (n < 0) {
                return;
            }
            total += n;
        }
        body.close();
    }

    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return statusLine + " (" + uri + ")";
    }
}
