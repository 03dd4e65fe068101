/**
 * UDP (RFC 768) over the stack's IPv4: {@link io.netstack4j.socket.udp.UdpLayer} is the protocol
 * handler for IP protocol 17 (demultiplexing, checksums, ICMP port unreachable, ICMP errors back to
 * their sender) and {@link io.netstack4j.socket.udp.UdpEndpoint} is one socket's control block (its
 * addresses, a bounded receive queue, a pending error).
 *
 * <p>Pure protocol code: no threads, no locks, no clock reads; everything is called on the thread
 * that owns the {@link io.netstack4j.iface.Stack}, with the time as an argument. The blocking
 * descriptor API built on it is {@link io.netstack4j.api.Sockets}.
 */
package io.netstack4j.socket.udp;
