/**
 * The network interface of a host: the LAN driver (Ethernet in and out), ARP (RFC 826) with its
 * neighbor cache, IPv4 (RFC 791, RFC 1122) with routing, fragmentation and reassembly, and ICMP
 * (RFC 792) with the echo responder and error reporting.
 *
 * <p>{@link io.netstack4j.iface.Stack} is the facade. Everything here is pure protocol code: no
 * threads, no locks, no clock reads. Time arrives as {@code long nowNanos}; {@code Stack.poll}
 * runs due timers and returns the next deadline. One thread owns a stack (see
 * {@link io.netstack4j.runtime.StackLoop}), or a simulation drives several in virtual time
 * (see {@link io.netstack4j.runtime.Simulation}).
 *
 * <p>Frames leave through a {@link io.netstack4j.iface.FrameSink}. On the way out the payload is
 * written once, at {@link io.netstack4j.iface.Stack#PAYLOAD_OFFSET} of a reusable transmit buffer,
 * and the IPv4 and Ethernet headers are written in front of it (header space reserved up front),
 * so a datagram is copied at most once between its sender and the sink.
 *
 * <p>Every queue and cache is bounded, and every frame that does not make it is counted under a
 * {@link io.netstack4j.stats.DropReason} in the {@link io.netstack4j.stats.DropCounters} of the
 * layer that dropped it ({@link io.netstack4j.iface.StackStats}).
 */
package io.netstack4j.iface;
