/**
 * TCP (RFC 9293) lands here: the connection state machine, its sender and receiver, timers and
 * congestion control (docs/ARCHITECTURE.md, "Adding a transport"). Today it holds the piece every
 * other part builds on, {@link io.netstack4j.socket.tcp.SeqNumber}: sequence-number arithmetic
 * modulo 2^32; and the connection-independent algorithms: {@link io.netstack4j.socket.tcp.RttEstimator}
 * (RFC 6298), {@link io.netstack4j.socket.tcp.CongestionControl} with
 * {@link io.netstack4j.socket.tcp.NewReno} (RFC 5681, RFC 6582), {@link io.netstack4j.socket.tcp.IsnGenerator}
 * (RFC 6528) and {@link io.netstack4j.socket.tcp.SynCookies} (RFC 4987).
 *
 * <p>Pure protocol code, as the rest of {@code socket}: no threads, no locks, no clock reads.
 */
package io.netstack4j.socket.tcp;
