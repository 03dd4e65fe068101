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
 * <p>Packets travel in {@link io.netstack4j.buffer.PacketBuffer}s from the stack's pool. A frame is
 * read into one and each layer strips its header in place (an {@link io.netstack4j.wire.Ipv4Packet}
 * view, addresses as 32-bit values); a transport ({@link io.netstack4j.iface.IpProtocolHandler})
 * keeps or releases the buffer. On the way out a transport writes its segment into a buffer from
 * {@link io.netstack4j.iface.NetworkLayer#allocate()} and the IPv4 and Ethernet headers are pushed
 * into the headroom in front of it, so a datagram is copied at most once between its sender and the
 * {@link io.netstack4j.iface.FrameSink}.
 *
 * <p>Every queue and cache is bounded, and every frame that does not make it is counted under a
 * {@link io.netstack4j.stats.DropReason} in the {@link io.netstack4j.stats.DropCounters} of the
 * layer that dropped it ({@link io.netstack4j.iface.StackStats}).
 */
package io.netstack4j.iface;
