package io.netstack4j.app.http.server;

import io.netstack4j.api.SocketAddress4;

/**
 * What an {@link HttpServer} does, as it happens, for a log, a narration or a test. Every method has
 * a no-op default. Called on the connection's own virtual thread (the accept events on the acceptor's),
 * so many at once: an implementation must be thread-safe and quick.
 */
public interface HttpServerListener {
    /** A connection being served: an id of the server's own, its descriptor, and the client. */
    record Connection(long id, int fd, SocketAddress4 remote) {
        @Override
        public String toString() {
            return "#" + id + " fd " + fd + " " + remote;
        }
    }

    /** Why a connection ends, and which side sends its FIN first. */
    enum CloseReason {
        /** The client closed (end of stream between requests): it closed first. */
        CLIENT_CLOSED(false),
        /** HTTP/1.0 without keep-alive, or {@code Connection: close}: the server closes first, after the response. */
        CONNECTION_CLOSE(true),
        /** The connection's last allowed request was answered (with {@code Connection: close}). */
        REQUEST_LIMIT(true),
        /** No request began within the idle timeout. */
        IDLE_TIMEOUT(true),
        /** A request head (or a dropped body) did not complete within the header timeout: answered 408. */
        HEADER_TIMEOUT(true),
        /** A malformed or refused request: answered with a 4xx/5xx and {@code Connection: close}. */
        BAD_REQUEST(true),
        /** The stream ended inside a request, or a read or write failed (reset, write timeout). */
        ABORTED(false),
        /** The server is stopping. */
        SERVER_STOPPED(true);

        private final boolean serverFirst;

        CloseReason(boolean serverFirst) {
            this.serverFirst = serverFirst;
        }

        /** Whether the server sends its FIN first (the story's "the server closes first"). */
        public boolean serverClosesFirst() {
            return serverFirst;
        }
    }

    /** {@code accept} gave descriptor {@code c.fd()} for a connection from {@code c.remote()}. */
    default void connectionAccepted(Connection c) {
    }

    /** A connection over {@link HttpServerConfig#maxConnections()}: closed at once, descriptor {@code fd}. */
    default void connectionRefused(int fd, int active) {
    }

    /** A request head was read (the {@code n}-th on the connection, from 1). */
    default void requestReceived(Connection c, int n, RequestHead head) {
    }

    /** A request the server refuses (400, 414, 431, 501, 505...); the response follows, then the close. */
    default void requestRejected(Connection c, HttpRequestException e) {
    }

    /** The response head was written: its status and the text of the head (CRLFs included). */
    default void responseHeadSent(Connection c, int status, String head) {
    }

    /** The response body was written: {@code bytes} octets (0 for HEAD, 304 ...). */
    default void bodySent(Connection c, long bytes) {
    }

    /** One request done: the access log's line. */
    default void requestCompleted(AccessLogEntry entry) {
    }

    /** The connection ends after {@code requests} requests; {@link CloseReason#serverClosesFirst()} says who closed first. */
    default void connectionClosing(Connection c, CloseReason reason, int requests) {
    }

    /** The default: nothing. */
    HttpServerListener NONE = new HttpServerListener() {
    };
}
