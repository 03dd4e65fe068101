/**
 * The story's web server: HTTP/1.1 (RFC 9110, RFC 9112) serving a directory over netstack4j TCP.
 *
 * <p>{@link io.netstack4j.app.http.server.HttpServer} listens through the host's
 * {@link io.netstack4j.app.services.TcpAcceptor} (one virtual thread per connection, a bound on how many
 * are served at once). Each connection reads request heads with a strict parser of its own
 * ({@link io.netstack4j.app.http.server.RequestHeadParser}: RFC 9112 §3 request line, §5 field lines,
 * obs-fold rejected, limits on line length, header size and count), answers GET and HEAD from the
 * document root ({@link io.netstack4j.app.http.server.DocumentRoot}: no way out of it), with
 * Last-Modified / If-Modified-Since (304) and single byte ranges (206, 416), and streams files in
 * 64 KiB pieces, never whole. Connections persist (HTTP/1.1) until an idle timeout or a cap on
 * requests; with HTTP/1.0 or {@code Connection: close} the server closes first, as in the story.
 * A stalled client is cut off by the header timeout while the others go on being served.
 *
 * <p>What happens is told to an {@link io.netstack4j.app.http.server.HttpServerListener}: connections
 * accepted and closed (and who closed first), requests, responses, and one
 * {@link io.netstack4j.app.http.server.AccessLogEntry} per request (a common-log-format line).
 */
package io.netstack4j.app.http.server;
