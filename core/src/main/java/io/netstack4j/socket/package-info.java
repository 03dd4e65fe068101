/**
 * What every kind of socket shares: the POSIX-style error numbers ({@link io.netstack4j.socket.Errno})
 * and the exception that carries them ({@link io.netstack4j.socket.SocketException}). The protocol
 * engines live in the sub-packages ({@code udp}, {@code dns}, and {@code tcp} later); they are pure
 * protocol code, used only on the thread that owns the stack. The application-facing library is
 * {@link io.netstack4j.api}.
 */
package io.netstack4j.socket;
