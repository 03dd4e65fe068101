package io.netstack4j.app.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syntax of field names and values (RFC 9110 §5) and of the comma-separated lists some fields
 * carry (RFC 9110 §5.6.1).
 */
public final class FieldSyntax {
    /** {@code tchar} (RFC 9110 §5.6.2), one bit per ASCII code. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private FieldSyntax() {
    }

    /** {@code tchar} (RFC 9110 §5.6.2). */
    public static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** {@code token = 1*tchar} (RFC 9110 §5.6.2): what a field name (§5.1) and a method are. */
    public static boolean isToken(CharSequence s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isToken(CharSequence s) {
        return isToken(s, 0, s.length());
    }

    /**
     * {@code field-vchar = VCHAR / obs-text}, and SP or HTAB between them (RFC 9110 §5.5): any byte
     * but the other controls (CR, LF and NUL above all) and DEL.
     */
    public static boolean isFieldValueChar(int c) {
        return c == ' ' || c == '\t' || (c > 0x20 && c != 0x7f && c <= 0xff);
    }

    /** True if every character of {@code s} may appear in a field value (RFC 9110 §5.5). */
    public static boolean isFieldValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isFieldValueChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code OWS = *( SP / HTAB )} (RFC 9110 §5.6.3). */
    public static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /** {@code s[from, to)} without leading and trailing OWS. */
    public static String trimOws(CharSequence s, int from, int to) {
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return s.subSequence(from, to).toString();
    }

    /**
     * The members of a comma-separated list ({@code #element}, RFC 9110 §5.6.1), trimmed, empty
     * members left out, lower-cased (for case-insensitive tokens such as Connection options and
     * transfer codings).
     */
    public static List<String> listMembers(String value) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                String m = trimOws(value, start, i);
                if (!m.isEmpty()) {
                    out.add(m.toLowerCase(Locale.ROOT));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
