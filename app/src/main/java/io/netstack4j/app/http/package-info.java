/**
 * HTTP/1.1 message pieces shared by the client ({@link io.netstack4j.app.http.client}) and, later,
 * the server: a buffered line reader over a socket's stream ({@link io.netstack4j.app.http.HttpInput}),
 * a header-block reader with limits on line length, field count and total size
 * ({@link io.netstack4j.app.http.HeaderBlockReader}, {@link io.netstack4j.app.http.HeaderLimits}),
 * field-name and field-value syntax (RFC 9110 §5, {@link io.netstack4j.app.http.FieldSyntax}), the
 * header fields of one message ({@link io.netstack4j.app.http.HttpFields}), the status line
 * (RFC 9112 §4, {@link io.netstack4j.app.http.StatusLine}), bodies framed by Content-Length
 * ({@link io.netstack4j.app.http.FixedLengthInputStream}) or by the chunked coding with its trailers
 * skipped (RFC 9112 §7.1, {@link io.netstack4j.app.http.ChunkedInputStream}), and HTTP-date
 * (RFC 9110 §5.6.7, {@link io.netstack4j.app.http.HttpDate}).
 *
 * <p>Every malformed input is a {@link io.netstack4j.app.http.MalformedMessageException} naming its
 * {@link io.netstack4j.app.http.MalformedMessageException.Problem}: a client reports it, a server
 * maps it to a 400-class status ({@link io.netstack4j.app.http.MalformedMessageException.Problem#tooLarge()}
 * tells 431 and 413 from 400).
 */
package io.netstack4j.app.http;
