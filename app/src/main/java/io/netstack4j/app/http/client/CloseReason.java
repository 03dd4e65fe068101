package io.netstack4j.app.http.client;

/** Why the client closed a connection ({@link HttpClient.Listener#connectionClosed}). */
public enum CloseReason {
    /** The response asked for it ({@code Connection: close}, or HTTP/1.0 without keep-alive; RFC 9112 §9.6). */
    SERVER_ASKED,
    /** The body ran until the server closed (no Content-Length, not chunked; RFC 9112 §6.3 step 8). */
    BODY_UNTIL_CLOSE,
    /** The request said {@code Connection: close}. */
    CLIENT_ASKED,
    /** A pooled connection the server had closed (or sent unasked data on) while it was idle. */
    STALE,
    /** Idle in the pool longer than {@link HttpClient.Builder#idleTimeout}. */
    IDLE_TIMEOUT,
    /** The pool was full. */
    POOL_FULL,
    /** The caller closed the response before its body ended. */
    BODY_ABANDONED,
    /** A read, write or parse failed. */
    ERROR,
    /** The total timeout passed. */
    TIMEOUT,
    /** The client itself was closed. */
    CLIENT_CLOSED
}
