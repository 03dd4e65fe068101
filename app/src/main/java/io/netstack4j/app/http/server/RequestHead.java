package io.netstack4j.app.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed request head (RFC 9112 §3 request line and §5 field lines).
 *
 * @param method the method token, case-sensitive (RFC 9110 §9.1)
 * @param target the request-target exactly as sent
 * @param major  HTTP major version (1)
 * @param minor  HTTP minor version (0 or 1; a higher 1.x is answered as 1.1)
 * @param fields the field lines in order; names as sent, values with surrounding whitespace removed
 * @param length the octets of the head, request line to the empty line included
 */
public record RequestHead(String method, String target, int major, int minor, List<Field> fields, int length) {
    /** A field line: name and value (RFC 9112 §5). */
    public record Field(String name, String value) {
    }

    public RequestHead {
        fields = List.copyOf(fields);
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return "HTTP/" + major + "." + minor;
    }

    public boolean isHttp11() {
        return major == 1 && minor >= 1;
    }

    /** The first value of the field named {@code name} (case-insensitive, RFC 9110 §5.1), or null. */
    public String header(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of the field named {@code name}, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    /**
     * Whether a {@code Connection} field lists {@code option} (RFC 9110 §7.6.1: a comma-separated
     * list of case-insensitive tokens).
     */
    public boolean hasConnectionOption(String option) {
        for (String v : headers("Connection")) {
            for (String token : v.split(",")) {
                if (token.strip().toLowerCase(Locale.ROOT).equals(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The request line as a log shows it: {@code GET /index.html HTTP/1.1}. */
    public String requestLine() {
        return method + " " + target + " " + version();
    }
}
