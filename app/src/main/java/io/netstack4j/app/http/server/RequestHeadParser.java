package io.netstack4j.app.http.server;

import io.netstack4j.app.http.FieldSyntax;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request heads from one connection's byte stream, strictly (RFC 9112), and keeps what follows a
 * head (a body, or the next pipelined request) for the next call. Self-contained: a buffer, a source
 * of bytes, and the grammar.
 *
 * <ul>
 *   <li>Request line (RFC 9112 §3): {@code method SP request-target SP HTTP-version CRLF}, one space
 *       each, the method a token (RFC 9110 §5.6.2), the target visible ASCII without {@code #}, the
 *       version {@code HTTP/DIGIT.DIGIT} (§2.3; case-sensitive). A major version other than 1 is 505.
 *       A line longer than {@link Limits#maxRequestLine()} is 414 (§3).</li>
 *   <li>Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before a request line are skipped (§2.2:
 *       a server SHOULD ignore at least one).</li>
 *   <li>Lines end in CRLF; a bare LF or a CR elsewhere is 400 (§2.2 allows a bare LF; strict here).</li>
 *   <li>Field lines (§5): {@code name ":" OWS value OWS}, the name a token with no whitespace before
 *       the colon (§5.1: MUST reject with 400); the value visible characters, obs-text, SP and HTAB,
 *       nothing else (RFC 9110 §5.5). A line starting with whitespace — obs-fold, or whitespace after
 *       the request line — is 400 (§5.2, §2.2).</li>
 *   <li>More than {@link Limits#maxHeaderCount()} field lines, or more than
 *       {@link Limits#maxHeaderBytes()} octets of them, is 431 (RFC 6585 §5).</li>
 * </ul>
 */
public final class RequestHeadParser {
    /**
     * The parser's limits.
     *
     * @param maxRequestLine octets of the request line, CRLF not counted (414 beyond)
     * @param maxHeaderBytes octets of all field lines with their CRLFs (431 beyond)
     * @param maxHeaderCount field lines (431 beyond)
     */
    public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount) {
        /** 8 KiB request line, 16 KiB of fields, 100 fields. */
        public static final Limits DEFAULT = new Limits(8 * 1024, 16 * 1024, 100);

        public Limits {
            if (maxRequestLine < 16 || maxHeaderBytes < 64 || maxHeaderCount < 1) {
                throw new IllegalArgumentException("limits too small: " + maxRequestLine + ", " + maxHeaderBytes
                        + ", " + maxHeaderCount);
            }
        }
    }

    static final int MAX_LEADING_EMPTY_LINES = 8;

    private final InputStream in;
    private final Limits limits;
    private final Runnable headStarted;
    private final byte[] buf;
    private int pos;
    private int end;
    private boolean inHead;
    private int headLength;

    /**
     * @param in          the connection's bytes
     * @param limits      the limits
     * @param headStarted called when the first octet of a head is at hand (read, or already buffered):
     *                    the header timeout starts there
     */
    public RequestHeadParser(InputStream in, Limits limits, Runnable headStarted) {
        this.in = in;
        this.limits = limits;
        this.headStarted = headStarted;
        this.buf = new byte[Math.max(limits.maxRequestLine(), limits.maxHeaderBytes()) + 2];
    }

    /**
     * The next request head, or null if the stream ends cleanly before one begins (the client closed).
     *
     * @throws HttpRequestException a head the server answers with an error status, then closes
     * @throws EOFException         the stream ended inside a head
     * @throws IOException          from the stream (a timeout, a reset)
     */
    public RequestHead next() throws IOException {
        inHead = false;
        headLength = 0;
        if (pos == end && !fill()) {
            return null;
        }
        startHead();
        for (int empty = 0; ; ) {
            int lf = lineEnd(limits.maxRequestLine(), 414, "request line longer than " + limits.maxRequestLine());
            if (lf - 1 == pos) {   // an empty line before the request line
                consume(lf);
                if (++empty > MAX_LEADING_EMPTY_LINES) {
                    throw new HttpRequestException(400, "too many empty lines before the request line");
                }
                continue;
            }
            RequestHead line = requestLine(pos, lf - 1);
            consume(lf);
            List<RequestHead.Field> fields = fields();
            inHead = false;
            return new RequestHead(line.method(), line.target(), line.major(), line.minor(), fields, headLength);
        }
    }

    /** Whether a head has begun and is not yet complete (a timeout now is the header timeout's). */
    public boolean inHead() {
        return inHead;
    }

    /** Octets read and not yet taken: the start of a body or of a pipelined request. */
    public int buffered() {
        return end - pos;
    }

    /**
     * Reads and drops {@code n} octets (a request body the server does not use), the buffered ones first.
     *
     * @throws EOFException the stream ended first
     */
    public void discard(long n) throws IOException {
        while (n > 0) {
            if (pos == end) {
                refillForBody();
            }
            int take = (int) Math.min(n, end - pos);
            pos += take;
            n -= take;
        }
    }

    /**
     * Reads exactly {@code n} octets (a request body the server uses), the buffered ones first.
     *
     * @throws EOFException the stream ended first
     */
    public byte[] read(int n) throws IOException {
        byte[] body = new byte[n];
        int got = 0;
        while (got < n) {
            if (pos == end) {
                refillForBody();
            }
            int take = Math.min(n - got, end - pos);
            System.arraycopy(buf, pos, body, got, take);
            pos += take;
            got += take;
        }
        return body;
    }

    /** The buffer is used up: reads the next piece of a body into it. */
    private void refillForBody() throws IOException {
        pos = 0;
        end = 0;
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            throw new EOFException("request body cut short");
        }
        end = r;
    }

    private void startHead() {
        inHead = true;
        headStarted.run();
    }

    /** Reads more octets after {@code end}, compacting first; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0 && (end == buf.length || pos == end)) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            if (inHead) {
                throw new EOFException("request head cut short");
            }
            return false;
        }
        end += n;
        return true;
    }

    /**
     * The index of the LF ending the line at {@code pos}, reading as needed; the line (without CRLF)
     * may be at most {@code max} octets.
     */
    private int lineEnd(int max, int status, String tooLong) throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i < end; i++) {
                if (buf[i] == '\n') {
                    if (i == pos || buf[i - 1] != '\r') {
                        throw new HttpRequestException(400, "a line ends in a bare LF (CRLF required)");
                    }
                    if (i - 1 - pos > max) {
                        throw new HttpRequestException(status, tooLong);
                    }
                    return i;
                }
            }
            if (end - pos > max + 1) {
                throw new HttpRequestException(status, tooLong);
            }
            int scanned = end - pos;
            if (!fill()) {
                throw new EOFException("request head cut short");
            }
            from = pos + scanned;
        }
    }

    private void consume(int lf) {
        headLength += lf + 1 - pos;
        pos = lf + 1;
    }

    /** RFC 9112 §3: method SP request-target SP HTTP-version, in {@code buf[from, to)}. */
    private RequestHead requestLine(int from, int to) throws HttpRequestException {
        int sp1 = indexOf(from, to, (byte) ' ');
        if (sp1 <= from) {
            throw new HttpRequestException(400, sp1 == from ? "request line starts with a space" : "no request-target");
        }
        for (int i = from; i < sp1; i++) {
            if (!isTchar(buf[i])) {
                throw new HttpRequestException(400, "method is not a token");
            }
        }
        int sp2 = indexOf(sp1 + 1, to, (byte) ' ');
        if (sp2 < 0) {
            throw new HttpRequestException(400, "no HTTP-version (HTTP/0.9 is not served)");
        }
        if (sp2 == sp1 + 1) {
            throw new HttpRequestException(400, "empty request-target or two spaces");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            int c = buf[i] & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                throw new HttpRequestException(400, "request-target has a character not allowed there (0x"
                        + Integer.toHexString(c) + ")");
            }
        }
        // HTTP-version = HTTP-name "/" DIGIT "." DIGIT (RFC 9112 §2.3), exactly 8 octets
        int v = sp2 + 1;
        if (to - v != 8 || buf[v] != 'H' || buf[v + 1] != 'T' || buf[v + 2] != 'T' || buf[v + 3] != 'P'
                || buf[v + 4] != '/' || !isDigit(buf[v + 5]) || buf[v + 6] != '.' || !isDigit(buf[v + 7])) {
            throw new HttpRequestException(400, "malformed HTTP-version");
        }
        int major = buf[v + 5] - '0';
        int minor = buf[v + 7] - '0';
        if (major != 1) {
            // RFC 9110 §15.6.6: 505 for a major version the server does not support
            throw new HttpRequestException(505, "HTTP/" + major + "." + minor + " is not supported");
        }
        return new RequestHead(ascii(from, sp1), ascii(sp1 + 1, sp2), major, minor, List.of(), 0);
    }

    /** Field lines up to the empty line (RFC 9112 §5). */
    private List<RequestHead.Field> fields() throws IOException {
        List<RequestHead.Field> fields = new ArrayList<>();
        int bytes = 0;
        while (true) {
            int room = limits.maxHeaderBytes() - bytes - 2;
            int lf = lineEnd(Math.max(0, room), 431, "header fields larger than " + limits.maxHeaderBytes() + " octets");
            int from = pos;
            int to = lf - 1;
            bytes += lf + 1 - pos;
            if (to == from) {
                consume(lf);
                return fields;
            }
            if (buf[from] == ' ' || buf[from] == '\t') {
                throw new HttpRequestException(400, fields.isEmpty() ? "whitespace before the first field line"
                        : "obs-fold (a field line continued on the next line) is not accepted");
            }
            if (fields.size() == limits.maxHeaderCount()) {
                throw new HttpRequestException(431, "more than " + limits.maxHeaderCount() + " header fields");
            }
            int colon = indexOf(from, to, (byte) ':');
            if (colon < 0) {
                throw new HttpRequestException(400, "field line without a colon");
            }
            if (colon == from) {
                throw new HttpRequestException(400, "empty field name");
            }
            for (int i = from; i < colon; i++) {
                if (!isTchar(buf[i])) {
                    throw new HttpRequestException(400, buf[i] == ' ' || buf[i] == '\t'
                            ? "whitespace between a field name and the colon" : "field name is not a token");
                }
            }
            int vs = colon + 1;
            int ve = to;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                int c = buf[i] & 0xff;
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new HttpRequestException(400, "control character 0x" + Integer.toHexString(c)
                            + " in a field value");
                }
            }
            fields.add(new RequestHead.Field(ascii(from, colon), new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1)));
            consume(lf);
        }
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.US_ASCII);
    }

    static boolean isTchar(byte b) {
        return FieldSyntax.isTchar(b);   // RFC 9110 §5.6.2
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
