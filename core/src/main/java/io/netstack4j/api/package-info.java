/**
 * The Socket library: what applications call. {@link io.netstack4j.api.NetStack} is a running host
 * (a stack, its loop thread, UDP); {@link io.netstack4j.api.Sockets} is the descriptor API (ints
 * name sockets, errors are {@link io.netstack4j.socket.Errno}s); {@link io.netstack4j.api.UdpSocket}
 * is the Java handle over it.
 *
 * <p>For code written against the JDK's sockets: {@link io.netstack4j.api.NetStackSocketFactory} is a
 * {@code javax.net.SocketFactory} whose sockets are ordinary {@code java.net.Socket}s
 * ({@link io.netstack4j.api.NetStackSocket}, over the {@code java.net.SocketImpl}
 * {@code NetStackSocketImpl}) running on the stack's TCP, and
 * {@link io.netstack4j.api.NetStackDns} resolves names into {@code InetAddress}es with the stack's
 * {@link io.netstack4j.api.Resolver}: together they let a library such as OkHttp run over the stack
 * unmodified.
 *
 * <p>Threads are allowed here. Application threads never touch protocol state: each call posts a
 * task to the stack's loop thread and waits on a future that the loop completes, at once or when
 * the socket becomes ready (or its timeout, kept by the loop's clock, expires).
 */
package io.netstack4j.api;
