package io.netstack4j.app.http;

import io.netstack4j.app.http.MalformedMessageException.Problem;

import java.io.IOException;
import java.io.InputStream;

/**
 * The chunked transfer coding, decoded (RFC 9112 §7.1):
 * <pre>
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * </pre>
 * Chunk extensions are checked for their characters and ignored (§7.1.1, a recipient MUST ignore
 * those it does not understand); the trailer section is read within the {@link HeaderLimits} and
 * skipped (§7.1.2: a recipient MAY discard it), though {@link #trailers()} keeps it. A chunk size
 * that is not hex, overflows 2^63, or a size line too long is {@link Problem#BAD_CHUNK_SIZE}; data not
 * followed by CRLF {@link Problem#BAD_CHUNK_END}; the connection ending inside the body
 * {@link Problem#TRUNCATED_BODY}. Closing it does not close the connection.
 */
public final class ChunkedInputStream extends InputStream {
    private enum State { SIZE, DATA, DATA_END, DONE }

    private final HttpInput in;
    private final HeaderLimits limits;
    private State state = State.SIZE;
    private long remaining;
    private long decoded;
    private int chunks;
    private HttpFields trailers = HttpFields.EMPTY;

    public ChunkedInputStream(HttpInput in, HeaderLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    @Override
    public int read() throws IOException {
        if (!dataReady()) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        consumed(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!dataReady()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        consumed(n);
        return n;
    }

    private void consumed(int n) {
        remaining -= n;
        decoded += n;
        if (remaining == 0) {
            state = State.DATA_END;
        }
    }

    /** Moves through size lines and chunk ends until data can be read (true) or the body ended (false). */
    private boolean dataReady() throws IOException {
        while (true) {
            switch (state) {
                case DATA:
                    return true;
                case DONE:
                    return false;
                case DATA_END:
                    chunkEnd();
                    state = State.SIZE;
                    break;
                case SIZE:
                    remaining = sizeLine();
                    chunks++;
                    if (remaining == 0) {
                        // last-chunk, then the trailer section and its final CRLF (§7.1.2).
                        trailers = HeaderBlockReader.read(in, limits, limits.maxHeaderBytes());
                        state = State.DONE;
                        return false;
                    }
                    state = State.DATA;
                    break;
                default:
                    throw new IllegalStateException(state.toString());
            }
        }
    }

    /** The CRLF after chunk-data (a bare LF accepted, as for every line, RFC 9112 §2.2). */
    private void chunkEnd() throws IOException {
        int c = in.read();
        if (c == '\r') {
            c = in.read();
        }
        if (c == '\n') {
            return;
        }
        if (c < 0) {
            throw truncated();
        }
        throw new MalformedMessageException(Problem.BAD_CHUNK_END,
                "chunk " + chunks + ": its data is not followed by CRLF (found " + MalformedMessageException.quote(
                        String.valueOf((char) c), 4) + ")");
    }

    /** {@code chunk-size [ chunk-ext ] CRLF} → the size. */
    private long sizeLine() throws IOException {
        String line;
        try {
            line = in.readLine(limits.maxLineLength(), Problem.BAD_CHUNK_SIZE);
        } catch (MalformedMessageException e) {
            if (e.problem() == Problem.TRUNCATED_HEAD) {
                throw truncated();
            }
            throw e;
        }
        if (line == null) {
            throw truncated();
        }
        long size = 0;
        int i = 0;
        while (i < line.length() && Character.digit(line.charAt(i), 16) >= 0 && line.charAt(i) < 128) {
            if (size > (Long.MAX_VALUE >> 4)) {
                throw badSize(line, "overflows");
            }
            size = (size << 4) | Character.digit(line.charAt(i), 16);
            i++;
        }
        if (i == 0) {
            throw badSize(line, "is not hexadecimal");
        }
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (§7.1.1)
        int j = i;
        while (j < line.length() && FieldSyntax.isOws(line.charAt(j))) {
            j++;
        }
        if (j < line.length() && (line.charAt(j) != ';' || !FieldSyntax.isFieldValue(line.substring(j)))) {
            throw badSize(line, "is followed by something other than chunk extensions");
        }
        if (j == line.length() && j > i) {
            throw badSize(line, "has trailing whitespace");
        }
        return size;
    }

    private MalformedMessageException badSize(String line, String why) {
        return new MalformedMessageException(Problem.BAD_CHUNK_SIZE, "chunk " + (chunks + 1) + ": the size line "
                + MalformedMessageException.quote(line, 40) + " " + why);
    }

    private MalformedMessageException truncated() {
        return new MalformedMessageException(Problem.TRUNCATED_BODY, "connection closed inside the chunked body, after "
                + decoded + " bytes in " + chunks + " chunks" + (state == State.DATA ? " (" + remaining
                + " bytes of the last chunk missing)" : ""));
    }

    /** True once the last chunk and the trailer section were read. */
    public boolean complete() {
        return state == State.DONE;
    }

    /** The trailer fields (empty until {@link #complete()}). */
    public HttpFields trailers() {
        return trailers;
    }

    @Override
    public int available() {
        return state == State.DATA ? (int) Math.min(in.buffered(), remaining) : 0;
    }
}
