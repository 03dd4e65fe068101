package io.netstack4j.app.http.server;

/**
 * One byte range of a representation (RFC 9110 §14.1.2): {@code first} to {@code last} inclusive.
 * Only a single range is served; a request for several is answered with the whole representation,
 * which RFC 9110 §14.2 allows (a server MAY ignore the Range header field).
 */
record ByteRange(long first, long last) {
    /** What a Range field asks of a representation of a given length. */
    sealed interface Outcome {
    }

    /** No usable Range (absent, malformed, several ranges, another unit): send the whole thing, 200. */
    record Whole() implements Outcome {
    }

    /** A satisfiable range: 206 with Content-Range. */
    record Partial(ByteRange range) implements Outcome {
    }

    /** No range overlaps the representation: 416 with {@code Content-Range: bytes *}{@code /length}. */
    record Unsatisfiable() implements Outcome {
    }

    static final Whole WHOLE = new Whole();
    static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

    long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/complete} (RFC 9110 §14.4). */
    String contentRange(long complete) {
        return "bytes " + first + "-" + last + "/" + complete;
    }

    /**
     * Evaluates a Range field value against a representation of {@code length} octets (RFC 9110
     * §14.1.1 ranges-specifier, §14.1.2 byte ranges): {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}.
     * The unit is case-insensitive; whitespace around the one range is allowed (OWS in the list rule).
     */
    static Outcome evaluate(String value, long length) {
        if (value == null) {
            return WHOLE;
        }
        int eq = value.indexOf('=');
        if (eq < 0 || !value.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return WHOLE;   // another range unit: ignored (§14.2)
        }
        String spec = value.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;   // several ranges: the whole representation instead
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String a = spec.substring(0, dash);
        String b = spec.substring(dash + 1);
        if (a.isEmpty()) {
            // suffix-range: the last n octets (§14.1.2); n = 0 is unsatisfiable
            long n = digits(b);
            if (n < 0) {
                return WHOLE;
            }
            if (n == 0 || length == 0) {
                return UNSATISFIABLE;
            }
            return new Partial(new ByteRange(Math.max(0, length - n), length - 1));
        }
        long first = digits(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
        if (first < 0 || last < 0 || last < first) {
            return WHOLE;   // invalid: ignored (§14.1.2, last-pos < first-pos makes it invalid)
        }
        if (first >= length) {
            return UNSATISFIABLE;   // §14.1.2: a first-pos at or past the length is unsatisfiable
        }
        return new Partial(new ByteRange(first, Math.min(last, length - 1)));
    }

    /** A 1*DIGIT value, or -1 (empty, not digits, or past 18 digits). */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
