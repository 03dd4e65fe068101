package io.netstack4j.app.http.server;

import io.netstack4j.api.SocketAddress4;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One request as an access log records it.
 *
 * @param connection     the connection it came on
 * @param n              its number on the connection, from 1
 * @param remote         the client's address and port
 * @param time           when its head began to arrive
 * @param requestLine    {@code GET /index.html HTTP/1.1}, or {@code -} if none could be read
 * @param status         the response status
 * @param bodyBytes      octets of the response body sent
 * @param durationNanos  from the head's first octet to the last octet of the response written
 */
public record AccessLogEntry(long connection, int n, SocketAddress4 remote, Instant time, String requestLine,
                             int status, long bodyBytes, long durationNanos) {
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * The Common Log Format line (host ident authuser [date] "request" status bytes) with the duration
     * and the connection added: {@code 198.51.100.1 - - [04/Dec/2026:17:35:52 +0000] "GET / HTTP/1.1" 200 1234 0.812ms conn#3/1}.
     */
    public String toLine() {
        return remote.address() + " - - [" + CLF_TIME.format(time) + "] \"" + requestLine + "\" " + status + " "
                + (bodyBytes == 0 ? "-" : Long.toString(bodyBytes)) + " "
                + String.format(Locale.ROOT, "%.3fms", durationNanos / 1e6) + " conn#" + connection + "/" + n;
    }

    @Override
    public String toString() {
        return toLine();
    }
}
