package io.netstack4j.api;

/**
 * What {@link Sockets#recvfrom} returns.
 *
 * @param length bytes copied into the caller's buffer (a datagram longer than the buffer is
 *               truncated and the rest discarded, as POSIX says for datagram sockets)
 * @param from   the sender
 */
public record RecvResult(int length, SocketAddress4 from) {
}
