package io.netstack4j.api;

/**
 * Socket options for {@link Sockets#setOption} and {@link Sockets#getOption}, as the BSD names.
 * Boolean options take 1 or 0.
 */
public enum SocketOption {
    /** Disable the Nagle algorithm: send partial segments at once (RFC 1122 §4.2.3.4). */
    TCP_NODELAY,
    /** The receive buffer's size in bytes (before the connection is established). */
    SO_RCVBUF,
    /** The send buffer's size in bytes (before the first write). */
    SO_SNDBUF,
    /** Keep-alive probes on an idle connection (RFC 1122 §4.2.3.6). */
    SO_KEEPALIVE,
    /** Seconds {@code close} lingers; -1 off; 0 makes close an abort (RST). */
    SO_LINGER,
    /** Bind a port that other sockets use (not one a listener holds). */
    SO_REUSEADDR,
    /** Seconds a connection is idle before the first keep-alive probe (Linux's TCP_KEEPIDLE; 7,200). */
    TCP_KEEPIDLE,
    /** Seconds between unanswered keep-alive probes (TCP_KEEPINTVL; 75). */
    TCP_KEEPINTVL,
    /** Unanswered probes before the connection is dropped with ETIMEDOUT (TCP_KEEPCNT; 9). */
    TCP_KEEPCNT
}
