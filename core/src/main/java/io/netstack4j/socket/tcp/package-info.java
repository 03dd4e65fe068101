/**
 * TCP (RFC 9293) lands here: the connection state machine, its sender and receiver, timers and
 * congestion control (docs/ARCHITECTURE.md, "Adding a transport"). Today it holds the piece every
 * other part builds on, {@link io.netstack4j.socket.tcp.SeqNumber}: sequence-number arithmetic
 * modulo 2^32.
 *
 * <p>Pure protocol code, as the rest of {@code socket}: no threads, no locks, no clock reads.
 */
package io.netstack4j.socket.tcp;
