package io.netstack4j.api;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A host runs the transports it is given; sockets come from the transport of their type. */
class NetStackTransportTest {
    private static StackConfig config() {
        return StackConfig.builder("h").mac(MacAddress.locallyAdministered(0x77)).address("198.51.100.7/24").build();
    }

    @Test
    void aGivenTransportMakesTheSocketsOfItsType() throws Exception {
        UdpTransport udp = new UdpTransport(UdpConfig.DEFAULT.withReceiveQueue(7, 7000));
        try (NetStack host = NetStack.builder(config(), new VirtualLan(1).attach("h")).transport(udp).start()) {
            assertEquals(2, host.transports().size(), "the given UDP and the default TCP");
            assertSame(udp, host.transports().getFirst());
            assertSame(udp, host.transport(SocketType.DGRAM));
            assertSame(udp.layer(), host.udp());
            int fd = host.sockets().socket(SocketType.DGRAM);
            assertEquals(7000, host.sockets().table().getFirst().rxCapacity(), "the given transport's limits");
            host.sockets().close(fd);
            // Without a STREAM transport given, TCP is added with its defaults.
            assertSame(host.tcp(), ((TcpTransport) host.transport(SocketType.STREAM)).layer());
            int s = host.sockets().socket(SocketType.STREAM);
            assertEquals("tcp", host.sockets().table().getFirst().protocol());
            host.sockets().close(s);
        }
    }

    @Test
    void withoutADatagramTransportUdpIsAddedAndOneTransportPerTypeIsAllowed() {
        try (NetStack host = NetStack.builder(config(), new VirtualLan(1).attach("h")).start()) {
            assertEquals("udp", host.transports().getFirst().name());
        }
        NetStack.Builder b = NetStack.builder(config(), new VirtualLan(1).attach("h"))
                .transport(new UdpTransport(UdpConfig.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> b.transport(new UdpTransport(UdpConfig.DEFAULT)));
    }
}
