package io.netstack4j.app.http.client;

import io.netstack4j.app.http.ChunkedInputStream;
import io.netstack4j.app.http.FixedLengthInputStream;
import io.netstack4j.app.http.HeaderLimits;
import io.netstack4j.app.http.HttpFields;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body as the caller reads it, streamed from the connection (never held whole): decoded
 * by its {@link ResponseFraming}, counted for {@link HttpClient.Listener#bodyProgress}, and at its
 * end the connection goes back to the pool or is closed. Closing it before the end closes the
 * connection (what is left of the body is not read).
 */
final class ResponseBody extends InputStream {
    private final HttpClient client;
    private final Connection c;
    private final ResponseFraming framing;
    private final InputStream decoded;
    private final boolean keepAlive;
    private final CloseReason closeReason;
    private final Deadline deadline;
    private final int status;
    private final HttpClient.Listener listener;
    private long received;
    private boolean done;

    ResponseBody(HttpClient client, Connection c, ResponseFraming framing, HeaderLimits limits, boolean keepAlive,
                 CloseReason closeReason, Deadline deadline, int status) {
        this.client = client;
        this.c = c;
        this.framing = framing;
        this.keepAlive = keepAlive;
        this.closeReason = closeReason;
        this.deadline = deadline;
        this.status = status;
        this.listener = client.listener();
        this.decoded = switch (framing.kind()) {
            case NONE -> InputStream.nullInputStream();
            case CONTENT_LENGTH -> new FixedLengthInputStream(c.in, framing.length());
            case CHUNKED -> new ChunkedInputStream(c.in, limits);
            case UNTIL_CLOSE -> null;
        };
    }

    /** A body with nothing to read (NONE, or Content-Length: 0) ends at once. */
    void finishIfEmpty() throws IOException {
        if (framing.kind() == ResponseFraming.Kind.NONE
                || (framing.kind() == ResponseFraming.Kind.CONTENT_LENGTH && framing.length() == 0)) {
            finish();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = decoded != null ? decoded.read(b, off, len) : c.in.read(b, off, len);
        } catch (IOException e) {
            fail();
            throw deadline.translate(e);
        }
        if (n < 0) {
            if (decoded == null) {
                listener.endOfStream(c.fd);
            }
            finish();
            return -1;
        }
        received += n;
        listener.bodyProgress(c.fd, received, framing.length());
        if (decoded instanceof FixedLengthInputStream f && f.complete()) {
            finish();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return done || decoded == null ? 0 : decoded.available();
    }

    /** The trailer fields of a chunked body, once it has been read to its end. */
    HttpFields trailers() {
        return decoded instanceof ChunkedInputStream ch ? ch.trailers() : HttpFields.EMPTY;
    }

    long received() {
        return received;
    }

    boolean done() {
        return done;
    }

    private void finish() throws IOException {
        if (done) {
            return;
        }
        done = true;
        deadline.cancel();
        listener.responseComplete(c.fd, status, received);
        try {
            client.release(c, keepAlive, closeReason);
        } catch (IOException e) {
            throw deadline.translate(e);
        }
    }

    private void fail() {
        done = true;
        client.discard(c, deadline.expired() ? CloseReason.TIMEOUT : CloseReason.ERROR);
        deadline.cancel();
    }

    /** Ends the body: at its end a no-op, before it the connection is closed. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            deadline.cancel();
            client.discard(c, CloseReason.BODY_ABANDONED);
        }
    }
}
