package io.netstack4j.app.http;

import java.io.IOException;

/**
 * An HTTP message that breaks RFC 9112's syntax or a configured limit. {@link #problem()} says which
 * rule; the message says where, quoting a little of the offending input (escaped, so control bytes
 * cannot reach a terminal).
 */
public final class MalformedMessageException extends IOException {
    /** What was wrong. */
    public enum Problem {
        /** The status line is not {@code HTTP/1.x SP 3DIGIT SP reason} (RFC 9112 §4). */
        BAD_STATUS_LINE,
        /** A field line is not {@code token ":" OWS value OWS} (RFC 9112 §5, RFC 9110 §5.1, §5.5). */
        BAD_HEADER,
        /** A field line starting with whitespace: obsolete line folding, rejected (RFC 9112 §5.2). */
        OBS_FOLD,
        /** A line longer than {@link HeaderLimits#maxLineLength()}. */
        LINE_TOO_LONG,
        /** More field lines than {@link HeaderLimits#maxFields()}. */
        TOO_MANY_HEADERS,
        /** The header block is larger than {@link HeaderLimits#maxHeaderBytes()}. */
        HEADER_TOO_LARGE,
        /** A bare CR, or a NUL, inside a line (RFC 9112 §2.2). */
        BAD_LINE_ENDING,
        /** Content-Length is not a non-negative decimal, or its values differ (RFC 9110 §8.6, RFC 9112 §6.3). */
        BAD_CONTENT_LENGTH,
        /** Both Transfer-Encoding and Content-Length (RFC 9112 §6.3 step 3: handled as an error). */
        CONFLICTING_FRAMING,
        /** A transfer coding other than {@code chunked} (none was asked for). */
        UNSUPPORTED_TRANSFER_CODING,
        /** A chunk-size line that is not hex digits [extensions], or too large (RFC 9112 §7.1). */
        BAD_CHUNK_SIZE,
        /** Chunk data not followed by CRLF (RFC 9112 §7.1). */
        BAD_CHUNK_END,
        /** The connection ended before the head was complete. */
        TRUNCATED_HEAD,
        /** The connection ended before the body announced by Content-Length or chunks was complete. */
        TRUNCATED_BODY,
        /** The connection closed before a single byte of a response arrived. */
        EMPTY_RESPONSE,
        /** A response that is well formed but not allowed here (101 without an upgrade asked, too many 1xx). */
        UNEXPECTED_RESPONSE;

        /** True for limits a server answers with 431 (header) rather than 400. */
        public boolean tooLarge() {
            return this == LINE_TOO_LONG || this == TOO_MANY_HEADERS || this == HEADER_TOO_LARGE;
        }
    }

    private final Problem problem;

    public MalformedMessageException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** At most {@code max} characters of {@code s}, control bytes as {@code \xNN}, for messages. */
    public static String quote(CharSequence s, int max) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0xff) {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > max ? "\"..." : "\"").toString();
    }
}
