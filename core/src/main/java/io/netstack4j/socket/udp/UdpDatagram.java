package io.netstack4j.socket.udp;

import io.netstack4j.wire.Ipv4Address;

import java.util.Arrays;
import java.util.Objects;

/**
 * One received datagram, as it sits in an endpoint's receive queue.
 *
 * @param source          the sender's address
 * @param sourcePort      the sender's port (0: the sender expects no reply, RFC 768)
 * @param destination     the address it was sent to (one of ours, or a broadcast address)
 * @param destinationPort our port
 * @param data            the payload (owned by the datagram; not copied again)
 */
public record UdpDatagram(Ipv4Address source, int sourcePort, Ipv4Address destination, int destinationPort,
                          byte[] data) {
    public UdpDatagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(data, "data");
    }

    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpDatagram d && sourcePort == d.sourcePort && destinationPort == d.destinationPort
                && source.equals(d.source) && destination.equals(d.destination) && Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, sourcePort, destination, destinationPort, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "UdpDatagram[" + source + ":" + sourcePort + " > " + destination + ":" + destinationPort
                + ", " + data.length + " bytes]";
    }
}
