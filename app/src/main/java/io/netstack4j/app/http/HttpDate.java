package io.netstack4j.app.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP-date (RFC 9110 §5.6.7). A sender writes the IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT};
 * a recipient also reads the two obsolete forms, RFC 850's {@code Sunday, 06-Nov-94 08:49:37 GMT} and
 * asctime's {@code Sun Nov  6 08:49:37 1994}. Whole seconds, always GMT.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /**
     * RFC 850 after its day name (which the two-digit year cannot be checked against before the
     * century is chosen), the year resolved below (RFC 9110 §5.6.7).
     */
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("dd-MMM-uu HH:mm:ss 'GMT'", Locale.US);
    /** asctime: the day of month padded with a space ({@code Nov  6}). */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .appendPattern("EEE MMM ").padNext(2).appendValue(ChronoField.DAY_OF_MONTH)
            .appendPattern(" HH:mm:ss yyyy").toFormatter(Locale.US);

    private HttpDate() {
    }

    /** The IMF-fixdate of {@code t} (sub-second part dropped). */
    public static String format(Instant t) {
        return IMF_FIXDATE.format(t);
    }

    /**
     * Any of the three forms; null if {@code s} is none of them (a recipient ignores an invalid date,
     * e.g. RFC 9110 §13.1.3 for If-Modified-Since).
     *
     * @param now what "now" is, for RFC 850's two-digit year: a year more than 50 years ahead of it
     *            is taken as the most recent past year with the same last two digits
     */
    public static Instant parse(String s, Instant now) {
        if (s == null) {
            return null;
        }
        s = s.strip();
        try {
            return ZonedDateTime.parse(s, IMF_FIXDATE).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            int comma = s.indexOf(", ");
            if (comma < 6) {
                throw new DateTimeParseException("no day name", s, 0);
            }
            LocalDateTime t = LocalDateTime.parse(s.substring(comma + 2), RFC_850);
            int thisYear = now.atOffset(ZoneOffset.UTC).getYear();
            int year = thisYear - Math.floorMod(thisYear, 100) + t.getYear() % 100;
            if (year > thisYear + 50) {
                year -= 100;
            }
            return t.withYear(year).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(s, ASCTIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static Instant parse(String s) {
        return parse(s, Instant.now());
    }
}
