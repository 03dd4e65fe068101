package io.netstack4j.app.http;

import io.netstack4j.app.http.MalformedMessageException.Problem;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body of Content-Length octets (RFC 9112 §6.2, §6.3 step 6): ends after exactly that many; a
 * connection that ends sooner is {@link Problem#TRUNCATED_BODY} ("the message is incomplete",
 * RFC 9112 §8). Closing it does not close the connection.
 */
public final class FixedLengthInputStream extends InputStream {
    private final HttpInput in;
    private final long length;
    private long remaining;

    public FixedLengthInputStream(HttpInput in, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(in.buffered(), remaining);
    }

    /** True once every announced byte was read. */
    public boolean complete() {
        return remaining == 0;
    }

    private MalformedMessageException truncated() {
        return new MalformedMessageException(Problem.TRUNCATED_BODY, "connection closed after " + (length - remaining)
                + " of the " + length + " body bytes announced by Content-Length");
    }
}
