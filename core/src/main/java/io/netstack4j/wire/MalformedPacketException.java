package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

import java.util.Locale;

/**
 * A packet failed a check while being parsed. Carries a {@link DropReason} that the layer
 * counts, plus a human-readable detail. It is thrown on the data path for every malformed frame,
 * so it must be cheap: it has no stack trace, and its detail is not built when it is thrown.
 * The detail is a {@link String#format} template kept with its arguments as primitives (and up to
 * two strings the caller already has), formatted only when {@link #getMessage()} or
 * {@link #toString()} is called; most are counted and never read. In a template the string
 * arguments come first, then the numbers (use {@code %1$s}, {@code %3$d}… to reorder).
 */
public final class MalformedPacketException extends Exception {
    private final DropReason reason;
    private final String template;
    private final String s1;
    private final String s2;
    private final int strings;
    private final int numbers;
    private final long a;
    private final long b;
    private final long c;
    private final long d;
    private final long e;
    private final long f;

    private MalformedPacketException(DropReason reason, String template, int strings, String s1, String s2,
                                     int numbers, long a, long b, long c, long d, long e, long f) {
        super(null, null, false, false);
        this.reason = reason;
        this.template = template;
        this.strings = strings;
        this.s1 = s1;
        this.s2 = s2;
        this.numbers = numbers;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.e = e;
        this.f = f;
    }

    /** A fixed detail, used as it is (not a template). */
    public MalformedPacketException(DropReason reason, String detail) {
        this(reason, detail, 0, null, null, 0, 0, 0, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, long a) {
        this(reason, template, 0, null, null, 1, a, 0, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, long a, long b) {
        this(reason, template, 0, null, null, 2, a, b, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, long a, long b, long c) {
        this(reason, template, 0, null, null, 3, a, b, c, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, long a, long b, long c, long d) {
        this(reason, template, 0, null, null, 4, a, b, c, d, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, long a, long b, long c, long d,
                                    long e, long f) {
        this(reason, template, 0, null, null, 6, a, b, c, d, e, f);
    }

    public MalformedPacketException(DropReason reason, String template, String s) {
        this(reason, template, 1, s, null, 0, 0, 0, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, String s, long a) {
        this(reason, template, 1, s, null, 1, a, 0, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, String s, long a, long b) {
        this(reason, template, 1, s, null, 2, a, b, 0, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, String s, long a, long b, long c) {
        this(reason, template, 1, s, null, 3, a, b, c, 0, 0, 0);
    }

    public MalformedPacketException(DropReason reason, String template, String s1, String s2, long a, long b) {
        this(reason, template, 2, s1, s2, 2, a, b, 0, 0, 0, 0);
    }

    public DropReason reason() {
        return reason;
    }

    /** The detail, formatted now (each call formats again: it is read rarely). */
    @Override
    public String getMessage() {
        if (strings == 0 && numbers == 0) {
            return template;
        }
        Object[] args = new Object[strings + numbers];
        int i = 0;
        if (strings > 0) {
            args[i++] = s1;
        }
        if (strings > 1) {
            args[i++] = s2;
        }
        long[] n = {a, b, c, d, e, f};
        for (int k = 0; k < numbers; k++) {
            args[i++] = n[k];
        }
        return String.format(Locale.ROOT, template, args);
    }

    @Override
    public String toString() {
        return reason + ": " + getMessage();
    }
}
