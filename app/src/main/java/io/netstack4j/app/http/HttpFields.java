package io.netstack4j.app.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The header (or trailer) fields of one message, in the order received, names compared without
 * regard to case (RFC 9110 §5.1). Several lines with one name are kept apart; {@link #all} gives
 * them in order, which is their combined value's order (RFC 9110 §5.3).
 */
public final class HttpFields {
    /** One field line: its name as sent and its value without surrounding whitespace. */
    public record Field(String name, String value) {
        public Field {
            if (!FieldSyntax.isToken(name)) {
                throw new IllegalArgumentException("not a field name: " + MalformedMessageException.quote(name, 40));
            }
            if (!FieldSyntax.isFieldValue(value)) {
                throw new IllegalArgumentException("not a field value for " + name + ": "
                        + MalformedMessageException.quote(value, 40));
            }
        }
    }

    private final List<Field> fields;

    private HttpFields(List<Field> fields) {
        this.fields = fields;
    }

    public static HttpFields of(List<Field> fields) {
        return new HttpFields(List.copyOf(fields));
    }

    /** Pairs of name and value: {@code of("Host", "example.test", "Accept", "*&#47;*")}. */
    public static HttpFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        List<Field> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new HttpFields(Collections.unmodifiableList(list));
    }

    public static final HttpFields EMPTY = new HttpFields(List.of());

    public List<Field> list() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return f.value;
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                out.add(f.value);
            }
        }
        return out;
    }

    /** The list members (RFC 9110 §5.6.1) of every {@code name} line, lower-cased, in order. */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                out.addAll(FieldSyntax.listMembers(f.value));
            }
        }
        return out;
    }

    /** True if a {@code name} list holds {@code token} (case-insensitive): {@code hasToken("Connection", "close")}. */
    public boolean hasToken(String name, String token) {
        return tokens(name).contains(token.toLowerCase(Locale.ROOT));
    }

    /** The fields as they go on the wire: {@code Name: value CRLF} each. */
    public void appendTo(StringBuilder sb) {
        for (Field f : fields) {
            sb.append(f.name).append(": ").append(f.value).append("\r\n");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }
}
