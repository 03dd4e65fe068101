package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Repr;

/**
 * A datagram waiting for ARP to resolve its next hop: its header (identification already taken)
 * and a private copy of its payload ({@code ip.payloadLength()} bytes).
 */
record PendingPacket(Ipv4Repr ip, byte[] payload) {
}
