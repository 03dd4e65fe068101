package io.netstack4j.app.http.server;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): IMF-fixdate to send ({@code Sun, 06 Nov 1994 08:49:37 GMT}); the two
 * obsolete forms too on receipt, as a recipient MUST accept them — RFC 850
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** RFC 850 with a two-digit year: read as within 50 years of now (RFC 9110 §5.6.7). */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDateTime.now(ZoneOffset.UTC).getYear() - 50)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withResolverStyle(ResolverStyle.SMART);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private static volatile CachedNow cachedNow = new CachedNow(Long.MIN_VALUE, "");

    private record CachedNow(long second, String text) {
    }

    private HttpDates() {
    }

    /** IMF-fixdate of {@code t}, to the second. */
    static String format(Instant t) {
        return IMF_FIXDATE.format(t);
    }

    /** The Date field's value for now (RFC 9110 §6.6.1), made once a second. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        CachedNow c = cachedNow;
        if (c.second() != second) {
            c = new CachedNow(second, format(Instant.ofEpochSecond(second)));
            cachedNow = c;
        }
        return c.text();
    }

    /** The instant an HTTP date names, or null if it is none of the three forms (then it is ignored). */
    static Instant parse(String s) {
        if (s == null) {
            return null;
        }
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850}) {
            try {
                return LocalDateTime.parse(s, f.withZone(null)).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        try {
            return LocalDateTime.parse(s, ASCTIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
