package io.netstack4j.api;

/** The kind of socket {@link Sockets#socket} creates. */
public enum SocketType {
    /** UDP: datagrams (POSIX {@code SOCK_DGRAM}). */
    DGRAM,
    /** TCP: a byte stream (POSIX {@code SOCK_STREAM}). */
    STREAM
}
