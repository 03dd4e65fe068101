package io.netstack4j.api;

import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpLayer;

import java.util.Objects;

/** UDP (RFC 768) as a host's datagram transport: {@link SocketType#DGRAM} sockets over a {@link UdpLayer}. */
public final class UdpTransport extends Transport {
    private final UdpConfig config;
    private UdpLayer layer;

    public UdpTransport(UdpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public SocketType socketType() {
        return SocketType.DGRAM;
    }

    @Override
    public String name() {
        return "udp";
    }

    /** The UDP layer, once installed; loop thread only. */
    public UdpLayer layer() {
        if (layer == null) {
            throw new IllegalStateException("UDP is not installed on a host yet");
        }
        return layer;
    }

    @Override
    void install(NetStack host) {
        if (layer != null) {
            throw new IllegalStateException("a UdpTransport serves one host");
        }
        layer = UdpLayer.install(host.stack(), config, host.random());
        // Datagrams that application threads put in send rings wake the loop without a task.
        layer.outputWaker(host.loop()::wakeIfParked);
    }

    @Override
    SocketImpl openSocket() {
        return new UdpSocketImpl(layer.open());
    }
}
