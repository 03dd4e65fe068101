package io.netstack4j.app.http;

import io.netstack4j.app.http.MalformedMessageException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection's buffered input: lines for the head (RFC 9112 §2.2), bytes for the body. One per
 * connection, read by one thread at a time; bytes buffered past one message stay here for the next
 * (a persistent connection, RFC 9112 §9.3). Large reads with nothing buffered go straight to the
 * stream, without a copy through the buffer.
 *
 * <p>Line endings (RFC 9112 §2.2): CRLF, or a bare LF (which a recipient MAY accept); a CR not
 * followed by LF is an error ({@link Problem#BAD_LINE_ENDING}), as is a NUL.
 */
public final class HttpInput {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long consumed;
    private byte[] line = new byte[256];

    public HttpInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    public HttpInput(InputStream in) {
        this(in, 16 * 1024);
    }

    /** Bytes handed out so far (lines with their endings, and body bytes). */
    public long consumed() {
        return consumed;
    }

    /** Bytes read from the stream but not yet handed out. */
    public int buffered() {
        return lim - pos;
    }

    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        lim = n;
        return true;
    }

    /**
     * The next line without its ending, as ISO-8859-1 text (one char per octet), or null if the
     * stream ended before its first byte.
     *
     * @param maxLength longest line accepted (without the ending)
     * @param tooLong   the problem to report if the line is longer
     * @throws MalformedMessageException {@code tooLong}; {@link Problem#BAD_LINE_ENDING};
     *                                   {@link Problem#TRUNCATED_HEAD} at end of stream inside the line
     */
    public String readLine(int maxLength, Problem tooLong) throws IOException {
        int n = 0;
        boolean any = false;
        boolean cr = false;
        while (true) {
            if (pos == lim && !fill()) {
                if (!any) {
                    return null;
                }
                throw new MalformedMessageException(Problem.TRUNCATED_HEAD, "connection closed inside a line: "
                        + MalformedMessageException.quote(new String(line, 0, n, StandardCharsets.ISO_8859_1), 60));
            }
            any = true;
            byte b = buf[pos++];
            consumed++;
            if (b == '\n') {
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (cr || b == 0) {
                throw new MalformedMessageException(Problem.BAD_LINE_ENDING, (cr ? "a CR not followed by LF" : "a NUL")
                        + " in a line: " + MalformedMessageException.quote(new String(line, 0, n, StandardCharsets.ISO_8859_1), 60));
            }
            if (b == '\r') {
                cr = true;
                continue;
            }
            if (n == maxLength) {
                throw new MalformedMessageException(tooLong, "a line longer than " + maxLength + " bytes: "
                        + MalformedMessageException.quote(new String(line, 0, n, StandardCharsets.ISO_8859_1), 60));
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, Math.min(Math.max(n * 2, 16), Math.max(maxLength, 16)));
            }
            line[n++] = b;
        }
    }

    /** One byte, or -1 at end of stream. */
    public int read() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        consumed++;
        return buf[pos++] & 0xff;
    }

    /** Up to {@code len} bytes (at least one unless at end of stream: -1), as {@link InputStream#read(byte[], int, int)}. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (len >= buf.length) {
                int n = in.read(b, off, len);
                if (n > 0) {
                    consumed += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        consumed += n;
        return n;
    }
}
