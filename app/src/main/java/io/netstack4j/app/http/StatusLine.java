package io.netstack4j.app.http;

import io.netstack4j.app.http.MalformedMessageException.Problem;

/**
 * A response's first line (RFC 9112 §4): {@code HTTP-version SP status-code SP [reason-phrase]}.
 *
 * @param major  1 (only HTTP/1.x is read here)
 * @param minor  0 or 1 (a higher minor is read as 1.1, RFC 9110 §2.5)
 * @param status three digits, 100..599 (RFC 9110 §15)
 * @param reason the reason phrase, possibly empty (a client ignores it, RFC 9112 §4)
 */
public record StatusLine(int major, int minor, int status, String reason) {
    /**
     * Parses a status line. The SP after the status code may be missing when the reason is empty
     * (servers do omit it; RFC 9112 §4 makes the reason optional); everything else is strict.
     */
    public static StatusLine parse(String line) throws MalformedMessageException {
        // HTTP-version = HTTP-name "/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive.
        if (line.length() < 12 || !line.startsWith("HTTP/") || !digit(line.charAt(5)) || line.charAt(6) != '.'
                || !digit(line.charAt(7)) || line.charAt(8) != ' ') {
            throw bad(line, "not an HTTP/1.x status line");
        }
        int major = line.charAt(5) - '0';
        int minor = line.charAt(7) - '0';
        if (major != 1) {
            throw bad(line, "HTTP version " + major + "." + minor + " is not HTTP/1.x");
        }
        if (!digit(line.charAt(9)) || !digit(line.charAt(10)) || !digit(line.charAt(11))) {
            throw bad(line, "the status code is not three digits");
        }
        int status = (line.charAt(9) - '0') * 100 + (line.charAt(10) - '0') * 10 + (line.charAt(11) - '0');
        if (status < 100 || status > 599) {
            throw bad(line, "status code " + status + " is outside 100..599");
        }
        String reason = "";
        if (line.length() > 12) {
            if (line.charAt(12) != ' ') {
                throw bad(line, "no SP after the status code");
            }
            reason = line.substring(13);
            // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
            if (!FieldSyntax.isFieldValue(reason)) {
                throw bad(line, "a control character in the reason phrase");
            }
        }
        return new StatusLine(major, Math.min(minor, 1), status, reason);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static MalformedMessageException bad(String line, String why) {
        return new MalformedMessageException(Problem.BAD_STATUS_LINE, why + ": " + MalformedMessageException.quote(line, 60));
    }

    /** {@code HTTP/1.1}. */
    public String version() {
        return "HTTP/" + major + "." + minor;
    }

    /** 1xx (RFC 9110 §15.2). */
    public boolean informational() {
        return status < 200;
    }

    @Override
    public String toString() {
        return version() + " " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
