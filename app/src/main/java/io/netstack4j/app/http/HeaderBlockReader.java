package io.netstack4j.app.http;

import io.netstack4j.app.http.MalformedMessageException.Problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads field lines up to the empty line that ends a head (RFC 9112 §2.1) or a chunked body's
 * trailer section (RFC 9112 §7.1.2), within {@link HeaderLimits}.
 *
 * <p>Each line is {@code field-name ":" OWS field-value OWS} (RFC 9112 §5): the name a token with
 * no whitespace before the colon (RFC 9112 §5.1), the value only field-vchars, SP and HTAB
 * (RFC 9110 §5.5). A line starting with SP or HTAB is obsolete line folding, rejected
 * (RFC 9112 §5.2 allows it only in message/http).
 */
public final class HeaderBlockReader {
    private HeaderBlockReader() {
    }

    /**
     * The fields of one block.
     *
     * @param budget the head bytes still allowed (the limit less the start line already read)
     */
    public static HttpFields read(HttpInput in, HeaderLimits limits, long budget) throws IOException {
        List<HttpFields.Field> fields = new ArrayList<>();
        long start = in.consumed();
        while (true) {
            long left = budget - (in.consumed() - start);
            if (left <= 0) {
                throw new MalformedMessageException(Problem.HEADER_TOO_LARGE,
                        "header section larger than " + limits.maxHeaderBytes() + " bytes");
            }
            boolean budgetBinds = left - 2 < limits.maxLineLength();
            int max = (int) Math.min(limits.maxLineLength(), Math.max(0, left - 2));
            String line = in.readLine(max, budgetBinds ? Problem.HEADER_TOO_LARGE : Problem.LINE_TOO_LONG);
            if (line == null) {
                throw new MalformedMessageException(Problem.TRUNCATED_HEAD,
                        "connection closed inside the header section (" + fields.size() + " fields read)");
            }
            if (line.isEmpty()) {
                return HttpFields.of(Collections.unmodifiableList(fields));
            }
            if (fields.size() == limits.maxFields()) {
                throw new MalformedMessageException(Problem.TOO_MANY_HEADERS,
                        "more than " + limits.maxFields() + " header fields");
            }
            fields.add(parseLine(line));
        }
    }

    /** One field line (RFC 9112 §5). */
    public static HttpFields.Field parseLine(String line) throws MalformedMessageException {
        if (FieldSyntax.isOws(line.charAt(0))) {
            throw new MalformedMessageException(Problem.OBS_FOLD, "obsolete line folding (RFC 9112 §5.2): "
                    + MalformedMessageException.quote(line, 60));
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !FieldSyntax.isToken(line, 0, colon)) {
            throw new MalformedMessageException(Problem.BAD_HEADER, (colon < 0 ? "no colon" : "not a field name")
                    + " in a header line: " + MalformedMessageException.quote(line, 60));
        }
        for (int i = colon + 1; i < line.length(); i++) {
            if (!FieldSyntax.isFieldValueChar(line.charAt(i))) {
                throw new MalformedMessageException(Problem.BAD_HEADER, "a control character in the value of "
                        + line.substring(0, colon) + ": " + MalformedMessageException.quote(line, 60));
            }
        }
        return new HttpFields.Field(line.substring(0, colon), FieldSyntax.trimOws(line, colon + 1, line.length()));
    }
}
