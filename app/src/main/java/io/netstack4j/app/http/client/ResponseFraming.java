package io.netstack4j.app.http.client;

import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.MalformedMessageException;
import io.netstack4j.app.http.MalformedMessageException.Problem;

import java.util.List;

/**
 * How a response's body is delimited, decided in the order of RFC 9112 §6.3.
 *
 * @param kind   which rule applies
 * @param length the Content-Length for {@link Kind#CONTENT_LENGTH}, else -1
 */
public record ResponseFraming(Kind kind, long length) {
    public enum Kind {
        /** No body: a response to HEAD, 1xx, 204 or 304 (§6.3 step 1). */
        NONE,
        /** Exactly Content-Length octets (§6.3 step 6). */
        CONTENT_LENGTH,
        /** The chunked coding (§6.3 step 4, §7.1). */
        CHUNKED,
        /** Until the server closes the connection (§6.3 step 8); the connection cannot be reused. */
        UNTIL_CLOSE
    }

    static final ResponseFraming NONE = new ResponseFraming(Kind.NONE, -1);

    /**
     * The framing of a response.
     *
     * @param headRequest the request was HEAD
     * @throws MalformedMessageException Transfer-Encoding with Content-Length (§6.3 step 3, handled
     *                                   as an error); a transfer coding other than chunked (none was
     *                                   asked for, RFC 9112 §7.4); a bad Content-Length (§6.3 step 5)
     */
    public static ResponseFraming of(boolean headRequest, int status, HttpFields headers)
            throws MalformedMessageException {
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return NONE;
        }
        boolean te = headers.contains("Transfer-Encoding");
        boolean cl = headers.contains("Content-Length");
        if (te && cl) {
            throw new MalformedMessageException(Problem.CONFLICTING_FRAMING,
                    "both Transfer-Encoding and Content-Length (RFC 9112 §6.3: a possible response-splitting attempt)");
        }
        if (te) {
            List<String> codings = headers.tokens("Transfer-Encoding");
            if (codings.equals(List.of("chunked"))) {
                return new ResponseFraming(Kind.CHUNKED, -1);
            }
            throw new MalformedMessageException(Problem.UNSUPPORTED_TRANSFER_CODING,
                    "Transfer-Encoding " + MalformedMessageException.quote(String.join(", ", codings), 60)
                            + ": only chunked is supported (no other coding was asked for)");
        }
        if (cl) {
            return new ResponseFraming(Kind.CONTENT_LENGTH, contentLength(headers));
        }
        return new ResponseFraming(Kind.UNTIL_CLOSE, -1);
    }

    /**
     * Content-Length (RFC 9110 §8.6): {@code 1*DIGIT}; several lines or a list are accepted only if
     * every value is the same (RFC 9112 §6.3 step 5).
     */
    static long contentLength(HttpFields headers) throws MalformedMessageException {
        long value = -1;
        for (String line : headers.all("Content-Length")) {
            for (String v : line.split(",", -1)) {
                v = v.strip();
                long n = parseDecimal(v);
                if (n < 0) {
                    throw new MalformedMessageException(Problem.BAD_CONTENT_LENGTH,
                            "Content-Length " + MalformedMessageException.quote(line, 40) + " is not a decimal length");
                }
                if (value >= 0 && n != value) {
                    throw new MalformedMessageException(Problem.BAD_CONTENT_LENGTH,
                            "Content-Length values differ: " + String.join(", ", headers.all("Content-Length")));
                }
                value = n;
            }
        }
        return value;
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    private static long parseDecimal(String v) {
        if (v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
