package io.netstack4j.app.http.server;

/**
 * The limits and timeouts of an {@link HttpServer}.
 *
 * @param port                     TCP port on every address of the host
 * @param backlog                  listen backlog
 * @param maxConnections           connections served at once; one more is accepted and closed at once
 * @param idleTimeoutMillis        how long a connection may wait for the first octet of a request
 *                                 (also the longest wait for any read or write progress)
 * @param headerTimeoutMillis      how long a request head (and a body the server drops) may take from
 *                                 its first octet: a client trickling a byte at a time is cut off
 * @param writeTimeoutMillis       how long a write may wait for the client to take data
 * @param lingerMillis             after a response that closes the connection, how long the server, having
 *                                 sent its FIN first, reads and drops what the client still sends before it
 *                                 closes (so unread request bytes do not turn the close into a reset)
 * @param maxRequestsPerConnection requests on one connection; the last is answered with {@code Connection: close}
 * @param limits                   request line, header size and header count
 * @param maxDiscardedBody         a GET or HEAD body up to this many octets is read and dropped; a larger
 *                                 one is answered 413 and the connection closed
 */
public record HttpServerConfig(int port, int backlog, int maxConnections, long idleTimeoutMillis,
                               long headerTimeoutMillis, long writeTimeoutMillis, long lingerMillis,
                               int maxRequestsPerConnection, RequestHeadParser.Limits limits, long maxDiscardedBody) {
    /**
     * Port 80, backlog 128, 256 connections, 5 s idle, 10 s for a head, 30 s per write, 2 s linger, 1,000
     * requests per connection (as nginx's keepalive_requests), the parser's default limits, 64 KiB bodies dropped.
     */
    public static final HttpServerConfig DEFAULT = new HttpServerConfig(80, 128, 256, 5_000, 10_000, 30_000, 2_000,
            1_000, RequestHeadParser.Limits.DEFAULT, 64 * 1024);

    public HttpServerConfig {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " not in 1..65535");
        }
        if (backlog < 1 || maxConnections < 1 || maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("backlog, connections and requests per connection must be positive");
        }
        if (idleTimeoutMillis < 1 || headerTimeoutMillis < 1 || writeTimeoutMillis < 1 || lingerMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (limits == null || maxDiscardedBody < 0) {
            throw new IllegalArgumentException("limits needed, and a body limit not negative");
        }
    }

    public HttpServerConfig withPort(int v) {
        return new HttpServerConfig(v, backlog, maxConnections, idleTimeoutMillis, headerTimeoutMillis,
                writeTimeoutMillis, lingerMillis, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withMaxConnections(int v) {
        return new HttpServerConfig(port, backlog, v, idleTimeoutMillis, headerTimeoutMillis,
                writeTimeoutMillis, lingerMillis, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withIdleTimeoutMillis(long v) {
        return new HttpServerConfig(port, backlog, maxConnections, v, headerTimeoutMillis,
                writeTimeoutMillis, lingerMillis, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withHeaderTimeoutMillis(long v) {
        return new HttpServerConfig(port, backlog, maxConnections, idleTimeoutMillis, v,
                writeTimeoutMillis, lingerMillis, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withWriteTimeoutMillis(long v) {
        return new HttpServerConfig(port, backlog, maxConnections, idleTimeoutMillis, headerTimeoutMillis,
                v, lingerMillis, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withLingerMillis(long v) {
        return new HttpServerConfig(port, backlog, maxConnections, idleTimeoutMillis, headerTimeoutMillis,
                writeTimeoutMillis, v, maxRequestsPerConnection, limits, maxDiscardedBody);
    }

    public HttpServerConfig withMaxRequestsPerConnection(int v) {
        return new HttpServerConfig(port, backlog, maxConnections, idleTimeoutMillis, headerTimeoutMillis,
                writeTimeoutMillis, lingerMillis, v, limits, maxDiscardedBody);
    }

    public HttpServerConfig withLimits(RequestHeadParser.Limits v) {
        return new HttpServerConfig(port, backlog, maxConnections, idleTimeoutMillis, headerTimeoutMillis,
                writeTimeoutMillis, lingerMillis, maxRequestsPerConnection, v, maxDiscardedBody);
    }
}
