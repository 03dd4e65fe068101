/**
 * An IPv4 router for the in-process network (RFC 1812): {@link io.netstack4j.route.Router} joins
 * two or more links, each through a {@link io.netstack4j.iface.Stack} of its own (its MAC,
 * address, ARP cache, ICMP echo responder) whose {@link io.netstack4j.iface.Forwarder} hook hands it
 * the datagrams addressed to other hosts. {@code Forwarding} checks them (RFC 1812 §5.2.2, §5.3.4,
 * §5.3.7), looks the destination up in the {@link io.netstack4j.route.RouteTable} (connected
 * routes and static ones, longest prefix first), decrements the TTL with an incremental checksum
 * update (RFC 1624), fragments for a smaller outgoing MTU ({@code ForwardFragmenter}, RFC 791), and
 * sends through the outgoing interface's ARP; {@code RouterIcmp} sends Time Exceeded, Destination
 * Unreachable and Fragmentation Needed (RFC 792, RFC 1191), rate-limited. Everything is counted in
 * {@link io.netstack4j.route.RouterStats}.
 *
 * <p>Pure protocol code like {@code iface}: no threads, no clock reads, no locks. All the
 * interfaces of one router belong to one thread: a {@link io.netstack4j.runtime.Simulation} (each
 * interface added as a host, {@link io.netstack4j.route.Router#addTo}) or one
 * {@link io.netstack4j.runtime.StackLoop} driving every interface.
 */
package io.netstack4j.route;
